"""A follow-up of the employment register found a member who lost their job (employment.signals.job_lost).

The clue is a 走访发现 (the follow-up is a cadre's visit) of rule ``employment_lost_job``, risk type
因务工就业不稳, naming the member; one per follow-up (``dedupe_key``), joined at once to an open case.
"""

from typing import Any

from households.choices import RiskType

from .models import Clue, ClueLog
from .services import join_if_open_case, new_clue


def raise_clue_for_lost_job(sender: Any, *, follow_up: Any, by: Any, **kwargs: Any) -> list[Clue]:
    key = f"employment:{follow_up.pk}"
    clue = new_clue(
        follow_up.household,
        by=by,
        source=Clue.Source.VISIT,
        rule="employment_lost_job",
        risk_type=RiskType.UNSTABLE_WORK,
        dedupe_key=key,
        member_id=follow_up.member_id,
        found_on=follow_up.recorded_on,
        evidence={
            "follow_up": follow_up.pk,
            "previous_status": follow_up.previous_status,
            "employer": follow_up.employer,
            "note": follow_up.note,
        },
    )
    Clue.objects.bulk_create([clue], ignore_conflicts=True)
    created = list(Clue.objects.filter(dedupe_key=key))
    fresh = [c for c in created if not c.log.exists()]
    ClueLog.objects.bulk_create(ClueLog(clue=c, action="raise", to_status=c.status, by=by) for c in fresh)
    join_if_open_case(fresh, by)
    return created
