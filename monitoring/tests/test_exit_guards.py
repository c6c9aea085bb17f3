"""Exit guards computed from the register (issue 16, item 2): labour read from the members, a
recent visit at nomination and at 县审定, open data-quality findings named in the refusal."""

import datetime

import pytest

from common.errors import ServiceError
from common.models import PolicySetting
from households.models import Member, Visit
from households.tests.factories import MemberFactory
from monitoring.models import Case
from monitoring.services import case_decide, exit_refusals

from .conftest import TODAY
from .test_exit import exit_, monitored  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_household_whose_every_living_member_cannot_work_is_never_eliminated(monitored, cadre_a):  # noqa: F811
    household = monitored.household
    household.members.update(labour_skill="丧失劳动力")
    MemberFactory(household=household, name="李二", relationship="之子", labour_skill="无劳动力")
    # An able member who has died does not make the household able to work.
    MemberFactory(
        household=household, name="李大", relationship="之子", labour_skill="普通劳动力",
        removed_on=TODAY, removal_reason=Member.RemovalReason.DECEASED,
    )  # fmt: skip
    for kind in ("帮扶消除", "自然消除"):
        refusals = exit_refusals(monitored, kind)
        assert len(refusals) == 1 and "整户无劳动能力" in refusals[0]
    with pytest.raises(ServiceError, match="整户无劳动能力"):
        exit_(monitored, cadre_a, elimination_type="自然消除", reason="收入稳定")
    assert Case.objects.get(pk=monitored.pk).status == "monitored"


def test_one_weak_worker_is_enough_to_exit(monitored, cadre_a):  # noqa: F811
    monitored.household.members.update(labour_skill="弱劳动力或半劳动力")
    MemberFactory(household=monitored.household, name="李二", relationship="之子", labour_skill="丧失劳动力")
    assert exit_refusals(monitored, "帮扶消除") == []


def test_exit_refused_when_the_latest_visit_is_older_than_the_policy_days(monitored, cadre_a, regions):  # noqa: F811
    Visit.objects.filter(household=monitored.household).update(visited_on=TODAY - datetime.timedelta(days=31))
    with pytest.raises(ServiceError, match="已超过 30 天") as refused:
        exit_(monitored, cadre_a)
    assert (TODAY - datetime.timedelta(days=31)).isoformat() in str(refused.value)
    PolicySetting.objects.create(key="exit_visit_days", region=regions["county"], value=60)
    exit_(monitored, cadre_a)
    assert monitored.status == "exiting"


def test_county_decision_refused_when_the_visit_has_become_too_old(monitored, walk, cadre_a, county_user):  # noqa: F811
    exit_(monitored, cadre_a)
    case = walk(monitored, 5)
    Visit.objects.filter(household=case.household).update(visited_on=TODAY - datetime.timedelta(days=40))
    with pytest.raises(ServiceError, match="请重新入户核实"):
        case_decide(case=case, by=county_user)
    assert Case.objects.get(pk=case.pk).status == "exiting"


def test_open_data_quality_finding_of_the_household_blocks_exit_and_is_named(monitored, cadre_a):  # noqa: F811
    monitored.household.members.update(medical_insurance="未参保")
    with pytest.raises(ServiceError, match="数据质量问题：未参加基本医疗保险"):
        exit_(monitored, cadre_a, elimination_type="自然消除", reason="收入稳定")
