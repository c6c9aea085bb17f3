"""Demo employment register and public-welfare posts (runs after the assistance demo).

Opens this quarter's and last quarter's follow-ups for the demo county's labour force. In 建龙村
(the ``village_a`` demo cadre) and 栗子乡 (``township``) everything goes through the services:
follow-ups recorded in every status, one member who lost their job (a clue), posts with a proposal
(拟聘), people in post (在岗) with attendance paid, unpaid and failed, and an exit (已退岗). Elsewhere
the ledger rows get a deterministic spread of statuses directly, and some follow-ups stay due.
Idempotent: nothing happens once a post exists.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regions.models import Region

from . import services
from .models import EMPLOYED, Appointment, EmploymentRecord, EmploymentStatus, FollowUp, WelfarePost

S = EmploymentStatus
DEMO_VILLAGE = "500230201201"  # 建龙村
OTHER_VILLAGE = "500230201202"  # 联合村
EMPLOYERS: dict[str, list[str]] = {
    S.LOCAL: ["丰都县就业帮扶车间", "栗子乡榨菜加工厂", "县城建筑工地"],
    S.OUT_COUNTY: ["重庆市渝北区某物流公司", "涪陵区某食品厂"],
    S.OUT_CITY: ["浙江宁波某电子厂", "广东东莞某制衣厂", "福建晋江某鞋厂"],
    S.SELF_EMPLOYED: ["自营农家乐", "自营养蜂场"],
    S.FLEXIBLE: ["外卖配送", "零工"],
    S.WELFARE_POST: ["建龙村村级保洁员"],
}


def _employer(rng: random.Random, status: str) -> str:
    return rng.choice(EMPLOYERS[status]) if status in EMPLOYERS else ""


@transaction.atomic
def build(*, stdout: Any, seed: int = 2026, **_: Any) -> None:
    if WelfarePost.objects.exists():
        return
    village_user = User.objects.filter(username="village_a").first()
    township_user = User.objects.filter(username="township").first()
    village = Region.objects.filter(code=DEMO_VILLAGE).first()
    if village_user is None or township_user is None or village is None:
        stdout.write("  [employment] 没有演示账号或建龙村，未创建就业帮扶演示数据。")
        return
    today = timezone.localdate()
    first, _last = services.quarter_of(today)
    previous = first - datetime.timedelta(days=1)
    services.follow_ups_open(previous)
    opened = services.follow_ups_open(today)
    if not EmploymentRecord.objects.exists():
        stdout.write("  [employment] 没有脱贫户或监测户劳动力，未创建就业帮扶演示数据。")
        return
    rng = random.Random(seed)
    _spread_elsewhere(rng, today, previous)
    _demo_village(rng, village, village_user, township_user, today, previous)
    services.follow_ups_remind(today)
    stdout.write(
        f"  [employment] 本季度随访 {opened} 条，台账 {EmploymentRecord.objects.count()} 人，"
        f"公益岗位 {WelfarePost.objects.count()} 个"
    )


def _spread_elsewhere(rng: random.Random, today: datetime.date, previous: datetime.date) -> None:
    """Ledger rows outside 建龙村: last quarter's follow-up done with a spread of statuses."""
    weights = [(S.LOCAL, 30), (S.OUT_COUNTY, 15), (S.OUT_CITY, 25), (S.SELF_EMPLOYED, 5), (S.FLEXIBLE, 10)]
    weights += [(S.UNEMPLOYED, 10), (S.UNKNOWN, 5)]
    statuses, cumulative = zip(*weights, strict=True)
    records = list(EmploymentRecord.objects.exclude(household__village__code=DEMO_VILLAGE).order_by("pk"))
    done = []
    for record in records:
        record.status = rng.choices(statuses, cumulative)[0]
        if record.status == S.UNKNOWN:
            continue
        record.employer = _employer(rng, record.status)
        record.year = today.year
        record.months = rng.randint(1, today.month) if record.status in EMPLOYED else 0
        record.income = Decimal(record.months * rng.choice((2500, 3000, 3800, 4500)))
        record.followed_on = previous
        done.append(record)
    EmploymentRecord.objects.bulk_update(
        done, ["status", "employer", "year", "months", "income", "followed_on"], batch_size=2000
    )
    first_previous, _ = services.quarter_of(previous)
    by_member = {r.member_id: r for r in done}
    follow_ups = list(FollowUp.objects.filter(quarter=first_previous, member_id__in=by_member))
    for follow_up in follow_ups:
        record = by_member[follow_up.member_id]
        follow_up.status = FollowUp.Status.DONE
        follow_up.employment_status = record.status
        follow_up.previous_status = S.UNKNOWN
        follow_up.employer = record.employer
        follow_up.months = record.months
        follow_up.income = record.income
        follow_up.recorded_on = previous
    FollowUp.objects.bulk_update(
        follow_ups,
        ["status", "employment_status", "previous_status", "employer", "months", "income", "recorded_on"],
        batch_size=2000,
    )


def _demo_village(
    rng: random.Random,
    village: Region,
    cadre: User,
    township: User,
    today: datetime.date,
    previous: datetime.date,
) -> None:
    first, _ = services.quarter_of(today)
    first_previous, _ = services.quarter_of(previous)
    members = [
        r.member
        for r in EmploymentRecord.objects.filter(household__village=village)
        .select_related("member__household")
        .order_by("household__number", "member_id")
    ]
    if len(members) < 3:
        return
    due_now = {f.member_id: f for f in FollowUp.objects.filter(quarter=first, member__in=members)}
    due_before = {f.member_id: f for f in FollowUp.objects.filter(quarter=first_previous, member__in=members)}
    months = min(today.month, 6)

    def record(member: Any, follow_ups: dict[int, FollowUp], status: str) -> None:
        follow_up = follow_ups.get(member.pk)
        if follow_up is None or follow_up.status != FollowUp.Status.DUE:
            return
        worked = months if status in EMPLOYED else 0
        services.follow_up_record(
            follow_up=follow_up,
            by=cadre,
            employment_status=status,
            employer=_employer(rng, status),
            months=worked,
            income=Decimal(worked * 3200),
        )

    # Posts: 按需设岗 in 建龙村 (by the village) and 联合村 (by the township).
    cleaning = services.post_create(
        village=village,
        by=cadre,
        kind=WelfarePost.Kind.CLEANING,
        name="村级保洁员",
        places=3,
        monthly_pay=Decimal("500"),
        funding_source=WelfarePost.Funding.LINKAGE,
    )
    services.post_create(
        village=village,
        by=cadre,
        kind=WelfarePost.Kind.FOREST,
        name="生态护林员",
        places=2,
        monthly_pay=Decimal("800"),
        funding_source=WelfarePost.Funding.EMPLOYMENT,
    )
    other = Region.objects.filter(code=OTHER_VILLAGE).first()
    if other is not None:
        services.post_create(
            village=other,
            by=township,
            kind=WelfarePost.Kind.RIVER,
            name="巡河员",
            places=1,
            monthly_pay=Decimal("600"),
            funding_source=WelfarePost.Funding.COLLECTIVE,
        )
    start = max(first_previous, today - datetime.timedelta(days=120))
    holder, leaver, proposed, *rest = members
    # 在岗, with three months of attendance: paid, unpaid, failed.
    appointment = services.appointment_propose(post=cleaning, member=holder, by=cadre, proposed_on=start)
    services.appointment_approve(appointment=appointment, by=township, start_on=start)
    months_in_post = sorted({(start + datetime.timedelta(days=31 * i)).replace(day=1) for i in range(3)})
    rows = [
        services.attendance_record(
            appointment=appointment, by=cadre, month=month, days_worked=22 - i * 7, passed=i < 2
        )
        for i, month in enumerate(m for m in months_in_post if m <= today)
    ]
    if rows:
        services.subsidy_pay(
            attendance=rows[0], by=township, paid_on=min(today, rows[0].month + datetime.timedelta(days=40))
        )
    record(holder, due_now, S.WELFARE_POST)
    # 已退岗 after a month.
    left = services.appointment_propose(post=cleaning, member=leaver, by=cadre, proposed_on=start)
    services.appointment_approve(appointment=left, by=township, start_on=start)
    services.appointment_exit(
        appointment=left,
        by=cadre,
        end_on=min(today, start + datetime.timedelta(days=30)),
        exit_reason=Appointment.ExitReason.EMPLOYED_ELSEWHERE,
    )
    # 拟聘, waiting for the township.
    services.appointment_propose(post=cleaning, member=proposed, by=cadre, proposed_on=today)
    # Follow-ups: last quarter employed, this quarter every status; one lost the job (a clue).
    statuses = [S.OUT_CITY, S.LOCAL, S.OUT_COUNTY, S.SELF_EMPLOYED, S.FLEXIBLE, S.UNEMPLOYED]
    record(leaver, due_before, S.OUT_CITY)
    record(leaver, due_now, S.UNEMPLOYED)  # lost the job: a clue for the township
    record(proposed, due_before, S.UNEMPLOYED)
    for i, member in enumerate(rest):
        if i % 4 == 3:
            continue  # stays 待随访
        record(member, due_before, statuses[i % len(statuses)])
        if i % 3:
            record(member, due_now, statuses[(i + 1) % len(statuses)])
