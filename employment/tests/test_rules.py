"""Who the register follows (labour force) and who may hold a public-welfare post."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ServiceError
from employment import services
from employment.models import Appointment, WelfarePost
from employment.rules import appointment_refusal, labour_force
from households.choices import LabourSkill, SchoolStatus
from households.models import Member
from households.tests.factories import HouseholdFactory

from .conftest import DAY, former_poor, monitored


@pytest.fixture
def post(regions, cadre_a):
    return services.post_create(
        village=regions["village_a"],
        by=cadre_a,
        kind=WelfarePost.Kind.CLEANING,
        name="村保洁员",
        places=1,
        monthly_pay=Decimal("500"),
        funding_source=WelfarePost.Funding.LINKAGE,
    )


def test_labour_force_is_working_age_able_members_of_poor_or_monitored_households(
    regions, cadre_a, poor_a, make_member
):
    able = make_member(poor_a)
    make_member(poor_a, birth_date=datetime.date(1966, 4, 11))  # 60 the day after DAY: still 59
    make_member(poor_a, birth_date=datetime.date(1966, 4, 10))  # 60 on DAY: out
    make_member(poor_a, birth_date=datetime.date(2010, 4, 11))  # 15: out
    make_member(
        poor_a, birth_date=datetime.date(2008, 1, 1), school_status=SchoolStatus.HIGH_1, education=""
    )  # student
    make_member(poor_a, labour_skill=LabourSkill.LOST)
    make_member(poor_a, removed_on=datetime.date(2026, 1, 1), removal_reason="deceased")
    watched = make_member(monitored(regions["village_b"], cadre_a), labour_skill=LabourSkill.WEAK)
    make_member(HouseholdFactory(village=regions["village_a"]))  # neither 脱贫户 nor monitored
    names = set(labour_force(Member.objects.all(), DAY).values_list("pk", flat=True))
    fifty_nine = Member.objects.get(birth_date=datetime.date(1966, 4, 11))
    assert names == {able.pk, fifty_nine.pk, watched.pk}


def test_post_eligibility_rules(regions, cadre_a, post, poor_a, make_member):
    ok = make_member(poor_a)
    assert appointment_refusal(ok, post, DAY) is None
    other = make_member(HouseholdFactory(village=regions["village_a"]))
    assert "脱贫户或监测户" in appointment_refusal(other, post, DAY)
    unable = make_member(poor_a, labour_skill=LabourSkill.NONE)
    assert "不能胜任" in appointment_refusal(unable, post, DAY)
    elsewhere = make_member(former_poor(regions["village_b"]))
    assert "本村" in appointment_refusal(elsewhere, post, DAY)
    weak = make_member(poor_a, labour_skill=LabourSkill.WEAK)
    assert appointment_refusal(weak, post, DAY) is None  # 弱劳动力 may hold a post


def test_propose_refuses_an_ineligible_member_and_a_second_post(regions, cadre_a, post, poor_a, make_member):
    member = make_member(poor_a)
    services.appointment_propose(post=post, member=member, by=cadre_a, proposed_on=DAY)
    second = services.post_create(
        village=regions["village_a"],
        by=cadre_a,
        kind=WelfarePost.Kind.FOREST,
        name="护林员",
        places=3,
        monthly_pay=Decimal("600"),
        funding_source=WelfarePost.Funding.EMPLOYMENT,
    )
    with pytest.raises(ServiceError, match="不能重复聘用") as refused:
        services.appointment_propose(post=second, member=member, by=cadre_a, proposed_on=DAY)
    assert refused.value.field == "member"
    with pytest.raises(ServiceError, match="空余名额"):  # one place, taken by the proposal
        services.appointment_propose(post=post, member=make_member(poor_a), by=cadre_a, proposed_on=DAY)
    with pytest.raises(ServiceError, match="不能胜任"):
        services.appointment_propose(
            post=second,
            member=make_member(poor_a, labour_skill=LabourSkill.LOST),
            by=cadre_a,
            proposed_on=DAY,
        )
    assert Appointment.objects.count() == 1


def test_only_the_village_proposes_and_only_its_own(regions, cadre_b, township_user, post, worker_a):
    with pytest.raises(PermissionDenied):
        services.appointment_propose(post=post, member=worker_a, by=cadre_b, proposed_on=DAY)
    with pytest.raises(PermissionDenied):
        services.appointment_propose(post=post, member=worker_a, by=township_user, proposed_on=DAY)


def test_post_create_validates(regions, cadre_a, cadre_b, township_user):
    kwargs = dict(
        village=regions["village_a"],
        kind=WelfarePost.Kind.CLEANING,
        name="保洁",
        places=0,
        monthly_pay=Decimal("500"),
        funding_source=WelfarePost.Funding.LINKAGE,
    )
    with pytest.raises(ServiceError, match="岗位数"):
        services.post_create(by=cadre_a, **kwargs)
    with pytest.raises(PermissionDenied):
        services.post_create(by=cadre_b, **{**kwargs, "places": 1})
    with pytest.raises(ServiceError, match="须设在村"):
        services.post_create(by=township_user, **{**kwargs, "places": 1, "village": regions["township"]})
