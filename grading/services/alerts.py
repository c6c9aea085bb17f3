"""Area alerts (区域性、规模性返贫风险预警): evaluation (beat, daily) and follow-up.

``alerts_evaluate`` counts set-wise, one GROUP BY per kind (and per distinct policy setting), per
village; a township's figures are the sums of its villages'. A region whose share crosses the policy
threshold gets one alert, with the list of its households, told to its township and county users.
Idempotent: while an alert of the same region, kind and subject is active (open or acknowledged) no
other opens (the database refuses a second one too), nor within ``alert_window_days`` after one was
closed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from clues.models import Clue
from common.errors import ServiceError
from common.models import PolicySetting
from common.notify import notify
from common.policies import POLICIES
from common.workflow import Transition, Workflow, transition
from households.models import IncomeRecord
from regions.models import Region

from ..models import AlertKind, AreaAlert, AreaAlertHousehold, AreaAlertNote, Grade, HouseholdGrade

KEYS = [k for k in POLICIES if k.startswith("alert_")] + ["grade_income_drop"]
RISING = (Grade.RED, Grade.ORANGE)
APPROVERS = (Role.TOWNSHIP, Role.COUNTY)


class AlertPolicies:
    """The alert keys for every region from one query of overrides (nearest ancestor wins)."""

    def __init__(self) -> None:
        self._overrides: dict[tuple[str, str], tuple[int, Decimal]] = {}
        for key, code, depth, value in PolicySetting.objects.filter(key__in=KEYS).values_list(
            "key", "region__code", "region__depth", "value"
        ):
            self._overrides[(key, code)] = (depth, value)
        self._cache: dict[str, dict[str, Decimal]] = {}

    def for_path(self, path: str) -> dict[str, Decimal]:
        if path not in self._cache:
            codes = path.strip("/").split("/")
            values = {}
            for key in KEYS:
                found = [self._overrides[(key, c)] for c in codes if (key, c) in self._overrides]
                values[key] = max(found)[1] if found else POLICIES[key].default
            self._cache[path] = values
        return self._cache[path]


@dataclass
class Crossing:
    region: Region
    kind: str
    subject: str
    count: int
    base: int
    share: Decimal
    threshold: Decimal
    window_start: datetime.date
    drop: Decimal
    days: int


def _window(values: dict[str, Decimal], on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=int(values["alert_window_days"]) - 1)


def _grouped(
    villages: dict[int, str], policies: AlertPolicies, keys: tuple[str, ...]
) -> list[tuple[tuple[Decimal, ...], list[int] | None]]:
    """Villages grouped by the values of ``keys`` in force there: one query per distinct setting
    (one in all, with no village list, when no override differs)."""
    groups: dict[tuple[Decimal, ...], list[int]] = defaultdict(list)
    for pk, path in villages.items():
        values = policies.for_path(path)
        groups[tuple(values[k] for k in keys)].append(pk)
    if len(groups) <= 1:
        setting = next(iter(groups), tuple(POLICIES[k].default for k in keys))
        return [(setting, None)]
    return [(setting, pks) for setting, pks in groups.items()]


def _clues(on: datetime.date, window_days: Decimal) -> QuerySet[Clue]:
    start = on - datetime.timedelta(days=int(window_days) - 1)
    return Clue.objects.filter(found_on__gte=start, found_on__lte=on)


def _drops(on: datetime.date, window_days: Decimal, drop: Decimal) -> QuerySet[IncomeRecord]:
    """Income records entered within the window whose per-capita net income fell by ``drop`` or
    more against the household's record before it (one correlated subquery, no Python loop)."""
    start = on - datetime.timedelta(days=int(window_days) - 1)
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
    previous = (
        IncomeRecord.objects.filter(household=OuterRef("household"), period_end__lt=OuterRef("period_end"))
        .order_by("-period_end")
        .values("per_capita_net")[:1]
    )
    return (
        IncomeRecord.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(previous=Subquery(previous))
        .filter(previous__gt=0, per_capita_net__lte=F("previous") * (1 - drop))
    )


def _village_counts(
    on: datetime.date, villages: dict[int, str], policies: AlertPolicies
) -> tuple[dict[int, int], dict[tuple[str, str, int], int]]:
    """Graded households per village, and per (kind, subject, village) the households counted."""
    base: dict[int, int] = {}
    hits: dict[tuple[str, str, int], int] = {}
    for village, total, rising in (
        HouseholdGrade.objects.values_list("household__village_id")
        .annotate(total=Count("pk"), rising=Count("pk", filter=Q(grade__in=RISING)))
        .order_by()
    ):
        base[village] = total
        hits[(AlertKind.GRADE_SHARE, "", village)] = rising
    for (window,), pks in _grouped(villages, policies, ("alert_window_days",)):
        clues = _clues(on, window)
        if pks is not None:
            clues = clues.filter(household__village_id__in=pks)
        for village, risk, n in (
            clues.values_list("household__village_id", "risk_type")
            .annotate(n=Count("household_id", distinct=True))
            .order_by()
        ):
            hits[(AlertKind.CLUE_SURGE, risk, village)] = n
    for (window, drop), pks in _grouped(villages, policies, ("alert_window_days", "grade_income_drop")):
        drops = _drops(on, window, drop)
        if pks is not None:
            drops = drops.filter(household__village_id__in=pks)
        for village, n in (
            drops.values_list("household__village_id")
            .annotate(n=Count("household_id", distinct=True))
            .order_by()
        ):
            hits[(AlertKind.INCOME_DROP, "", village)] = n
    return base, hits


THRESHOLD_KEY: dict[str, str] = {
    AlertKind.GRADE_SHARE: "alert_grade_share",
    AlertKind.CLUE_SURGE: "alert_clue_share",
    AlertKind.INCOME_DROP: "alert_income_drop_share",
}


def crossings(on: datetime.date | None = None) -> list[Crossing]:
    """Every village and township whose share of one kind is at or above its threshold now."""
    on = on or timezone.localdate()
    policies = AlertPolicies()
    regions = {
        r.pk: r for r in Region.objects.filter(level__in=(Region.Level.VILLAGE, Region.Level.TOWNSHIP))
    }
    for r in regions.values():  # the township of a village without a query (names, recipients)
        if r.parent_id in regions:
            r.parent = regions[r.parent_id]
    villages = {pk: r.path for pk, r in regions.items() if r.level == Region.Level.VILLAGE}
    base, hits = _village_counts(on, villages, policies)
    # Townships: the sums of their villages (a household lies in one village only).
    township_base: dict[int, int] = defaultdict(int)
    township_hits: dict[tuple[str, str, int], int] = defaultdict(int)
    for village, n in base.items():
        parent = regions[village].parent_id if village in regions else None
        if parent in regions:
            township_base[parent] += n
    for (kind, subject, village), n in hits.items():
        parent = regions[village].parent_id if village in regions else None
        if parent in regions:
            township_hits[(kind, subject, parent)] += n
    found: list[Crossing] = []
    for counts, totals in ((hits, base), (township_hits, township_base)):
        for (kind, subject, pk), n in counts.items():
            region, total = regions.get(pk), totals.get(pk, 0)
            if region is None or not total or not n:
                continue
            values = policies.for_path(region.path)
            share = (Decimal(n) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            threshold = values[THRESHOLD_KEY[kind]]
            if n >= values["alert_min_households"] and share >= threshold:
                found.append(
                    Crossing(
                        region,
                        kind,
                        subject,
                        n,
                        total,
                        share,
                        threshold,
                        _window(values, on),
                        values["grade_income_drop"],
                        int(values["alert_window_days"]),
                    )
                )
    return sorted(found, key=lambda c: (c.region.path, c.kind, c.subject))


def _in_region(field: str, region: Region) -> Q:
    if region.level == Region.Level.VILLAGE:
        return Q(**{field: region.pk})
    return Q(**{f"{field}__parent_id": region.pk})


def _household_ids(c: Crossing, on: datetime.date) -> list[int]:
    rows: QuerySet[Any]
    if c.kind == AlertKind.GRADE_SHARE:
        rows = HouseholdGrade.objects.filter(_in_region("household__village", c.region), grade__in=RISING)
    elif c.kind == AlertKind.CLUE_SURGE:
        rows = _clues(on, Decimal(c.days)).filter(
            _in_region("household__village", c.region), risk_type=c.subject
        )
    else:
        rows = _drops(on, Decimal(c.days), c.drop).filter(_in_region("household__village", c.region))
    return sorted(set(rows.values_list("household_id", flat=True)))


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal(1), ROUND_HALF_UP)}%"


def _summary(c: Crossing) -> str:
    figures = {
        "n": c.count,
        "share": _percent(c.share),
        "threshold": _percent(c.threshold),
        "days": c.days,
    }
    if c.kind == AlertKind.GRADE_SHARE:
        return _("%(red)s、%(orange)s等级户 %(n)s 户，占定级户 %(share)s（阈值 %(threshold)s）") % {
            **figures,
            "red": Grade.RED.label,
            "orange": Grade.ORANGE.label,
        }
    if c.kind == AlertKind.CLUE_SURGE:
        return _("近 %(days)s 天新增“%(risk)s”预警线索 %(n)s 户，占 %(share)s（阈值 %(threshold)s）") % {
            **figures,
            "risk": c.subject,
        }
    return _(
        "近 %(days)s 天录入的收入中人均纯收入下降 %(drop)s 以上 %(n)s 户，占 %(share)s（阈值 %(threshold)s）"
    ) % {
        **figures,
        "drop": _percent(c.drop),
    }


def alert_recipients(region: Region) -> QuerySet[User]:
    """Township and county users over ``region``."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role__in=APPROVERS,
        role_assignments__regions__in=region.ancestors(),
    ).distinct()


def _recipients(region: Region, told: dict[int, list[User]]) -> list[User]:
    township = region.parent if region.level == Region.Level.VILLAGE and region.parent else region
    if township.pk not in told:
        told[township.pk] = list(alert_recipients(township))
    return told[township.pk]


def alerts_evaluate(*, on: datetime.date | None = None) -> list[AreaAlert]:
    """Open an alert for every crossing that has none active (nor one closed within the window);
    returns the alerts opened. Running it again the same day, or while the share stays above,
    opens nothing."""
    on = on or timezone.localdate()
    found = crossings(on)
    if not found:
        return []
    taken: dict[tuple[int, str, str], datetime.datetime | None] = {}
    recent = timezone.now() - datetime.timedelta(days=366)
    for region, kind, subject, status, closed_at in AreaAlert.objects.filter(
        Q(status__in=AreaAlert.ACTIVE) | Q(closed_at__gte=recent)
    ).values_list("region_id", "kind", "subject", "status", "closed_at"):
        key = (region, kind, subject)
        if status in AreaAlert.ACTIVE:
            taken[key] = None
        elif key not in taken:
            taken[key] = closed_at
        else:
            latest = taken[key]
            if latest is not None and closed_at is not None and closed_at > latest:
                taken[key] = closed_at
    opened: list[AreaAlert] = []
    now = timezone.now()
    # The township's and county's users, read once per township (a village's alert goes to the
    # same people as its township's).
    told: dict[int, list[User]] = {}
    for c in found:
        key = (c.region.pk, c.kind, c.subject)
        if key in taken:
            closed_at = taken[key]
            if closed_at is None or timezone.localdate(closed_at) >= c.window_start:
                continue
        alert = _open(c, on, now, told)
        if alert is not None:
            opened.append(alert)
    return opened


def _open(
    c: Crossing, on: datetime.date, now: datetime.datetime, told: dict[int, list[User]]
) -> AreaAlert | None:
    try:
        with transaction.atomic():
            alert = AreaAlert.objects.create(
                region=c.region,
                kind=c.kind,
                subject=c.subject,
                window_start=c.window_start,
                window_end=on,
                households_count=c.count,
                base_count=c.base,
                share=c.share,
                threshold=c.threshold,
                summary=_summary(c),
                opened_at=now,
            )
            AreaAlertHousehold.objects.bulk_create(
                [AreaAlertHousehold(alert=alert, household_id=pk) for pk in _household_ids(c, on)],
                batch_size=2000,
            )
    except IntegrityError:
        return None  # another run opened it first
    notify(
        _recipients(c.region, told),
        kind="area_alert",
        message=_("区域预警：%(region)s %(summary)s") % {"region": alert.place, "summary": alert.summary},
        link=reverse("grading:alert", args=[alert.pk]),
        dedupe_key=f"area-alert:{alert.pk}",
    )
    return alert


# -- follow-up: acknowledge, notes, close ---------------------------------------------------------

ALERT_WORKFLOW = Workflow(
    AreaAlert,
    {
        "acknowledge": Transition([AreaAlert.Status.OPEN], APPROVERS, AreaAlert.Status.ACKNOWLEDGED),
        "close": Transition(AreaAlert.ACTIVE, APPROVERS, AreaAlert.Status.CLOSED),
    },
    region=lambda alert: alert.region,
)


def _note(alert: AreaAlert, by: User, text: str) -> AreaAlertNote:
    return AreaAlertNote.objects.create(alert=alert, text=text, created_by=by)


@transaction.atomic
def alert_acknowledge(*, alert: AreaAlert, by: User, note: str = "") -> AreaAlert:
    """确认: the township or county has seen the alert and takes it in hand."""
    ALERT_WORKFLOW.check(alert, "acknowledge", by)
    transition(
        alert, to=AreaAlert.Status.ACKNOWLEDGED, by=by, acknowledged_by=by, acknowledged_at=timezone.now()
    )
    if note.strip():
        _note(alert, by, note.strip())
    return alert


@transaction.atomic
def alert_close(*, alert: AreaAlert, by: User, note: str) -> AreaAlert:
    """关闭 with the outcome of the follow-up (required)."""
    ALERT_WORKFLOW.check(alert, "close", by)
    if not note.strip():
        raise ServiceError(_("关闭预警须填写处置结果。"), code="required", field="note")
    transition(
        alert,
        to=AreaAlert.Status.CLOSED,
        by=by,
        closed_by=by,
        closed_at=timezone.now(),
        close_note=note.strip(),
    )
    return alert


@transaction.atomic
def alert_note_add(*, alert: AreaAlert, by: User, text: str) -> AreaAlertNote:
    """A follow-up note (跟进记录) by a township or county user, while the alert is not closed."""
    require_role(by, *APPROVERS, region=alert.region)
    if alert.status == AreaAlert.Status.CLOSED:
        raise ServiceError(_("预警已关闭，不能再添加跟进记录。"), code="closed")
    if not text.strip():
        raise ServiceError(_("请填写跟进情况。"), code="required", field="text")
    note = _note(alert, by, text.strip())
    AreaAlert.objects.filter(pk=alert.pk).update(updated_at=timezone.now())
    return note
