import datetime

from assistance.models import Measure, MeasureCategory
from assistance.selectors import assistance_rate, has_implemented_measure
from households.tests.factories import HouseholdFactory
from monitoring.models import Case


def make_case(regions, user, status):
    household = HouseholdFactory(village=regions["village_a"])
    today = datetime.date(2026, 1, 5)
    return Case.objects.create(
        household=household,
        village=household.village,
        category="边缘易致贫户",
        channel="干部走访排查",
        status=status,
        step=0,
        found_on=today,
        deadline=today,
        created_by=user,
    )


def test_rate_counts_monitored_cases_with_an_implemented_measure(regions, cadre_a):
    category = MeasureCategory.objects.create(code="t-industry", name="产业帮扶", kind="development")
    helped = make_case(regions, cadre_a, Case.Status.MONITORED)
    planned_only = make_case(regions, cadre_a, Case.Status.MONITORED)
    exiting = make_case(regions, cadre_a, Case.Status.EXITING)
    eliminated = make_case(regions, cadre_a, Case.Status.ELIMINATED)
    for case, status in [
        (helped, "completed"),
        (planned_only, "planned"),
        (exiting, "implementing"),
        (eliminated, "completed"),
        (helped, "cancelled"),
    ]:
        Measure.objects.create(case=case, category=category, content="x", status=status, created_by=cadre_a)
    assert assistance_rate(Case.objects.all()) == (2, 3)
    assert assistance_rate(Case.objects.visible_to(cadre_a)) == (2, 3)
    assert has_implemented_measure(helped) and not has_implemented_measure(planned_only)


def test_rate_is_scoped(regions, cadre_b, cadre_a):
    make_case(regions, cadre_a, Case.Status.MONITORED)
    assert assistance_rate(Case.objects.visible_to(cadre_b)) == (0, 0)
