"""The quarterly risk review (风险专题研判): opening rounds, recording entries, completing,
and the reminders and escalation Celery beat runs. All idempotent."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.notify import notify
from regions.models import Region

from ..models import Case
from ..reviews import ReviewEntry, ReviewRound, quarter_bounds, quarter_of


@transaction.atomic
def review_open_rounds(*, on: datetime.date | None = None) -> int:
    """Open this quarter's round for every village with monitored cases, listing those cases.

    Run twice, it opens nothing twice (the unique constraint and ``ignore_conflicts``); a village
    whose round exists already gets the cases enrolled since added to its open round.
    Returns how many rounds were created.
    """
    year, quarter = quarter_of(on or timezone.localdate())
    villages = set(Case.objects.monitored().order_by().values_list("village_id", flat=True).distinct())
    listed = ReviewEntry.objects.filter(round__year=year, round__quarter=quarter).values("case_id")
    cases = list(Case.objects.monitored().exclude(pk__in=listed).values_list("pk", "village_id"))
    existing = set(
        ReviewRound.objects.filter(year=year, quarter=quarter).values_list("village_id", flat=True)
    )
    ReviewRound.objects.bulk_create(
        [ReviewRound(village_id=v, year=year, quarter=quarter) for v in villages - existing],
        ignore_conflicts=True,
    )
    rounds = dict(
        ReviewRound.objects.filter(year=year, quarter=quarter, status=ReviewRound.Status.OPEN).values_list(
            "village_id", "pk"
        )
    )
    added = [ReviewEntry(round_id=rounds[v], case_id=c) for c, v in cases if v in rounds]
    ReviewEntry.objects.bulk_create(added, ignore_conflicts=True, batch_size=2000)
    ReviewRound.objects.filter(pk__in={e.round_id for e in added}).update(updated_at=timezone.now())
    return len(villages - existing)


@transaction.atomic
def review_record_entry(
    *, entry: ReviewEntry, by: User, risk_status: str, plan_changes: str = "", note: str = ""
) -> ReviewEntry:
    require_role(by, Role.VILLAGE, region=entry.round.village)
    if entry.round.status != ReviewRound.Status.OPEN:
        raise ServiceError(_("本轮研判已完成，不能再修改。"), code="state")
    if risk_status not in ReviewEntry.RiskStatus.values:
        raise ServiceError(_("请选择风险状态。"), code="risk_status", field="risk_status")
    entry.risk_status, entry.plan_changes, entry.note = risk_status, plan_changes.strip(), note.strip()
    entry.recorded_by, entry.recorded_at = by, timezone.now()
    entry.save()
    ReviewRound.objects.filter(pk=entry.round_id).update(updated_at=entry.recorded_at)
    return entry


@transaction.atomic
def review_complete(
    *, round: ReviewRound, by: User, held_on: datetime.date, participants: str
) -> ReviewRound:
    """Close the round: every listed case has its record, and the meeting is recorded."""
    require_role(by, Role.VILLAGE, region=round.village)
    if not participants.strip():
        raise ServiceError(_("请填写参加研判的人员。"), code="participants", field="participants")
    if held_on > timezone.localdate():
        raise ServiceError(_("研判日期不能晚于今天。"), code="held_on", field="held_on")
    missing = round.entries.filter(risk_status="").count()
    if missing:
        raise ServiceError(
            _("还有 %(n)s 户未研判，全部研判后才能完成本轮。") % {"n": missing}, code="incomplete"
        )
    updated = ReviewRound.objects.filter(pk=round.pk, status=ReviewRound.Status.OPEN).update(
        status=ReviewRound.Status.COMPLETED,
        held_on=held_on,
        participants=participants.strip(),
        completed_at=timezone.now(),
        completed_by=by,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ServiceError(_("本轮研判已完成。"), code="state")
    round.refresh_from_db()
    return round


def _users(role: str, regions: Iterable[Region]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=role, role_assignments__regions__in=regions
        ).distinct()
    )


def review_remind(*, on: datetime.date | None = None) -> int:
    """Weekly: remind the village users of each open round. One reminder per round per week."""
    on = on or timezone.localdate()
    week = "%s-W%02d" % on.isocalendar()[:2]
    sent = 0
    for rnd in ReviewRound.objects.open().select_related("village"):
        left = rnd.entries.filter(risk_status="").count()
        sent += notify(
            _users(Role.VILLAGE, [rnd.village]),
            kind="review_reminder",
            message=_("%(round)s 风险专题研判尚未完成，还有 %(n)s 户待研判。") % {"round": rnd, "n": left},
            link=reverse("monitoring:review", args=[rnd.pk]),
            dedupe_key=f"review-remind:{rnd.pk}:{week}",
        )
    return sent


def review_escalate(*, on: datetime.date | None = None) -> int:
    """At (or after) a quarter's last day, tell the township about each round still open."""
    on = on or timezone.localdate()
    year, quarter = quarter_of(on)
    # Rounds of this quarter when today is its last day, and of any earlier quarter.
    this_quarter_over = on >= quarter_bounds(year, quarter)[1]
    due = ReviewRound.objects.open().filter(Q(year__lt=year) | Q(year=year, quarter__lt=quarter))
    if this_quarter_over:
        due = due | ReviewRound.objects.open().filter(year=year, quarter=quarter)
    sent = 0
    for rnd in due.select_related("village__parent"):
        sent += notify(
            _users(Role.TOWNSHIP, rnd.village.ancestors()),
            kind="review_escalation",
            message=_("%(round)s 风险专题研判逾期未完成，请督促。") % {"round": rnd},
            link=reverse("monitoring:review", args=[rnd.pk]),
            dedupe_key=f"review-escalate:{rnd.pk}",
        )
        ReviewRound.objects.filter(pk=rnd.pk, escalated_at__isnull=True).update(
            escalated_at=timezone.now(), updated_at=timezone.now()
        )
    return sent
