"""公益岗位脱贫人口就业比重 and the 务工 figures on a small fixture, exact values; the plan binding."""

import datetime
from decimal import Decimal

from employment.models import Appointment, EmploymentRecord, EmploymentStatus, WelfarePost
from employment.selectors import work_figures
from households.tests.factories import HouseholdFactory
from indicators.loader import load_plans
from indicators.metrics import welfare_post_share_of
from indicators.models import Actual, Metric, Plan
from indicators.services import computed_refresh

from .conftest import former_poor, monitored

ON = datetime.date(2026, 9, 1)
S = EmploymentStatus


def _dataset(regions, cadre_a, make_member):
    """栗子乡: 脱贫户 (in post, 市外, 未就业 after leaving a post), monitored (本地, in post without a
    ledger row yet), an ordinary household's post holder (not counted); 江池镇: 脱贫户 县外市内."""
    poor = former_poor(regions["village_a"])
    watched = monitored(regions["village_b"], cadre_a)
    ordinary = HouseholdFactory(village=regions["village_a"])
    far = former_poor(regions["village_c"])
    posts = {
        key: WelfarePost.objects.create(
            village=regions[key],
            kind="cleaning",
            name="保洁员",
            places=5,
            monthly_pay=500,
            funding_source="linkage",
        )
        for key in ("village_a", "village_b")
    }

    def member(household, status=None, post=None, post_status=Appointment.Status.IN_POST):
        m = make_member(household)
        if status:
            EmploymentRecord.objects.create(
                member=m, household=household, status=status, income=Decimal("1000")
            )
        if post:
            Appointment.objects.create(
                post=posts[post], member=m, household=household, status=post_status, proposed_on=ON
            )
        return m

    member(poor, S.WELFARE_POST, post="village_a")
    member(poor, S.OUT_CITY)
    member(poor, S.UNEMPLOYED, post="village_a", post_status=Appointment.Status.EXITED)
    member(watched, S.LOCAL)
    member(watched, post="village_b")
    member(ordinary, S.LOCAL, post="village_a")
    member(far, S.OUT_COUNTY)
    member(far, S.UNKNOWN)


def test_welfare_post_share_exact(regions, cadre_a, make_member):
    _dataset(regions, cadre_a, make_member)
    assert welfare_post_share_of(regions["township"], ON) == (2, 4)
    assert welfare_post_share_of(regions["other_township"], ON) == (0, 1)
    assert welfare_post_share_of(regions["county"], ON) == (2, 5)
    assert welfare_post_share_of(regions["other_county"], ON) == (0, 0)


def test_work_figures_exact(regions, cadre_a, make_member):
    _dataset(regions, cadre_a, make_member)
    figures = work_figures(EmploymentRecord.objects.all())
    assert (figures.labour, figures.employed, figures.outside_county, figures.welfare_post) == (7, 5, 2, 1)
    assert (figures.unemployed, figures.unknown, figures.self_employed) == (1, 1, 0)
    assert figures.income == Decimal("7000")


def test_welfare_post_share_is_bound_to_its_plan_rows(regions, cadre_a, make_member):
    _dataset(regions, cadre_a, make_member)
    load_plans()
    rows = [p.indicators.get(name="公益岗位脱贫人口就业比重") for p in Plan.objects.order_by("key")]
    assert len(rows) == 3 and {r.metric for r in rows} == {Metric.WELFARE_POST_SHARE}
    computed_refresh(year=2026, on=ON)
    fengdu = Plan.objects.get(key="fengdu-2021").indicators.get(name="公益岗位脱贫人口就业比重")
    actual = Actual.objects.get(indicator=fengdu, region=regions["county"], year=2026)
    assert actual.computed and actual.value == Decimal("40.00")
