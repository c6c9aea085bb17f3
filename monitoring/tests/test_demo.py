import io

from accounts import demo as accounts_demo
from households import demo as households_demo
from monitoring import demo
from monitoring.models import Case, CaseStep
from monitoring.reviews import ReviewEntry, ReviewRound
from regions import demo as regions_demo


def test_demo_has_every_state_with_work_for_demo_users_and_second_run_adds_nothing(db):
    regions_demo.build()
    accounts_demo.build()
    households_demo.build(households=700, seed=7)
    demo.build(stdout=io.StringIO(), seed=7)
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    for code in ("500230201201", "500230201202"):
        village = Case.objects.filter(village__code=code)
        steps = set(village.in_procedure().values_list("status", "step"))
        assert {("enrolling", s) for s in (2, 3, 4, 5)} | {("exiting", s) for s in (2, 3, 4, 5)} <= steps
        assert village.in_notice().exists() and village.overdue().exists()
    assert Case.objects.filter(previous_case__isnull=False).exists()
    assert CaseStep.objects.filter(procedure="rollback").exists()
    assert CaseStep.objects.filter(decision="return").exists()
    assert (
        ReviewRound.objects.filter(status="open").exists()
        and ReviewEntry.objects.exclude(risk_status="").exists()
    )
    counts = (
        Case.objects.count(),
        CaseStep.objects.count(),
        ReviewRound.objects.count(),
        ReviewEntry.objects.count(),
    )
    recorded = ReviewEntry.objects.exclude(risk_status="").count()
    demo.build(stdout=io.StringIO(), seed=7)
    assert (
        Case.objects.count(),
        CaseStep.objects.count(),
        ReviewRound.objects.count(),
        ReviewEntry.objects.count(),
    ) == counts
    assert ReviewEntry.objects.exclude(risk_status="").count() == recorded
