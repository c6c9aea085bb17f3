"""The printed public notice (SPEC 4, 9a): name, 村民小组, category and dates only."""

import re

import pytest
from django.urls import reverse

from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.services import case_nominate

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def noticed(regions, cadre_a, walk):
    household = HouseholdFactory(
        village=regions["village_a"], head_name="王大山", group_name="三组", phone="13912345678"
    )
    head = MemberFactory(household=household, name="王大山")
    MemberFactory(
        household=household, name="王小河", relationship="之子", healthy=False, disabled=True,
        disability_category="肢体", disability_grade="二级",
    )  # fmt: skip
    case = case_nominate(
        household=household, by=cadre_a, category="边缘易致贫户", risks=[("因病", ""), ("因残", "")],
        channel="干部走访排查", found_on=TODAY, evidence="住院",
    )  # fmt: skip
    case = walk(case, 4)  # deliberated: the notice runs
    return case, head


def test_notice_shows_name_group_category_and_dates_only(client_for, cadre_a, regions, noticed):
    case, head = noticed
    assert case.notice_start == TODAY
    page = client_for(cadre_a).get(reverse("monitoring:notice", args=[regions["village_a"].pk]))
    html = page.content.decode()
    table = re.search(r"<table.*</table>", html, re.S).group(0)
    for shown in (
        "王大山",
        "三组",
        "边缘易致贫户",
        case.notice_start.isoformat(),
        case.notice_end.isoformat(),
    ):
        assert shown in table
    for hidden in ("因病", "因残", "残疾", "肢体", "风险", "王小河"):
        assert hidden not in table
    for hidden in (head.id_number, head.id_number[-4:], "13912345678", "5678"):
        assert hidden not in html
