"""住房安全问题台账, 销号制 (seed 000 line 259).

登记 → 整改中 → 待核验 → 已销号, or 不属实 with a reason. A problem is opened by a village cadre, from
a visit whose housing answer is a problem (``open_from_visit``, connected to
``households.signals.visit_recorded``) or from a 住建 department match (``housing_problem_from_department``,
for clues, which sits above assistance, to call). Only the township verifies and strikes off.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.files import validate_upload
from common.workflow import Transition, Workflow, transition
from households.choices import Assurance
from households.models import Household, Visit

from ..models import HousingPhoto, HousingProblem

S = HousingProblem.Status
HOUSING_WORKFLOW = Workflow(
    model=HousingProblem,
    region=lambda problem: problem.household.village,
    transitions={
        # Assign the unit and person responsible: the rectification starts.
        "assign": Transition({S.REGISTERED}, (Role.VILLAGE, Role.TOWNSHIP), S.FIXING),
        # The village reports the fix, with photos: the problem waits for the township.
        "report_fixed": Transition({S.FIXING}, Role.VILLAGE, S.AWAITING),
        # 销号: only the township, only after the fix is reported.
        "strike_off": Transition({S.AWAITING}, Role.TOWNSHIP, S.STRUCK_OFF),
        # The township finds the fix insufficient: back to 整改中.
        "reject_fix": Transition({S.AWAITING}, Role.TOWNSHIP, S.FIXING),
        "unfounded": Transition({S.REGISTERED, S.FIXING}, Role.TOWNSHIP, S.UNFOUNDED),
    },
)

PHOTO_KINDS = ("image",)


def _required(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ServiceError(message, field=field)
    return value.strip()


@transaction.atomic
def housing_problem_open(
    *,
    household: Household,
    by: User,
    found_on: datetime.date,
    description: str,
    grade: str = "",
    assigned_unit: str = "",
    assigned_person: str = "",
) -> HousingProblem:
    """A village cadre registers a problem by hand (手工)."""
    require_role(by, Role.VILLAGE, region=household.village)
    if found_on > timezone.localdate():
        raise ServiceError(_("发现日期不能晚于今天。"), field="found_on")
    if grade not in ("", *HousingProblem.Grade.values):
        raise ServiceError(_("鉴定等级只能是C级或D级。"), field="grade")
    return HousingProblem.objects.create(
        household=household,
        found_on=found_on,
        source=HousingProblem.Source.MANUAL,
        description=_required(description, "description", _("请填写问题描述。")),
        grade=grade,
        assigned_unit=assigned_unit,
        assigned_person=assigned_person,
        created_by=by,
    )


def open_from_visit(sender: Any = None, *, visit: Visit, by: User, **kwargs: Any) -> list[Any]:
    """``visit_recorded`` receiver: a housing answer "有问题" opens a problem unless one is open.

    Returns no raised objects: ``visit.raised`` lists clues, and a housing problem is not one.
    """
    if visit.housing != Assurance.PROBLEM:
        return []
    if HousingProblem.objects.open().filter(household_id=visit.household_id).exists():
        return []
    HousingProblem.objects.create(
        household_id=visit.household_id,
        found_on=visit.visited_on,
        source=HousingProblem.Source.VISIT,
        visit=visit,
        description=visit.housing_note or _("走访发现住房安全问题"),
        created_by=by,
    )
    return []


@transaction.atomic
def housing_problem_from_department(
    *, household: Household, found_on: datetime.date, grade: str = "", description: str = ""
) -> HousingProblem | None:
    """A 住建 appraisal match (C/D grade) opens a problem, unless one is open for the household.

    No user: the department upload is the source. Called by the app that matches department data
    (clues, above assistance); returns the new problem or None.
    """
    if HousingProblem.objects.open().filter(household=household).exists():
        return None
    return HousingProblem.objects.create(
        household=household,
        found_on=found_on,
        source=HousingProblem.Source.DEPARTMENT,
        grade=grade if grade in HousingProblem.Grade.values else "",
        description=description or _("住建部门住房安全鉴定为%(grade)s级危房") % {"grade": grade or "C/D"},
    )


@transaction.atomic
def housing_problem_assign(
    *, problem: HousingProblem, by: User, assigned_unit: str, assigned_person: str = ""
) -> HousingProblem:
    HOUSING_WORKFLOW.check(problem, "assign", by)
    unit = _required(assigned_unit, "assigned_unit", _("请填写责任单位。"))
    transition(problem, to=S.FIXING, by=by, assigned_unit=unit, assigned_person=assigned_person.strip())
    return problem


@transaction.atomic
def housing_problem_report_fixed(
    *, problem: HousingProblem, by: User, fixed_on: datetime.date, fix_note: str, photos: Sequence[Any]
) -> HousingProblem:
    """整改完成: a note and at least one photo (checked by content) send it to the township."""
    HOUSING_WORKFLOW.check(problem, "report_fixed", by)
    note = _required(fix_note, "fix_note", _("请填写整改情况。"))
    if fixed_on > timezone.localdate() or fixed_on < problem.found_on:
        raise ServiceError(_("整改完成日期须在发现日期之后且不晚于今天。"), field="fixed_on")
    if not photos:
        raise ServiceError(_("请上传整改照片。"), field="photos")
    for photo in photos:
        validate_upload(photo, allowed=PHOTO_KINDS, field="photos", region=problem.household.village)
    transition(problem, to=S.AWAITING, by=by, fixed_on=fixed_on, fix_note=note)
    HousingPhoto.objects.bulk_create(HousingPhoto(problem=problem, file=photo) for photo in photos)
    return problem


@transaction.atomic
def housing_problem_strike_off(*, problem: HousingProblem, by: User, verify_note: str) -> HousingProblem:
    """销号 after the township's verification."""
    HOUSING_WORKFLOW.check(problem, "strike_off", by)
    note = _required(verify_note, "verify_note", _("请填写核验意见。"))
    transition(problem, to=S.STRUCK_OFF, by=by, verify_note=note, struck_off_on=timezone.localdate())
    return problem


@transaction.atomic
def housing_problem_reject_fix(*, problem: HousingProblem, by: User, verify_note: str) -> HousingProblem:
    HOUSING_WORKFLOW.check(problem, "reject_fix", by)
    note = _required(verify_note, "verify_note", _("请填写核验意见。"))
    transition(problem, to=S.FIXING, by=by, verify_note=note)
    return problem


@transaction.atomic
def housing_problem_unfounded(*, problem: HousingProblem, by: User, reason: str) -> HousingProblem:
    HOUSING_WORKFLOW.check(problem, "unfounded", by)
    text = _required(reason, "reason", _("请填写不属实的原因。"))
    transition(problem, to=S.UNFOUNDED, by=by, unfounded_reason=text)
    return problem


def refuse_exit_with_open_housing_problem(case: Any) -> str | None:
    """Exit guard (三保障, housing): an open problem in the ledger blocks the exit."""
    count = HousingProblem.objects.open().filter(household_id=case.household_id).count()
    if count:
        return _("住房安全问题台账中尚有 %(count)d 个问题未销号。") % {"count": count}
    return None
