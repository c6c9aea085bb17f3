"""Measures on a case: planned → implementing → completed, cancel from planned or implementing."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import Conflict, ServiceError
from common.workflow import Transition, Workflow, transition

from ..models import Measure, MeasureCategory

if TYPE_CHECKING:
    from monitoring.models import Case

S = Measure.Status
# The measure workflow: a village cadre of the case's village moves it.
MEASURE_WORKFLOW = Workflow(
    model=Measure,
    region=lambda measure: measure.case.village,
    transitions={
        "start": Transition({S.PLANNED}, Role.VILLAGE, S.IMPLEMENTING),
        "complete": Transition({S.IMPLEMENTING}, Role.VILLAGE, S.COMPLETED),
        "cancel": Transition({S.PLANNED, S.IMPLEMENTING}, Role.VILLAGE, S.CANCELLED),
    },
)
# Fields a cadre edits with measure_update; status and actual dates move only by transitions.
EDITABLE = (
    "category",
    "member",
    "content",
    "responsible_unit",
    "amount",
    "funding_source",
    "planned_start",
    "planned_end",
    "effect",
)


def _check_case(case: "Case", by: User) -> None:
    require_role(by, Role.VILLAGE, region=case.village)
    if case.status not in case.OPEN_STATUSES:
        raise ServiceError(_("该监测对象已结束监测，不能再安排帮扶措施。"), code="case_closed")


def _validate(measure: Measure) -> None:
    if measure.category_id is None or not measure.category.active:
        raise ServiceError(_("请选择一个启用中的措施类别。"), code="category", field="category")
    if not measure.content.strip():
        raise ServiceError(_("请填写措施内容。"), code="content", field="content")
    if measure.member and measure.member.household_id != measure.case.household_id:
        raise ServiceError(_("所选成员不属于该户。"), code="member", field="member")
    if measure.amount is not None and measure.amount < Decimal(0):
        raise ServiceError(_("金额不能为负数。"), code="amount", field="amount")
    if measure.planned_start and measure.planned_end and measure.planned_end < measure.planned_start:
        raise ServiceError(_("计划完成日期不能早于计划开始日期。"), code="planned_end", field="planned_end")


def _save(measure: Measure, by: User) -> None:
    measure._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    measure.save()


@transaction.atomic
def measure_create(
    *, case: "Case", by: User, category: MeasureCategory, content: str, **fields: Any
) -> Measure:
    """A planned measure on ``case`` (fields: member, responsible_unit, amount, funding_source,
    planned_start, planned_end, effect)."""
    _check_case(case, by)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    measure = Measure(case=case, category=category, content=content, created_by=by, **fields)
    _validate(measure)
    _save(measure, by)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, by: User, **fields: Any) -> Measure:
    """Edit the plan's details. A cancelled measure is kept as it was."""
    _check_case(measure.case, by)
    if measure.status == S.CANCELLED:
        raise ServiceError(_("已取消的措施不能修改。"), code="cancelled")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    # Compare-and-set on the status read: a transition in between makes this edit stale.
    locked = Measure.objects.select_for_update().filter(pk=measure.pk, status=measure.status).first()
    if locked is None:
        raise Conflict(_("该措施已被他人修改，请刷新后重试。"), code="stale")
    for name, value in fields.items():
        setattr(measure, name, value)
    _validate(measure)
    _save(measure, by)
    return measure


def _transition(measure: Measure, by: User, verb: str, **fields: Any) -> Measure:
    _check_case(measure.case, by)
    row, _role = MEASURE_WORKFLOW.check(measure, verb, by)
    # Two cadres pressing the same button: the second UPDATE matches no row (Conflict).
    target = row.target_for(measure)
    assert target is not None  # every measure action names its target
    transition(measure, to=target, by=by, **fields)
    return measure


def _past_or_today(value: datetime.date, field: str) -> datetime.date:
    if value > timezone.localdate():
        raise ServiceError(_("日期不能晚于今天。"), code=field, field=field)
    return value


@transaction.atomic
def measure_start(*, measure: Measure, by: User, actual_start: datetime.date | None = None) -> Measure:
    actual_start = _past_or_today(actual_start or timezone.localdate(), "actual_start")
    return _transition(measure, by, "start", actual_start=actual_start)


@transaction.atomic
def measure_complete(
    *, measure: Measure, by: User, actual_end: datetime.date | None = None, effect: str = ""
) -> Measure:
    actual_end = _past_or_today(actual_end or timezone.localdate(), "actual_end")
    if measure.actual_start and actual_end < measure.actual_start:
        raise ServiceError(_("实际完成日期不能早于实际开始日期。"), code="actual_end", field="actual_end")
    return _transition(measure, by, "complete", actual_end=actual_end, effect=effect or measure.effect)


@transaction.atomic
def measure_cancel(*, measure: Measure, by: User, reason: str) -> Measure:
    if not reason.strip():
        raise ServiceError(_("请填写取消原因。"), code="reason", field="reason")
    measure._change_reason = reason[:100]  # type: ignore[attr-defined]  # read by simple-history on save
    return _transition(
        measure,
        by,
        "cancel",
        effect=(measure.effect + "\n" if measure.effect else "") + _("取消原因：") + reason,
    )
