"""State changes of the employment register and of the public-welfare posts.

Employment follow-up (就业帮扶台账, 跟踪随访): ``follow_ups_open`` (the beat task, idempotent) opens one
follow-up per member of the labour force and quarter and creates their ledger rows;
``follow_ups_remind`` tells each village's cadres once a quarter; ``follow_up_record`` (village
cadre) records it and updates the ledger row; a change from employed to 未就业 sends
``employment.signals.job_lost`` (clues raises a clue).

Public-welfare posts (按需设岗、以岗聘任、在岗领补、有序退岗): ``post_create``; ``appointment_propose``
(village, eligibility in ``employment.rules``) → ``appointment_approve`` (township) →
``appointment_exit`` (village or township, with a reason); ``attendance_record`` (village, monthly)
and ``subsidy_pay`` (township).
"""

import calendar
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.notify import notify
from common.workflow import Transition, Workflow, transition
from households.models import Member
from regions.models import Region

from .models import (
    EMPLOYED,
    Appointment,
    Attendance,
    EmploymentRecord,
    EmploymentStatus,
    FollowUp,
    WelfarePost,
)
from .rules import appointment_refusal, labour_force
from .signals import job_lost

F = FollowUp.Status
FOLLOW_UP_WORKFLOW = Workflow(
    model=FollowUp,
    region=lambda follow_up: follow_up.household.village,
    transitions={"record": Transition({F.DUE}, Role.VILLAGE, F.DONE)},
)

A = Appointment.Status
APPOINTMENT_WORKFLOW = Workflow(
    model=Appointment,
    region=lambda appointment: appointment.post.village,
    transitions={
        # 以岗聘任: the township approves the village's proposal; the member takes up the post.
        "approve": Transition({A.PROPOSED}, Role.TOWNSHIP, A.IN_POST),
        # 有序退岗 (or a proposal withdrawn), always with a reason.
        "exit": Transition({A.PROPOSED, A.IN_POST}, (Role.VILLAGE, Role.TOWNSHIP), A.EXITED),
    },
)


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of ``day``'s quarter."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    last_month = first_month + 2
    return (
        datetime.date(day.year, first_month, 1),
        datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
    )


def _village_cadres(village_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.VILLAGE, role_assignments__regions=village_id
        ).distinct()
    )


@transaction.atomic
def follow_ups_open(on: datetime.date | None = None) -> int:
    """Open this quarter's follow-ups of every member of the labour force; returns how many were new.

    Idempotent: a member has one follow-up per quarter (unique constraint) and one ledger row.
    """
    on = on or timezone.localdate()
    first, last = quarter_of(on)
    members = list(labour_force(Member.objects.all(), on).values_list("pk", "household_id"))
    # A member already in post starts as 公益岗位 (the approval found no ledger row to update).
    posts = {
        member_id: f"{village}{post}"
        for member_id, village, post in Appointment.objects.filter(status=A.IN_POST).values_list(
            "member_id", "post__village__name", "post__name"
        )
    }
    EmploymentRecord.objects.bulk_create(
        [
            EmploymentRecord(
                member_id=m, household_id=h, status=EmploymentStatus.WELFARE_POST, employer=posts[m]
            )
            if m in posts
            else EmploymentRecord(member_id=m, household_id=h)
            for m, h in members
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    before = FollowUp.objects.filter(quarter=first).count()
    FollowUp.objects.bulk_create(
        [FollowUp(member_id=m, household_id=h, quarter=first, due_on=last) for m, h in members],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return FollowUp.objects.filter(quarter=first).count() - before


def follow_ups_remind(on: datetime.date | None = None) -> int:
    """Tell the cadres of each village with due follow-ups this quarter, once per quarter."""
    on = on or timezone.localdate()
    first, last = quarter_of(on)
    sent = 0
    due = (
        FollowUp.objects.filter(quarter=first, status=F.DUE)
        .values("household__village_id")
        .annotate(n=Count("id"))
        .order_by("household__village_id")
    )
    for row in due:
        village_id = row["household__village_id"]
        sent += notify(
            _village_cadres(village_id),
            kind="employment_follow_up",
            message=_("本季度有 %(n)d 名劳动力待就业跟踪随访，请于%(due)s前完成。")
            % {"n": row["n"], "due": f"{last:%Y-%m-%d}"},
            link="/employment/follow-ups/",
            dedupe_key=f"employment-follow-up:{first:%Y-%m}:{village_id}",
        )
    return sent


@transaction.atomic
def follow_up_record(
    *,
    follow_up: FollowUp,
    by: User,
    employment_status: str,
    employer: str = "",
    months: int,
    income: Decimal,
    note: str = "",
) -> FollowUp:
    """The village cadre records a follow-up; the ledger row takes its figures."""
    FOLLOW_UP_WORKFLOW.check(follow_up, "record", by)
    today = timezone.localdate()
    if employment_status not in EmploymentStatus.values or employment_status == EmploymentStatus.UNKNOWN:
        raise ServiceError(_("请选择就业状态。"), field="employment_status")
    employer = employer.strip()
    if employment_status in EMPLOYED and not employer:
        raise ServiceError(_("已就业的，请填写用工单位或务工地点。"), field="employer")
    if not 0 <= months <= today.month:
        raise ServiceError(_("今年务工月数须在 0 到 %(n)d 之间。") % {"n": today.month}, field="months")
    if income < 0:
        raise ServiceError(_("务工收入不能为负数。"), field="income")
    if months == 0 and income > 0:
        raise ServiceError(_("今年务工月数为 0 时不能有务工收入。"), field="income")
    if (
        employment_status == EmploymentStatus.WELFARE_POST
        and not Appointment.objects.filter(member_id=follow_up.member_id, status=A.IN_POST).exists()
    ):
        raise ServiceError(_("该成员没有在岗的公益岗位，不能登记为“公益岗位”。"), field="employment_status")
    record, _created = EmploymentRecord.objects.select_for_update().get_or_create(
        member_id=follow_up.member_id, defaults={"household_id": follow_up.household_id}
    )
    previous = record.status
    transition(
        follow_up,
        to=F.DONE,
        by=by,
        employment_status=employment_status,
        previous_status=previous,
        employer=employer,
        months=months,
        income=income,
        note=note.strip(),
        recorded_on=today,
        recorded_by=by,
    )
    record.status = employment_status
    record.employer = employer
    record.year = today.year
    record.months = months
    record.income = income
    record.followed_on = today
    record.household_id = follow_up.household_id
    record._history_user = by  # type: ignore[attr-defined]
    record.save()
    if previous in EMPLOYED and employment_status == EmploymentStatus.UNEMPLOYED:
        job_lost.send(sender=FollowUp, follow_up=follow_up, by=by)
    return follow_up


# -- public-welfare posts ---------------------------------------------------------------------------


@transaction.atomic
def post_create(
    *,
    village: Region,
    by: User,
    kind: str,
    name: str,
    places: int,
    monthly_pay: Decimal,
    funding_source: str,
) -> WelfarePost:
    """按需设岗: the village or the township sets up a post in a village."""
    require_role(by, Role.VILLAGE, Role.TOWNSHIP, region=village)
    if village.level != Region.Level.VILLAGE:
        raise ServiceError(_("公益岗位须设在村（社区）。"), field="village")
    if kind not in WelfarePost.Kind.values:
        raise ServiceError(_("请选择岗位类别。"), field="kind")
    if funding_source not in WelfarePost.Funding.values:
        raise ServiceError(_("请选择资金来源。"), field="funding_source")
    if not name.strip():
        raise ServiceError(_("请填写岗位名称。"), field="name")
    if places < 1:
        raise ServiceError(_("岗位数至少为 1。"), field="places")
    if monthly_pay <= 0:
        raise ServiceError(_("月补贴标准须大于 0。"), field="monthly_pay")
    return WelfarePost.objects.create(
        village=village,
        kind=kind,
        name=name.strip(),
        places=places,
        monthly_pay=monthly_pay,
        funding_source=funding_source,
        created_by=by,
    )


@transaction.atomic
def appointment_propose(
    *, post: WelfarePost, member: Member, by: User, proposed_on: datetime.date
) -> Appointment:
    """以岗聘任 (1): the village proposes an eligible member (``employment.rules``)."""
    require_role(by, Role.VILLAGE, region=post.village)
    WelfarePost.objects.select_for_update().filter(pk=post.pk).first()  # one proposal per place at a time
    if proposed_on > timezone.localdate():
        raise ServiceError(_("拟聘日期不能晚于今天。"), field="proposed_on")
    refusal = appointment_refusal(member, post, proposed_on)
    if refusal:
        raise ServiceError(refusal, field="member")
    return Appointment.objects.create(
        post=post, member=member, household_id=member.household_id, proposed_on=proposed_on, created_by=by
    )


@transaction.atomic
def appointment_approve(*, appointment: Appointment, by: User, start_on: datetime.date) -> Appointment:
    """以岗聘任 (2): the township approves; the member's ledger row shows 公益岗位."""
    APPOINTMENT_WORKFLOW.check(appointment, "approve", by)
    if start_on < appointment.proposed_on:
        raise ServiceError(_("上岗日期不能早于拟聘日期。"), field="start_on")
    transition(appointment, to=A.IN_POST, by=by, start_on=start_on)
    record = EmploymentRecord.objects.filter(member_id=appointment.member_id).first()
    if record is not None:
        record.status = EmploymentStatus.WELFARE_POST
        record.employer = f"{appointment.post.village.name}{appointment.post.name}"
        record._history_user = by  # type: ignore[attr-defined]
        record.save(update_fields=["status", "employer", "updated_at"])
    return appointment


@transaction.atomic
def appointment_exit(
    *, appointment: Appointment, by: User, end_on: datetime.date, exit_reason: str, exit_note: str = ""
) -> Appointment:
    """有序退岗 (or a proposal withdrawn), with a reason; the place is free again."""
    APPOINTMENT_WORKFLOW.check(appointment, "exit", by)
    if exit_reason not in Appointment.ExitReason.values:
        raise ServiceError(_("请选择退岗原因。"), field="exit_reason")
    if exit_reason == Appointment.ExitReason.OTHER and not exit_note.strip():
        raise ServiceError(_("原因为“其他”时请填写退岗说明。"), field="exit_note")
    if end_on > timezone.localdate() or end_on < (appointment.start_on or appointment.proposed_on):
        raise ServiceError(_("退岗日期须在上岗日期之后且不晚于今天。"), field="end_on")
    transition(
        appointment, to=A.EXITED, by=by, end_on=end_on, exit_reason=exit_reason, exit_note=exit_note.strip()
    )
    return appointment


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def attendance_record(
    *,
    appointment: Appointment,
    by: User,
    month: datetime.date,
    days_worked: int,
    passed: bool,
    note: str = "",
) -> Attendance:
    """在岗领补 (1): the village records a month's attendance; a passed month earns the post's pay."""
    require_role(by, Role.VILLAGE, region=appointment.post.village)
    month = _month_start(month)
    if appointment.start_on is None:
        raise ServiceError(_("尚未上岗，不能登记考勤。"), field="month")
    last = _month_start(appointment.end_on) if appointment.end_on else _month_start(timezone.localdate())
    if not _month_start(appointment.start_on) <= month <= last:
        raise ServiceError(_("考勤月份须在在岗期间且不晚于本月。"), field="month")
    if not 0 <= days_worked <= calendar.monthrange(month.year, month.month)[1]:
        raise ServiceError(_("出勤天数超出该月天数。"), field="days_worked")
    if Attendance.objects.filter(appointment=appointment, month=month).exists():
        raise ServiceError(_("该月考勤已登记。"), field="month")
    return Attendance.objects.create(
        appointment=appointment,
        month=month,
        days_worked=days_worked,
        passed=passed,
        subsidy=appointment.post.monthly_pay if passed else Decimal(0),
        note=note.strip(),
        recorded_by=by,
    )


@transaction.atomic
def subsidy_pay(*, attendance: Attendance, by: User, paid_on: datetime.date) -> Attendance:
    """在岗领补 (2): the township records the subsidy paid, once, for a month that passed."""
    require_role(by, Role.TOWNSHIP, region=attendance.appointment.post.village)
    if not attendance.passed:
        raise ServiceError(_("考核不合格的月份不发放岗位补贴。"))
    if attendance.paid_on is not None:
        raise ServiceError(_("该月补贴已发放。"))
    if paid_on > timezone.localdate() or paid_on < attendance.month:
        raise ServiceError(_("发放日期须在考勤月份之后且不晚于今天。"), field="paid_on")
    transition(attendance, to={"paid_on": paid_on}, by=by, expect={"paid_on": None}, paid_by=by)
    return attendance
