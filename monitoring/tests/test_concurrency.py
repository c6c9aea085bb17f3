import threading

import pytest
from django.db import connection

from common.errors import Conflict
from conftest import make_user, require_or_skip
from monitoring.models import Case, CaseStep
from monitoring.services import case_decide


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_county_users_approving_at_once_make_one_transition(nominated, walk, regions, county_user):
    if connection.vendor != "postgresql":
        require_or_skip("concurrent transitions need PostgreSQL (row locks); SQLite serialises writers")
    other = make_user("county_2", "county", regions["county"])
    case = walk(nominated, 5)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user):
        try:
            stale = Case.objects.select_related("village", "household").get(pk=case.pk)
            user.assignments  # noqa: B018 - load roles before the race, like a request would
            barrier.wait(timeout=10)
            case_decide(case=stale, by=user, opinion="同意")
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (county_user, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Case.objects.get(pk=case.pk).status == Case.Status.MONITORED
    assert CaseStep.objects.filter(case=case, step=5).count() == 1
