import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ledgers.registry import LEDGERS, Filters
from microcredit import services
from microcredit.models import Loan


@pytest.fixture(autouse=True)
def frozen():
    at = datetime.datetime(2026, 2, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(at, tick=False) as traveller:
        yield traveller


@pytest.fixture
def loan_a(make_loan):
    return make_loan(issued_on=datetime.date(2026, 1, 10))


@pytest.fixture
def loan_b(make_loan, regions):
    return make_loan(regions["village_b"], issued_on=datetime.date(2026, 1, 10), bank="中国邮政储蓄银行")


def body(response):
    return response.content.decode()


def test_list_is_scoped_and_filters_by_bank_and_overdue(client_for, loan_a, loan_b, cadre_a, township_user):
    page = body(client_for(cadre_a).get(reverse("microcredit:loan_list")))
    assert loan_a.borrower.name in page and loan_b.borrower.name not in page
    client = client_for(township_user)
    page = body(client.get(reverse("microcredit:loan_list")))
    assert loan_a.borrower.name in page and loan_b.borrower.name in page
    page = body(client.get(reverse("microcredit:loan_list"), {"bank": "邮政"}))
    assert loan_a.borrower.name not in page and loan_b.borrower.name in page
    Loan.objects.filter(pk=loan_a.pk).update(
        status=Loan.Status.OVERDUE, overdue_since=datetime.date(2026, 1, 20)
    )
    page = body(client.get(reverse("microcredit:loan_list"), {"overdue": "on"}))
    assert loan_a.borrower.name in page and loan_b.borrower.name not in page
    assert "逾期 12 天" in page


def test_list_queries_do_not_grow_with_rows(
    client_for, make_loan, township_user, django_assert_max_num_queries
):
    for _ in range(3):
        make_loan(issued_on=datetime.date(2026, 1, 10))
    client = client_for(township_user)
    client.get(reverse("microcredit:loan_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("microcredit:loan_list"))
    for _ in range(5):
        make_loan(issued_on=datetime.date(2026, 1, 10))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("microcredit:loan_list"))


@pytest.mark.parametrize("name", ["microcredit:loan_list", "microcredit:loan_add"])
def test_pages_refuse_roles_without_the_register(client_for, department_user, nobody, name):
    for user in (department_user, nobody):
        assert client_for(user).get(reverse(name)).status_code == 403


def test_only_village_cadres_register(client_for, township_user, county_user, viewer):
    for user in (township_user, county_user, viewer):
        assert client_for(user).get(reverse("microcredit:loan_add")).status_code == 403


def test_register_page_refuses_an_ineligible_household_and_keeps_the_input(
    client_for, cadre_a, make_borrower
):
    borrower = make_borrower(former_poor=False)
    response = client_for(cadre_a).post(
        reverse("microcredit:loan_add"),
        {
            "borrower": borrower.person_id, "bank": "丰都农村商业银行", "amount": "30000", "term_months": "36",
            "annual_rate": "3.45", "subsidy_rate": "3.45", "method": "quarterly", "purpose": "养牛",
            "applied_on": "2026-01-20",
        },
    )  # fmt: skip
    assert response.status_code == 200
    page = body(response)
    assert "该户既不是脱贫户也不是监测对象" in page and 'value="养牛"' in page
    assert not Loan.objects.exists()


def test_register_page_creates_a_loan(client_for, cadre_a, make_borrower):
    borrower = make_borrower()
    response = client_for(cadre_a).post(
        reverse("microcredit:loan_add"),
        {
            "borrower": borrower.person_id, "bank": "丰都农村商业银行", "amount": "30000", "term_months": "36",
            "annual_rate": "3.45", "subsidy_rate": "3.45", "method": "quarterly", "purpose": "养牛",
            "applied_on": "2026-01-20",
        },
    )  # fmt: skip
    loan = Loan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("microcredit:loan", args=[loan.pk])


def test_detail_other_village_404_wrong_role_403(client_for, loan_a, cadre_b, department_user):
    url = reverse("microcredit:loan", args=[loan_a.pk])
    assert client_for(cadre_b).get(url).status_code == 404
    assert client_for(department_user).get(url).status_code == 403


def test_detail_masks_the_borrower_id_for_the_township(client_for, loan_a, cadre_a, township_user):
    number = loan_a.borrower.id_number
    assert number in body(client_for(cadre_a).get(reverse("microcredit:loan", args=[loan_a.pk])))
    page = body(client_for(township_user).get(reverse("microcredit:loan", args=[loan_a.pk])))
    assert number not in page and number[:6] + "********" + number[-4:] in page
    assert "543.75" in page  # the schedule


def test_actions_through_the_page(client_for, loan_a, cadre_a, cadre_b, township_user):
    repay = reverse("microcredit:loan_repay", args=[loan_a.pk])
    data = {"paid_on": "2026-02-01", "principal": "0", "interest": "100"}
    assert client_for(cadre_b).post(repay, data).status_code == 404
    assert client_for(township_user).post(repay, data).status_code == 403
    response = client_for(cadre_a).post(repay, {**data, "interest": "99999"})
    assert response.status_code == 200 and "还款利息超过应还利息" in body(response)
    assert client_for(cadre_a).post(repay, data).status_code == 302
    assert Loan.objects.get(pk=loan_a.pk).interest_repaid == Decimal(100)
    extend = reverse("microcredit:loan_extend", args=[loan_a.pk])
    response = client_for(township_user).post(extend, {"new_due_on": "2026-12-01", "reason": "受灾"})
    assert "展期后到期日期须晚于原到期日期" in body(response)
    assert 'value="受灾"' in body(response) or "受灾</textarea>" in body(response)


def test_api_is_scoped_and_masks(api_for, loan_a, loan_b, cadre_a, viewer):
    data = api_for(cadre_a).get("/api/v1/loans/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["id"] for r in rows] == [loan_a.pk]
    assert rows[0]["borrower_id_number"] == loan_a.borrower.id_number
    assert api_for(cadre_a).get(f"/api/v1/loans/{loan_b.pk}/").status_code == 404
    data = api_for(viewer).get("/api/v1/loans/", {"bank": "邮政"}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["id"] for r in rows] == [loan_b.pk]
    assert rows[0]["borrower_id_number"] != loan_b.borrower.id_number
    assert rows[0]["borrower_id_number"].endswith(loan_b.borrower.id_number[-4:])


def test_ledger_columns_and_masking(loan_a, viewer, county_user, cadre_a):
    ledger = LEDGERS["microcredit"]
    headers = [str(c.header) for c in ledger.columns]
    assert headers == [
        "乡镇（街道）", "村（社区）", "户编号", "借款人", "身份证号", "贷款银行", "贷款金额（元）", "发放日期",
        "到期日期", "期限（月）", "年利率", "贴息利率", "贴息金额（元）", "贷款用途", "已还本金（元）",
        "已还利息（元）", "还款情况", "逾期天数", "是否展期", "状态",
    ]  # fmt: skip
    services.loan_repay(loan=loan_a, by=cadre_a, paid_on=datetime.date(2026, 2, 1), principal=Decimal(1000))
    Loan.objects.filter(pk=loan_a.pk).update(
        status=Loan.Status.OVERDUE, overdue_since=datetime.date(2026, 1, 22)
    )
    (row,) = ledger.iter_cells(ledger.rows_for(county_user, Filters()), full_ids=True)
    cells = dict(zip(headers, row, strict=False))
    assert cells["借款人"] == loan_a.borrower.name and cells["身份证号"] == loan_a.borrower.id_number
    assert (cells["贷款金额（元）"], cells["期限（月）"], cells["年利率"]) == (50000.0, 12, "4.35%")
    assert (cells["还款情况"], cells["逾期天数"], cells["是否展期"]) == ("逾期，已还本金1,000.00元", 10, "否")
    (masked,) = ledger.iter_cells(ledger.rows_for(viewer, Filters()), full_ids=False)
    assert masked[4] != loan_a.borrower.id_number and masked[4].endswith(loan_a.borrower.id_number[-4:])


def test_history_shows_yes_no_and_choice_labels_not_python_values(client_for, loan_a, cadre_a):
    loan_a.extended = True
    loan_a.status = Loan.Status.OVERDUE
    loan_a.save()
    page = body(client_for(cadre_a).get(reverse("microcredit:loan", args=[loan_a.pk])))
    assert "False → True" not in page and "否 → 是" in page
    assert "→ overdue" not in page and f"→ {Loan.Status.OVERDUE.label}" in page


def test_cancel_asks_for_confirmation(client_for, make_loan, cadre_a):
    loan = make_loan()
    page = body(client_for(cadre_a).get(reverse("microcredit:loan", args=[loan.pk])))
    cancel = reverse("microcredit:loan_cancel", args=[loan.pk])
    form = re.search(rf'<form[^>]*action="{cancel}"[^>]*>', page)
    assert form and "data-confirm=" in form.group(0)


def test_overdue_loans_are_counted_on_the_home_page(client_for, cadre_a, loan_a):
    assert "小额信贷逾期" not in client_for(cadre_a).get(reverse("home")).content.decode()
    Loan.objects.filter(pk=loan_a.pk).update(status=Loan.Status.OVERDUE)
    html = client_for(cadre_a).get(reverse("home")).content.decode()
    assert "小额信贷逾期" in html and "/microcredit/?overdue=true" in html
