"""Clues raised by the system: data-quality findings that are risk signals, and the daily
reminders and escalations of clues that are due (SPEC 5). Both run without a user.

Which data-quality checks are *risk signals* (a household may be at risk and should be visited)
and which are *plain data errors* (the record is wrong; fix the record, no clue):

- ``member_uninsured`` (未参加基本医疗保险) → clue 因病: 基本医疗 is one of the 三保障, like the
  医保 department's "not enrolled" rule.
- ``case_eliminated_too_soon`` (纳入当月或次月即标注风险消除) → clue 其他: an elimination that
  fast is suspect (虚假消除); the household, no longer monitored, is checked again.
- Every other check (户主人数, 性别, 文化程度/在校生, 缺劳动力 while all can work, the measure
  checks of assistance on cases already monitored) is a data error and raises no clue.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from common.notify import notify
from common.policies import policy_int
from common.quality import Check
from households.choices import RiskType
from regions.models import Region

from .models import Clue, ClueLog
from .services import join_if_open_case, new_clue, village_users

RISK_SIGNAL_CHECKS: dict[str, str] = {
    "member_uninsured": RiskType.ILLNESS,
    "case_eliminated_too_soon": RiskType.OTHER,
}


def _household_and_member(model_label: str, rows: QuerySet) -> list[tuple[int, int | None]]:
    if model_label == "households.Member":
        return list(rows.values_list("household_id", "pk"))
    if model_label == "households.Household":
        return [(pk, None) for pk in rows.values_list("pk", flat=True)]
    return [(hh, None) for hh in rows.values_list("household_id", flat=True)]


BATCH = 500


@transaction.atomic
def clues_from_quality(*, check: Check, rows: QuerySet, day: datetime.date) -> list[Clue]:
    """One clue per household (per member for member checks) a risk-signal check found, at most
    once a year for the same finding: a clue excluded in March does not come back every night.
    Findings that already have their clue cost one lookup per batch, nothing more."""
    risk = RISK_SIGNAL_CHECKS.get(check.code)
    if risk is None:
        return []
    pairs = _household_and_member(check.model, rows)
    created: list[Clue] = []
    for start in range(0, len(pairs), BATCH):
        created += _quality_batch(check, risk, day, pairs[start : start + BATCH])
    return created


def _quality_batch(
    check: Check, risk: str, day: datetime.date, pairs: list[tuple[int, int | None]]
) -> list[Clue]:
    from households.models import Household, Member

    keyed = {f"quality:{check.code}:{hh}:{m or ''}:{day.year}": (hh, m) for hh, m in pairs}
    known = set(Clue.objects.filter(dedupe_key__in=list(keyed)).values_list("dedupe_key", flat=True))
    fresh = {key: pair for key, pair in keyed.items() if key not in known}
    if not fresh:
        return []
    households = Household.objects.select_related("village").in_bulk({hh for hh, _m in fresh.values()})
    members = Member.objects.in_bulk({m for _hh, m in fresh.values() if m})
    clues = []
    for key, (household_id, member_id) in fresh.items():
        member = members.get(member_id) if member_id else None
        clues.append(
            new_clue(
                households[household_id],
                by=None,
                source=Clue.Source.QUALITY,
                rule=check.code,
                risk_type=risk,
                dedupe_key=key,
                found_on=day,
                member=member,
                person_id=member.person_id if member else "",
                evidence={"check": str(check.label), "day": day.isoformat()},
            )
        )
    Clue.objects.bulk_create(clues, ignore_conflicts=True)
    created = list(Clue.objects.filter(dedupe_key__in=list(fresh), log__isnull=True))
    ClueLog.objects.bulk_create(ClueLog(clue=c, action="raise", to_status=c.status, by=None) for c in created)
    join_if_open_case(created, None)
    return created


def _township_users(township: Region) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role_assignments__role=Role.TOWNSHIP, role_assignments__regions=township
    ).distinct()


def clue_remind(on: datetime.date | None = None) -> int:
    """Daily: village users hear of the clues they must verify that are due soon or overdue; the
    township hears of every overdue clue of its villages. One notification per person per day
    (the dedupe key carries the day), so running it twice sends nothing new."""
    day = on or timezone.localdate()
    sent = 0
    verifying = Clue.objects.filter(status__in=(Clue.Status.DISPATCHED, Clue.Status.VERIFYING))
    soon: dict[int, int] = defaultdict(int)
    late: dict[int, int] = defaultdict(int)
    villages: dict[int, Region] = {}
    remind_days: dict[int, int] = {}
    for clue in verifying.filter(verify_due__isnull=False).select_related("household__village"):
        village = clue.household.village
        if village.pk not in remind_days:
            remind_days[village.pk] = policy_int("clue_remind_days", village)
        days = remind_days[village.pk]
        assert clue.verify_due is not None  # filtered above
        if clue.verify_due < day:
            late[village.pk] += 1
        elif clue.verify_due <= day + datetime.timedelta(days=days):
            soon[village.pk] += 1
        else:
            continue
        villages[village.pk] = village
    link = reverse("clues:list") + "?tab=verify"
    for pk, village in villages.items():
        message = _("本村有%(soon)d条预警线索即将到期、%(late)d条已超期，请及时核验。") % {
            "soon": soon[pk],
            "late": late[pk],
        }
        sent += notify(
            village_users(village),
            kind="clue_due",
            message=message,
            link=link,
            dedupe_key=f"clue-due-{pk}-{day}",
        )
    return sent + clue_escalate(day)


def clue_escalate(day: datetime.date) -> int:
    """Overdue clues (to dispatch or to verify) go up to the township, counted per township."""
    per_township: dict[int, int] = defaultdict(int)
    townships: dict[int, Region] = {}
    for clue in Clue.objects.overdue(day).select_related("household__village__parent"):
        township = clue.household.village.parent
        if township is None:
            continue
        per_township[township.pk] += 1
        townships[township.pk] = township
    sent = 0
    link = reverse("clues:list") + "?tab=all&overdue=on"
    for pk, township in townships.items():
        message = _("辖区内有%(n)d条预警线索已超期未办结，请督促分派和核验。") % {"n": per_township[pk]}
        sent += notify(
            _township_users(township),
            kind="clue_overdue",
            message=message,
            link=link,
            dedupe_key=f"clue-overdue-{pk}-{day}",
        )
    return sent
