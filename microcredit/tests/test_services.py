import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from common.errors import ServiceError
from common.models import Notification, PolicySetting
from microcredit import services
from microcredit.models import Extension, Loan
from monitoring.models import Case

from .conftest import TERMS


def local(y, m, d):
    return datetime.datetime(y, m, d, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(local(2026, 1, 10), tick=False) as traveller:
        yield traveller


def register(borrower, by, **terms):
    return services.loan_register(
        borrower=borrower, by=by, applied_on=datetime.date(2026, 1, 5), **{**TERMS, **terms}
    )


def test_a_former_poor_household_registers_a_pending_loan(make_borrower, cadre_a):
    loan = register(make_borrower(), cadre_a)
    assert loan.status == Loan.Status.PENDING
    assert loan.household == loan.borrower.household
    assert loan.history.count() == 1


def test_a_household_neither_former_poor_nor_monitored_is_refused_in_chinese(make_borrower, cadre_a):
    with pytest.raises(ServiceError) as refused:
        register(make_borrower(former_poor=False), cadre_a)
    assert refused.value.message == "该户既不是脱贫户也不是监测对象，不能享受扶贫小额信贷。"
    assert not Loan.objects.exists()


def test_a_monitored_household_is_eligible(make_borrower, cadre_a, regions):
    borrower = make_borrower(former_poor=False)
    Case.objects.create(
        household=borrower.household, village=regions["village_a"], category="边缘易致贫户",
        channel="干部走访排查", status=Case.Status.MONITORED, step=0, found_on=datetime.date(2025, 6, 1),
        deadline=datetime.date(2025, 6, 16), enrolled_on=datetime.date(2025, 6, 10), created_by=cadre_a,
    )  # fmt: skip
    assert register(borrower, cadre_a).status == Loan.Status.PENDING


@pytest.mark.parametrize(
    ("terms", "born", "message"),
    [
        ({}, datetime.date(1960, 1, 1), "借款人须年满18周岁且不超过65周岁。"),
        ({}, datetime.date(2008, 1, 6), "借款人须年满18周岁且不超过65周岁。"),
        ({"amount": Decimal("50000.01")}, None, "贷款金额须大于0且不超过50,000元。"),
        ({"term_months": 37}, None, "贷款期限须在1至36个月之间。"),
        ({"subsidy_rate": Decimal("5")}, None, "贴息利率不能为负，也不能高于贷款年利率。"),
        ({"bank": " "}, None, "请填写贷款银行。"),
    ],
)
def test_terms_are_checked(make_borrower, cadre_a, terms, born, message):
    borrower = make_borrower(born=born) if born else make_borrower()
    with pytest.raises(ServiceError) as refused:
        register(borrower, cadre_a, **terms)
    assert refused.value.message == message


def test_the_amount_limit_is_a_county_policy(make_borrower, cadre_a, regions):
    PolicySetting.objects.create(key="loan_max_amount", region=regions["county"], value=Decimal(30000))
    with pytest.raises(ServiceError, match="不超过30,000元"):
        register(make_borrower(), cadre_a, amount=Decimal(40000))


def test_one_open_loan_per_household(make_borrower, cadre_a):
    borrower = make_borrower()
    register(borrower, cadre_a)
    with pytest.raises(ServiceError, match="已有未结清的小额信贷"):
        register(borrower, cadre_a)


def test_only_the_village_cadre_of_the_household_registers(make_borrower, cadre_b, township_user):
    borrower = make_borrower()
    for user in (cadre_b, township_user):
        with pytest.raises(PermissionDenied):
            register(borrower, user)


def test_issue_writes_the_schedule_due_date_and_subsidy(make_loan):
    loan = make_loan(issued_on=datetime.date(2026, 1, 10))
    assert loan.status == Loan.Status.NORMAL
    assert loan.due_on == datetime.date(2027, 1, 10)
    assert list(loan.instalments.values_list("interest", flat=True)) == [
        Decimal("543.75"), Decimal("549.79"), Decimal("555.83"), Decimal("555.83"),
    ]  # fmt: skip
    assert loan.subsidy_amount == Decimal("2205.20")


def test_issue_date_before_registration_is_refused(make_loan, cadre_a):
    loan = make_loan()
    with pytest.raises(ServiceError, match="发放日期须不早于登记日期"):
        services.loan_issue(loan=loan, by=cadre_a, issued_on=datetime.date(2026, 1, 4))
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.PENDING


def test_the_township_cannot_issue(make_loan, township_user):
    with pytest.raises(PermissionDenied):
        services.loan_issue(loan=make_loan(), by=township_user, issued_on=datetime.date(2026, 1, 10))


def test_repayments_fill_the_earliest_instalments_and_settle(make_loan, cadre_a, frozen):
    loan = make_loan(issued_on=datetime.date(2026, 1, 10))
    frozen.move_to(local(2026, 4, 10))
    services.loan_repay(loan=loan, by=cadre_a, paid_on=datetime.date(2026, 4, 10), interest=Decimal("600"))
    first, second = loan.instalments.all()[:2]
    assert (first.paid_interest, second.paid_interest) == (Decimal("543.75"), Decimal("56.25"))
    assert loan.status == Loan.Status.NORMAL and loan.interest_repaid == Decimal(600)
    with pytest.raises(ServiceError, match="还款本金超过未还本金"):
        services.loan_repay(
            loan=loan, by=cadre_a, paid_on=datetime.date(2026, 4, 10), principal=Decimal(50001)
        )
    frozen.move_to(local(2027, 1, 10))
    services.loan_repay(
        loan=loan, by=cadre_a, paid_on=datetime.date(2027, 1, 10), principal=Decimal(50000),
        interest=Decimal("2205.20") - Decimal(600),
    )  # fmt: skip
    assert loan.status == Loan.Status.SETTLED and loan.settled_on == datetime.date(2027, 1, 10)
    assert Loan.objects.get(pk=loan.pk).principal_repaid == Decimal(50000)


def test_overdue_alerts_village_then_township_once(make_loan, cadre_a, township_user, frozen):
    loan = make_loan(issued_on=datetime.date(2026, 1, 10))
    frozen.move_to(local(2026, 4, 10))  # due today: not overdue yet
    assert services.loans_check_overdue() == 0
    frozen.move_to(local(2026, 4, 11))
    assert services.loans_check_overdue() == 1
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OVERDUE and loan.overdue_since == datetime.date(2026, 4, 10)
    assert Notification.objects.filter(recipient=cadre_a, kind="loan_overdue").count() == 1
    assert not Notification.objects.filter(recipient=township_user).exists()
    assert services.loans_check_overdue() == 0  # idempotent
    frozen.move_to(local(2026, 5, 9))  # 29 days
    services.loans_check_overdue()
    assert not Notification.objects.filter(recipient=township_user).exists()
    frozen.move_to(local(2026, 5, 10))  # 30 days: the township hears, once
    services.loans_check_overdue()
    services.loans_check_overdue()
    assert Notification.objects.filter(recipient=township_user, kind="loan_overdue").count() == 1
    assert Notification.objects.filter(recipient=cadre_a).count() == 1
    services.loan_repay(loan=loan, by=cadre_a, paid_on=datetime.date(2026, 5, 10), interest=Decimal("543.75"))
    assert loan.status == Loan.Status.NORMAL and loan.overdue_since is None


def test_the_grace_days_are_a_county_policy(make_loan, regions, frozen):
    PolicySetting.objects.create(key="loan_overdue_grace_days", region=regions["county"], value=Decimal(5))
    loan = make_loan(issued_on=datetime.date(2026, 1, 10))
    frozen.move_to(local(2026, 4, 15))
    assert services.loans_check_overdue() == 0
    frozen.move_to(local(2026, 4, 16))
    assert services.loans_check_overdue() == 1
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.OVERDUE


def test_extension_moves_the_principal_once(make_loan, cadre_a, township_user, frozen):
    loan = make_loan(issued_on=datetime.date(2026, 1, 10))
    frozen.move_to(local(2027, 1, 20))
    services.loans_check_overdue()
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OVERDUE
    with pytest.raises(ServiceError, match="展期前须先还清已到期的利息"):
        services.loan_extend(
            loan=loan, by=township_user, new_due_on=datetime.date(2028, 1, 10), reason="受灾"
        )
    services.loan_repay(
        loan=loan, by=cadre_a, paid_on=datetime.date(2027, 1, 20), interest=Decimal("2205.20")
    )
    with pytest.raises(ServiceError, match="展期期限不能超过原贷款期限"):
        services.loan_extend(
            loan=loan, by=township_user, new_due_on=datetime.date(2028, 1, 11), reason="受灾"
        )
    with pytest.raises(ServiceError, match="请填写展期原因"):
        services.loan_extend(loan=loan, by=township_user, new_due_on=datetime.date(2027, 7, 10), reason=" ")
    services.loan_extend(
        loan=loan, by=township_user, new_due_on=datetime.date(2027, 7, 10), reason="养殖受灾"
    )
    loan.refresh_from_db()
    assert (loan.status, loan.due_on, loan.extended, loan.overdue_since) == (
        Loan.Status.EXTENDED, datetime.date(2027, 7, 10), True, None,
    )  # fmt: skip
    rows = list(loan.instalments.values_list("number", "due_on", "principal", "interest"))
    assert rows[3] == (4, datetime.date(2027, 1, 10), Decimal(0), Decimal("555.83"))
    # The extension: 2027-01-10 → 04-10 (90 days), → 07-10 (91 days) on 50,000 at 4.35%.
    assert rows[4:] == [
        (5, datetime.date(2027, 4, 10), Decimal(0), Decimal("543.75")),
        (6, datetime.date(2027, 7, 10), Decimal(50000), Decimal("549.79")),
    ]
    extension = Extension.objects.get(loan=loan)
    assert (extension.old_due_on, extension.reason, extension.created_by) == (
        datetime.date(2027, 1, 10), "养殖受灾", township_user,
    )  # fmt: skip
    assert loan.history.first().history_user == township_user
    assert services.loans_check_overdue() == 0
    with pytest.raises(ServiceError, match="当前状态为“展期”"):
        services.loan_extend(
            loan=loan, by=township_user, new_due_on=datetime.date(2027, 9, 10), reason="再次"
        )
    frozen.move_to(local(2027, 4, 11))  # the extension's first interest unpaid: overdue again
    assert services.loans_check_overdue() == 1
    loan.refresh_from_db()
    with pytest.raises(ServiceError, match="该笔贷款已展期一次，不能再次展期。"):
        services.loan_extend(
            loan=loan, by=township_user, new_due_on=datetime.date(2027, 9, 10), reason="再次"
        )
    services.loan_repay(loan=loan, by=cadre_a, paid_on=datetime.date(2027, 4, 11), interest=Decimal("543.75"))
    assert loan.status == Loan.Status.EXTENDED  # arrears cleared: back to 展期, not 正常


def test_cancel_only_before_issue(make_loan, cadre_a):
    loan = make_loan()
    services.loan_cancel(loan=loan, by=cadre_a, reason="农户放弃")
    assert loan.status == Loan.Status.CANCELLED
    issued = make_loan(issued_on=datetime.date(2026, 1, 10))
    with pytest.raises(ServiceError, match="当前状态为“正常”"):
        services.loan_cancel(loan=issued, by=cadre_a, reason="x")
