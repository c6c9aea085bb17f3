"""农户自主申报 (self-application, SPEC 4 discovery channel): services.

Two ways in. A village cadre fills the application with the applicant (``application_record``):
the household is known, so the clues are raised at once. Or the applicant scans the village's QR
poster and sends a short public form (``application_submit``): it only creates a *pending*
application that a village cadre accepts (matched to a household, clues raised) or dismisses with a
reason. Accepting and dismissing go through ``APPLICATION_WORKFLOW`` (``common.workflow``).
"""

import datetime
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.files import IMAGE, validate_upload
from common.notify import notify
from common.workflow import Transition, Workflow, transition
from households.choices import RiskType
from households.models import Household
from regions.models import Region

from .models import Application, Clue, ClueLog, VillageIntake
from .services import join_if_open_case, new_clue, village_users

A = Application.Status
APPLICATION_WORKFLOW = Workflow(
    model=Application,
    region=lambda application: application.village,
    transitions={
        "accept": Transition({A.PENDING}, Role.VILLAGE, A.ACCEPTED),
        "dismiss": Transition({A.PENDING}, Role.VILLAGE, A.DISMISSED),
    },
)


def _check_risks(risk_types: list[str]) -> list[str]:
    risks = [r for r in dict.fromkeys(risk_types) if r in RiskType.values]
    if not risks:
        raise ServiceError(_("请至少选择一项风险类型。"), code="risk_types", field="risk_types")
    return risks


def _raise_clues(application: Application, by: User) -> list[Clue]:
    """One clue per risk type the application names, source 农户申报, linked to the application."""
    household = application.household
    assert household is not None
    clues = [
        new_clue(
            household,
            by=by,
            source=Clue.Source.APPLICATION,
            rule="application",
            risk_type=risk,
            dedupe_key=f"application:{application.pk}:{risk}",
            found_on=application.found_on,
            application=application,
            evidence={"description": application.description[:300]},
        )
        for risk in application.risk_types
    ]
    for clue in clues:
        clue.save()
    ClueLog.objects.bulk_create(ClueLog(clue=c, action="raise", to_status=c.status, by=by) for c in clues)
    join_if_open_case(clues, by)
    return clues


@transaction.atomic
def application_record(
    *,
    household: Household,
    by: User,
    risk_types: list[str],
    description: str,
    found_on: datetime.date,
    photo: Any = None,
) -> Application:
    """A village cadre records a household's application with the applicant: clues at once."""
    require_role(by, Role.VILLAGE, region=household.village)
    risks = _check_risks(risk_types)
    description = (description or "").strip()
    if not description:
        raise ServiceError(_("请填写困难情况。"), code="description", field="description")
    if found_on > timezone.localdate():
        raise ServiceError(_("申报日期不能晚于今天。"), code="found_on", field="found_on")
    if photo:
        validate_upload(photo, allowed={IMAGE}, field="photo", region=household.village)
    application = Application.objects.create(
        village=household.village,
        via=Application.Via.CADRE,
        status=A.ACCEPTED,
        name=household.head_name or household.number,
        description=description,
        risk_types=risks,
        found_on=found_on,
        photo=photo or "",
        household=household,
        decided_by=by,
        decided_at=timezone.now(),
    )
    _raise_clues(application, by)
    return application


@transaction.atomic
def application_submit(
    *, intake: VillageIntake, name: str, phone: str, group: str, description: str
) -> Application:
    """The public QR-code form: a pending application, nothing else (no user, no household)."""
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        raise ServiceError(_("请填写姓名。"), code="name", field="name")
    if not description:
        raise ServiceError(_("请简要说明遇到的困难。"), code="description", field="description")
    application = Application.objects.create(
        village=intake.village,
        via=Application.Via.PUBLIC,
        name=name[:64],
        phone=(phone or "").strip()[:20],
        group=(group or "").strip()[:40],
        description=description[:1000],
    )
    notify(
        village_users(intake.village),
        kind="application_pending",
        message=_("收到一条农户扫码申报，请受理。"),
        link=reverse("clues:application", args=[application.pk]),
        dedupe_key=f"application-{application.pk}",
    )
    return application


@transaction.atomic
def application_accept(
    *, application: Application, by: User, household: Household, risk_types: list[str]
) -> Application:
    """受理: the cadre matches the application to a household of the village; clues are raised."""
    APPLICATION_WORKFLOW.check(application, "accept", by)
    if household.village_id != application.village_id:
        raise ServiceError(_("请选择本村的农户。"), code="household", field="household")
    risks = _check_risks(risk_types)
    transition(
        application,
        to=A.ACCEPTED,
        by=by,
        household=household,
        risk_types=risks,
        decided_by=by,
        decided_at=timezone.now(),
    )
    _raise_clues(application, by)
    return application


@transaction.atomic
def application_dismiss(*, application: Application, by: User, reason: str) -> Application:
    """不予受理, with the reason (not a resident, a duplicate, no difficulty the policy covers…)."""
    APPLICATION_WORKFLOW.check(application, "dismiss", by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("不予受理须填写原因。"), code="reason", field="reason")
    transition(
        application,
        to=A.DISMISSED,
        by=by,
        dismiss_reason=reason[:300],
        decided_by=by,
        decided_at=timezone.now(),
    )
    return application


def intake_for(*, village: Region, by: User) -> VillageIntake:
    """The village's public-page token, made on first use (the village cadre prints the poster)."""
    require_role(by, Role.VILLAGE, region=village)
    intake = VillageIntake.objects.filter(village=village).first()
    if intake is not None:
        return intake
    try:
        with transaction.atomic():
            return VillageIntake.objects.create(village=village, token=secrets.token_urlsafe(24))
    except IntegrityError:  # two cadres printing at once: the first token stands
        return VillageIntake.objects.get(village=village)
