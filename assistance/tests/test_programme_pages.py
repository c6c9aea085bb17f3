"""Pages, API and ledgers of the housing ledger and the insurance checks: scope, roles, actions."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from assistance.models import HousingProblem
from assistance.services import housing as services
from households.choices import HouseholdFlagKind
from households.models import HouseholdFlag
from households.tests.factories import HouseholdFactory, MemberFactory
from ledgers.registry import LEDGERS, Filters

DAY = datetime.date(2026, 3, 1)
S = HousingProblem.Status


@pytest.fixture
def problem(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"], head_name="王五")
    return services.housing_problem_open(
        household=household, by=cadre_a, found_on=DAY, description="墙体开裂"
    )


@pytest.fixture
def problem_b(regions, cadre_b):
    household = HouseholdFactory(village=regions["village_b"], head_name="赵六")
    return services.housing_problem_open(
        household=household, by=cadre_b, found_on=DAY, description="屋顶漏雨"
    )


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG")
    return SimpleUploadedFile("fix.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_list_is_scoped_and_filters(problem, problem_b, cadre_a, township_user, client_for):
    body = client_for(cadre_a).get(reverse("assistance:housing_list")).content.decode()
    assert "王五" in body and "赵六" not in body
    client = client_for(township_user)
    body = client.get(
        reverse("assistance:housing_list"), {"village": problem_b.household.village.code}
    ).content
    assert "赵六" in body.decode() and "王五" not in body.decode()


def test_detail_of_another_village_is_404_and_nobody_403(problem, cadre_b, nobody, client_for):
    assert client_for(cadre_b).get(reverse("assistance:housing", args=[problem.pk])).status_code == 404
    assert client_for(nobody).get(reverse("assistance:housing_list")).status_code == 403


def test_page_workflow_from_open_to_struck_off(regions, cadre_a, township_user, client_for):
    household = HouseholdFactory(village=regions["village_a"])
    client = client_for(cadre_a)
    response = client.post(
        reverse("assistance:housing_add"),
        {"household": household.number, "found_on": "2026-03-01", "description": "危房", "grade": "D"},
    )
    problem = HousingProblem.objects.get()
    assert response.status_code == 302 and problem.grade == "D"
    body = client.get(reverse("assistance:housing", args=[problem.pk])).content.decode()
    assert reverse("assistance:housing_assign", args=[problem.pk]) in body
    assert reverse("assistance:housing_strike_off", args=[problem.pk]) not in body
    client.post(reverse("assistance:housing_assign", args=[problem.pk]), {"assigned_unit": "乡建设环保办"})
    # No photo: refused on the form, the note typed is kept.
    response = client.post(
        reverse("assistance:housing_report_fixed", args=[problem.pk]),
        {"fixed_on": "2026-03-05", "fix_note": "已加固"},
    )
    assert response.status_code == 200 and "请上传整改照片" in response.content.decode()
    response = client.post(
        reverse("assistance:housing_report_fixed", args=[problem.pk]),
        {"fixed_on": "2026-03-05", "fix_note": "已加固", "photos": [jpeg()]},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == S.AWAITING
    # The village cadre may not strike off: 403.
    url = reverse("assistance:housing_strike_off", args=[problem.pk])
    assert client.post(url, {"verify_note": "自己核验"}).status_code == 403
    response = client_for(township_user).post(url, {"verify_note": "现场核验通过"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == S.STRUCK_OFF


def test_strike_off_page_before_verification_is_refused(problem, township_user, client_for):
    url = reverse("assistance:housing_strike_off", args=[problem.pk])
    response = client_for(township_user).post(url, {"verify_note": "x"})
    assert response.status_code == 200 and "不能进行此操作" in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == S.REGISTERED


def test_add_refuses_a_household_of_another_village(problem_b, cadre_a, client_for):
    response = client_for(cadre_a).post(
        reverse("assistance:housing_add"),
        {"household": problem_b.household.number, "found_on": "2026-03-01", "description": "x"},
    )
    assert response.status_code == 200 and HousingProblem.objects.count() == 1


def test_api_lists_problems_in_scope(problem, problem_b, cadre_a, nobody):
    client = APIClient()
    client.force_authenticate(cadre_a)
    rows = client.get("/api/v1/housing-problems/").json()["results"]
    assert [r["id"] for r in rows] == [problem.pk]
    assert client.get(f"/api/v1/housing-problems/{problem_b.pk}/").status_code == 404
    # The common REST base scopes a user without a role to nothing; anonymous callers are refused.
    client.force_authenticate(nobody)
    assert client.get("/api/v1/housing-problems/").json()["results"] == []
    assert APIClient().get("/api/v1/housing-problems/").status_code in (401, 403)


def test_housing_ledger_is_scoped(problem, problem_b, cadre_a, county_user):
    ledger = LEDGERS["housing_problems"]
    assert set(ledger.rows_for(cadre_a, Filters()).values_list("pk", flat=True)) == {problem.pk}
    assert ledger.rows_for(county_user, Filters()).count() == 2


@pytest.fixture
def insurance_register(regions):
    """village_a: a 脱贫户 with a 40-year-old without 养老保险, a 70-year-old without it (too old),
    a 17-year-old in school without it, one 未参保 for 医保; village_b: one without 养老保险."""
    poor = HouseholdFactory(village=regions["village_a"])
    HouseholdFlag.objects.create(household=poor, kind=HouseholdFlagKind.FORMER_POOR, exit_year=2019)
    MemberFactory(household=poor, name="缺养老", birth_date=datetime.date(1986, 1, 1))
    MemberFactory(household=poor, name="老人", relationship="配偶", birth_date=datetime.date(1950, 1, 1))
    MemberFactory(
        household=poor,
        name="学生",
        relationship="之子",
        birth_date=datetime.date(2009, 1, 1),
        education="",
        school_status="普通高中二年级",
    )
    MemberFactory(
        household=poor,
        name="缺医保",
        relationship="之女",
        birth_date=datetime.date(1950, 1, 1),
        medical_insurance="未参保",
    )
    MemberFactory(household=poor, name="已参保", relationship="之孙子", pension_insurance=True)
    other = HouseholdFactory(village=regions["village_b"])
    HouseholdFlag.objects.create(household=other, kind=HouseholdFlagKind.FORMER_POOR, exit_year=2019)
    MemberFactory(household=other, name="外村缺养老")
    # Not monitored, not 脱贫: never listed.
    MemberFactory(household=HouseholdFactory(village=regions["village_a"]), name="一般户")


def test_insurance_gaps_lists_the_working_age_and_the_uninsured(insurance_register, regions, township_user):
    from django.utils import timezone

    from assistance.insurance import insurance_gaps
    from households.models import Member

    on = timezone.localdate()

    def names(kind):
        return set(insurance_gaps(Member.objects.all(), on, kind=kind).values_list("name", flat=True))

    assert names("pension") == {"缺养老", "外村缺养老"}
    assert names("medical") == {"缺医保"}
    assert names("") == {"缺养老", "外村缺养老", "缺医保"}
    ledger = LEDGERS["insurance_gaps"]
    rows = ledger.rows_for(township_user, Filters(region=regions["village_a"]))
    assert set(rows.values_list("name", flat=True)) == {"缺养老", "缺医保"}


def test_insurance_page_for_township_and_county_only(insurance_register, township_user, cadre_a, client_for):
    body = client_for(township_user).get(reverse("assistance:insurance")).content.decode()
    assert "缺养老" in body and "缺医保" in body and "一般户" not in body and "老人" not in body
    assert client_for(cadre_a).get(reverse("assistance:insurance")).status_code == 403


def test_both_ledgers_export_their_cells(insurance_register, problem, county_user):
    housing = LEDGERS["housing_problems"]
    rows = list(housing.iter_cells(housing.rows_for(county_user, Filters()), full_ids=False))
    assert len(rows) == 1 and "墙体开裂" in rows[0] and "登记" in rows[0]
    gaps = LEDGERS["insurance_gaps"]
    rows = list(gaps.iter_cells(gaps.rows_for(county_user, Filters()), full_ids=False))
    assert len(rows) == 3
    assert any("缺医保" in row and "未参保" in row for row in rows)
