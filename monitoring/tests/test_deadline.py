import datetime

from common.models import PolicySetting
from monitoring.models import Case
from monitoring.services import case_nominate

from .conftest import TODAY, household_in

DAY = datetime.timedelta(days=1)


def nominate(regions, cadre, found_on):
    return case_nominate(household=household_in(regions["village_a"]), by=cadre, category="边缘易致贫户",
                         risks=[("因病", "")], channel="农户自主申报", found_on=found_on, evidence="x")  # fmt: skip


def test_deadline_counts_policy_days_from_the_day_risk_was_found(regions, cadre_a):
    assert nominate(regions, cadre_a, TODAY - 3 * DAY).deadline == TODAY + 12 * DAY
    PolicySetting.objects.create(key="case_deadline_days", region=regions["township"], value=20)
    assert nominate(regions, cadre_a, TODAY - 3 * DAY).deadline == TODAY + 17 * DAY


def test_overdue_means_in_procedure_and_past_deadline(regions, cadre_a):
    due_today = nominate(regions, cadre_a, TODAY - 15 * DAY)
    late = nominate(regions, cadre_a, TODAY - 16 * DAY)
    late_but_done = nominate(regions, cadre_a, TODAY - 30 * DAY)
    Case.objects.filter(pk=late_but_done.pk).update(status=Case.Status.MONITORED, step=0)
    assert list(Case.objects.overdue()) == [late]
    assert late.is_overdue and not due_today.is_overdue
    assert list(Case.objects.overdue(on=TODAY + DAY).order_by("pk")) == [due_today, late]


def test_overdue_count_for_the_dashboard_is_scoped(regions, cadre_a, cadre_b):
    from monitoring.selectors import case_overdue_count

    nominate(regions, cadre_a, TODAY - 20 * DAY)
    assert (case_overdue_count(cadre_a), case_overdue_count(cadre_b)) == (1, 0)
