"""State changes of clues. Views, the demo, the households app (``clue_from_visit``) call these.

The lifecycle is a transition table (``CLUE_WORKFLOW``, checked by ``common.workflow``);
``_transition`` checks the role (403), the table (a Chinese error), then moves the clue with the
guarded compare-and-set so that a double click or two cadres at once yield one transition, and
writes the log row.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import Conflict, ServiceError
from common.notify import notify
from common.policies import policy_int
from common.workflow import Transition, Workflow, transition
from households.choices import RiskType
from households.models import Household, Member, Visit
from monitoring.models import Case, Channel
from monitoring.services import case_nominate
from regions.models import Region

from .models import Clue, ClueLog

S = Clue.Status
CLUE_WORKFLOW = Workflow(
    model=Clue,
    region=lambda clue: clue.household.village,
    transitions={
        "dispatch": Transition({S.NEW}, Role.TOWNSHIP, S.DISPATCHED),
        "start": Transition({S.DISPATCHED}, Role.VILLAGE, S.VERIFYING),
        "confirm": Transition({S.VERIFYING}, Role.VILLAGE, S.CONFIRMED),
        "exclude": (
            Transition({S.NEW}, Role.TOWNSHIP, S.EXCLUDED),
            Transition({S.DISPATCHED, S.VERIFYING}, Role.VILLAGE, S.EXCLUDED),
        ),
        # The system's own move (no role holds it, no button shows it): the household got an open
        # case through another channel, so the clue joins that case (``clues_join_case``).
        "join": Transition(set(Clue.OPEN_STATUSES), lambda clue: (), S.JOINED),
    },
)
SYSTEM_ACTIONS = frozenset({"join"})
# The clues being confirmed right now: the case they nominate must not "join" them behind their back.
_confirming: ContextVar[frozenset[int]] = ContextVar("clues_confirming", default=frozenset())
CHANNEL_BY_SOURCE: dict[str, str] = {
    Clue.Source.DEPARTMENT: Channel.DEPARTMENT,
    Clue.Source.VISIT: Channel.CADRE_VISIT,
    Clue.Source.QUALITY: Channel.CADRE_VISIT,
    Clue.Source.APPLICATION: Channel.APPLICATION,
}


def allowed_actions(clue: Clue, user: User) -> list[str]:
    """The actions ``user`` may take on ``clue`` now (for showing buttons; services re-check)."""
    return CLUE_WORKFLOW.allowed_actions(clue, user)


def _transition(clue: Clue, action: str, by: User, note: str = "", **fields: Any) -> Clue:
    row, _role = CLUE_WORKFLOW.check(clue, action, by)
    from_status = clue.status
    target = row.target_for(clue)
    assert target is not None  # every clue action names its target
    transition(clue, to=target, by=by, **fields)
    ClueLog.objects.create(
        clue=clue, action=action, from_status=from_status, to_status=clue.status, by=by, note=note
    )
    return clue


def village_users(village: Region) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role_assignments__role=Role.VILLAGE, role_assignments__regions=village
    ).distinct()


@transaction.atomic
def clue_dispatch(*, clue: Clue, by: User) -> Clue:
    """已分派: the township hands the clue to the household's village, which now has M days."""
    village = clue.household.village
    verify_due = timezone.localdate() + datetime.timedelta(days=policy_int("clue_verify_days", village))
    clue = _transition(clue, "dispatch", by, dispatched_at=timezone.now(), verify_due=verify_due)
    notify(
        village_users(village),
        kind="clue_dispatched",
        message=_("新的预警线索待核验：%(household)s（%(rule)s），请于%(due)s前核验。")
        % {
            "household": clue.household.head_name or clue.household.number,
            "rule": clue.rule_label,
            "due": verify_due,
        },
        link=reverse("clues:detail", args=[clue.pk]),
        dedupe_key=f"clue-dispatched-{clue.pk}",
    )
    return clue


@transaction.atomic
def clue_start(*, clue: Clue, by: User) -> Clue:
    """核验中: the village has begun checking (visited the household, called the department)."""
    return _transition(clue, "start", by)


@transaction.atomic
def clue_exclude(*, clue: Clue, by: User, reason: str) -> Clue:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("排除线索须填写原因。"), code="reason", field="reason")
    return _transition(
        clue, "exclude", by, note=reason[:300], exclusion_reason=reason[:300], decided_at=timezone.now()
    )


@transaction.atomic
def clue_confirm(
    *, clue: Clue, by: User, category: str, risks: list[tuple[str, str]] | None = None, note: str = ""
) -> Clue:
    """确认: step 1 of enrolment (村提名) through ``case_nominate``, or, when the household already
    has an open case, the clue joins that case instead of nominating twice."""
    require_role(by, Role.VILLAGE, region=clue.household.village)
    if clue.status != S.VERIFYING:
        return _transition(clue, "confirm", by)  # raises the transition error
    case = Case.objects.filter(household=clue.household).open().first()
    if case is None:
        evidence = note or _("预警线索：%s") % clue.rule_label
        with _confirming_clue(clue):
            case = case_nominate(
                household=clue.household,
                by=by,
                category=category,
                risks=risks or [(clue.risk_type, clue.disaster_subtype)],
                channel=CHANNEL_BY_SOURCE[clue.source],
                found_on=clue.found_on,
                evidence=evidence,
            )
    return _transition(clue, "confirm", by, note=note[:300], case=case, decided_at=timezone.now())


def new_clue(
    household: Household,
    *,
    by: User | None,
    source: str,
    rule: str,
    risk_type: str,
    dedupe_key: str | None,
    **fields: Any,
) -> Clue:
    today = timezone.localdate()
    days = policy_int("clue_dispatch_days", household.village)
    return Clue(
        household=household,
        source=source,
        rule=rule,
        risk_type=risk_type,
        dedupe_key=dedupe_key,
        found_on=fields.pop("found_on", today),
        dispatch_due=today + datetime.timedelta(days=days),
        created_by=by,
        **fields,
    )


@transaction.atomic
def clue_raise(
    *,
    household: Household,
    by: User,
    source: str,
    risk_type: str,
    disaster_subtype: str = "",
    member: Member | None = None,
    evidence: dict[str, Any] | None = None,
) -> Clue:
    """A clue from an application or a data-quality check (a visit has ``clue_from_visit``)."""
    require_role(by, Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, region=household.village)
    clue = new_clue(
        household,
        by=by,
        source=source,
        rule=source,
        risk_type=risk_type,
        dedupe_key=None,
        disaster_subtype=disaster_subtype,
        member=member,
        person_id=member.person_id if member else "",
        evidence=evidence or {},
    )
    clue.save()
    ClueLog.objects.create(clue=clue, action="raise", to_status=clue.status, by=by)
    join_if_open_case([clue], by)
    return clue


@transaction.atomic
def clue_from_visit(visit: Visit, by: User) -> list[Clue]:
    """One clue per risk the visit found (assurances marked problem, new risks); running it again
    for the same visit raises nothing new."""
    household = visit.household
    require_role(by, Role.VILLAGE, region=household.village)
    risks = set(visit.assurance_risks)
    risks |= {r for r in visit.new_risks if isinstance(r, str) and r in RiskType.values}
    clues = [
        new_clue(
            household,
            by=by,
            source=Clue.Source.VISIT,
            rule="visit",
            risk_type=risk,
            dedupe_key=f"visit:{visit.pk}:{risk}",
            found_on=visit.visited_on,
            evidence={
                "visit": visit.pk,
                "visited_on": visit.visited_on.isoformat(),
                "note": visit.problem_note,
            },
        )
        for risk in sorted(risks)
    ]
    Clue.objects.bulk_create(clues, ignore_conflicts=True)
    created = list(
        Clue.objects.filter(dedupe_key__in=[c.dedupe_key for c in clues], source=Clue.Source.VISIT)
    )
    fresh = [c for c in created if not c.log.exists()]
    ClueLog.objects.bulk_create(ClueLog(clue=c, action="raise", to_status=c.status, by=by) for c in fresh)
    join_if_open_case(fresh, by)
    return created


@contextmanager
def _confirming_clue(clue: Clue) -> Iterator[None]:
    token = _confirming.set(_confirming.get() | {clue.pk})
    try:
        yield
    finally:
        _confirming.reset(token)


def _join(clue: Clue, case: Case, by: User | None) -> bool:
    """Move one open clue to 已并入监测 with a link to ``case``; False if it moved meanwhile."""
    row = CLUE_WORKFLOW.find(clue, "join")
    if row is None:
        return False
    from_status = clue.status
    try:
        transition(clue, to=S.JOINED, by=by, case=case, decided_at=timezone.now())
    except Conflict:  # someone acted on it this instant: their move stands
        return False
    ClueLog.objects.create(
        clue=clue,
        action="join",
        from_status=from_status,
        to_status=clue.status,
        by=by,
        note=_("已并入监测记录 #%(case)s") % {"case": case.pk},
    )
    return True


def join_if_open_case(clues: list[Clue], by: User | None) -> None:
    """Clues just raised for a household that already has an open case join it at once."""
    household_ids = {c.household_id for c in clues}
    if not household_ids:
        return
    cases = {c.household_id: c for c in Case.objects.filter(household_id__in=household_ids).open()}
    for clue in clues:
        if clue.household_id in cases and clue.status in Clue.OPEN_STATUSES:
            _join(clue, cases[clue.household_id], by)


@transaction.atomic
def clues_join_case(*, case: Case, by: User | None) -> list[Clue]:
    """The household got an open case (any channel): its open clues join it, so nobody verifies
    or nominates the same household twice. A clue being confirmed into this very case is left to
    its confirmation."""
    clues = (
        Clue.objects.filter(household_id=case.household_id, status__in=Clue.OPEN_STATUSES)
        .exclude(pk__in=_confirming.get())
        .order_by("pk")
    )
    return [clue for clue in clues if _join(clue, case, by)]


def join_open_cases_for_upload(upload_id: int) -> int:
    """After a department file's clues were inserted in bulk: those of households with an open
    case join it (the system acts: no user on the log row)."""
    # A semi-join on the (few) open cases' households, not a join through every clue's household.
    clues = list(
        Clue.objects.filter(
            upload_id=upload_id, status=S.NEW, household_id__in=Case.objects.open().values("household_id")
        )
    )
    join_if_open_case(clues, None)
    return len(clues)
