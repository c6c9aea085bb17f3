"""Visits (走访): the 两不愁三保障 and drinking-water check recorded on a phone."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import ServiceError
from common.files import IMAGE, validate_uploads

from ..choices import Assurance, IncomeChange, RiskType, VisitKind
from ..models import Household, Visit, VisitPhoto
from ..signals import visit_recorded
from ._common import require_village_cadre


@transaction.atomic
def visit_record(
    *,
    household: Household,
    by: User,
    visited_on: datetime.date,
    checks: dict[str, str],
    check_notes: dict[str, str] | None = None,
    kind: str = VisitKind.HOME,
    income_change: str = "",
    new_risks: Sequence[str] = (),
    notes: str = "",
    photos: "Iterable[File[bytes]]" = (),
) -> Visit:
    """Record one visit. ``checks`` maps each of Visit.ASSURANCE_FIELDS to secure/problem; an item
    with a problem needs its note, so the problem is described where it was found.

    The one home of a visit's side effects: page, API and import all come here, and the apps
    listening to ``visit_recorded`` (clues raises one 预警线索 per risk found) act on every visit.
    ``visit.raised`` lists what they raised."""
    require_village_cadre(by, household.village)
    photos = validate_uploads(photos, allowed={IMAGE}, field="photos", region=household.village)
    if visited_on > timezone.localdate():
        raise ServiceError(_("走访日期不能晚于今天。"), code="future", field="visited_on")
    if kind not in VisitKind.values:
        raise ServiceError(_("请选择走访方式。"), code="kind", field="kind")
    check_notes = check_notes or {}
    values: dict[str, str] = {}
    for field in Visit.ASSURANCE_FIELDS:
        status = checks.get(field)
        if status not in Assurance.values:
            label = Visit._meta.get_field(field).verbose_name  # type: ignore[union-attr]  # a plain field
            raise ServiceError(_("请选择“%(item)s”是否有保障。") % {"item": label}, code="check", field=field)
        note = str(check_notes.get(field) or "").strip()
        if status == Assurance.PROBLEM and not note:
            label = Visit._meta.get_field(field).verbose_name  # type: ignore[union-attr]  # a plain field
            raise ServiceError(
                _("“%(item)s”有问题，请简要说明。") % {"item": label}, code="note", field=f"{field}_note"
            )
        values[field], values[f"{field}_note"] = status, note
    if income_change and income_change not in IncomeChange.values:
        raise ServiceError(_("收入变化取值无效。"), code="income_change", field="income_change")
    unknown = set(new_risks) - set(RiskType.values)
    if unknown:
        raise ServiceError(_("未知的风险类型。"), code="risk", field="new_risks")
    visit = Visit(
        household=household,
        visitor=by,
        visited_on=visited_on,
        kind=kind,
        income_change=income_change,
        new_risks=list(new_risks),
        notes=notes.strip(),
        problem_note="；".join(
            values[f"{f}_note"] for f in Visit.ASSURANCE_FIELDS if values[f] == Assurance.PROBLEM
        ),
        **values,
    )
    visit._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    visit.save()
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, file=photo)
    # Sent inside this transaction, not on_commit: the clues are written atomically with the visit,
    # so a visit never exists without the clues it found (a failing receiver rolls the visit back
    # and the cadre sees the error), and the page can tell the cadre at once what was raised.
    responses = visit_recorded.send(sender=Visit, visit=visit, by=by)
    visit.raised = [obj for _receiver, raised in responses for obj in raised or ()]
    return visit
