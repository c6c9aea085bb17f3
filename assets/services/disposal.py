"""Disposal (处置): "任何单位和个人不得随意处置国有和集体扶贫项目资产" (seed 000, 002).

A request goes requested → reviewed (township) → approved (county) → completed (proceeds recorded,
asset marked disposed); either reviewer may reject. The workflow is the table below, checked and
applied by ``common.workflow``.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role, user_may
from common.errors import ServiceError
from common.workflow import Transition, Workflow, transition
from regions.models import Region

from ..choices import AssetStatus, OwnerType
from ..models import Asset, Disposal, DisposalStep
from .roles import RECORD_ROLES, refuse_household_class, require_active

S = Disposal.Status


def _reviewers(disposal: Disposal) -> tuple[str, ...]:
    # A county-held asset has no township above it: the county reviews it as well.
    return (Role.COUNTY,) if disposal.asset.level == "county" else (Role.TOWNSHIP,)


DISPOSAL_WORKFLOW = Workflow(
    model=Disposal,
    region=lambda disposal: disposal.asset.region,
    transitions={
        "review": Transition({S.REQUESTED}, _reviewers, S.REVIEWED),
        "approve": Transition({S.REVIEWED}, Role.COUNTY, S.APPROVED),
        "reject": (
            Transition({S.REQUESTED}, _reviewers, S.REJECTED),
            Transition({S.REVIEWED}, Role.COUNTY, S.REJECTED),
        ),
        "complete": Transition({S.APPROVED}, (Role.COUNTY, Role.TOWNSHIP), S.COMPLETED),
    },
)


def allowed_actions(disposal: Disposal, user: User) -> list[str]:
    """The actions ``user`` may take on ``disposal`` now (for the buttons the page shows)."""
    return DISPOSAL_WORKFLOW.allowed_actions(disposal, user)


def _acting_role(user: User, roles: tuple[str, ...], region: Region) -> str:
    return next((r for r in roles if user_may(user, r, region=region)), "superuser")


def _transition(disposal: Disposal, *, action: str, by: User, opinion: str = "", **changes: Any) -> Disposal:
    row, role = DISPOSAL_WORKFLOW.check(disposal, action, by)
    from_status = disposal.status
    target = row.target_for(disposal)
    assert target is not None  # every disposal action names its target
    transition(disposal, to=target, by=by, **changes)
    DisposalStep.objects.create(
        disposal=disposal,
        action=action,
        from_status=from_status,
        to_status=disposal.status,
        opinion=opinion,
        by=by,
        role=role,
    )
    return disposal


@transaction.atomic
def disposal_request(*, asset: Asset, by: User, kind: str, reason: str) -> Disposal:
    require_role(by, *RECORD_ROLES, region=asset.region)
    refuse_household_class(asset, _("处置"))
    require_active(asset)
    if asset.owner_type not in (OwnerType.STATE, OwnerType.COLLECTIVE):
        raise ServiceError(_("只有国有和村集体资产走处置审批流程。"), code="not_public_owned")
    if not reason.strip():
        raise ServiceError(_("请填写处置理由。"), field="reason")
    if Disposal.objects.filter(asset=asset, status__in=Disposal.OPEN_STATUSES).exists():
        raise ServiceError(_("该资产已有未办结的处置申请。"), code="disposal_open")
    disposal = Disposal.objects.create(asset=asset, kind=kind, reason=reason, requested_by=by)
    DisposalStep.objects.create(
        disposal=disposal,
        action="request",
        from_status="",
        to_status=S.REQUESTED,
        opinion=reason,
        by=by,
        role=_acting_role(by, RECORD_ROLES, asset.region),
    )
    return disposal


def _require_opinion(opinion: str) -> None:
    if not opinion.strip():
        raise ServiceError(_("请填写审核意见。"), field="opinion")


@transaction.atomic
def disposal_review(*, disposal: Disposal, by: User, opinion: str) -> Disposal:
    _require_opinion(opinion)
    return _transition(disposal, action="review", by=by, opinion=opinion)


@transaction.atomic
def disposal_approve(*, disposal: Disposal, by: User, opinion: str) -> Disposal:
    _require_opinion(opinion)
    return _transition(disposal, action="approve", by=by, opinion=opinion)


@transaction.atomic
def disposal_reject(*, disposal: Disposal, by: User, opinion: str) -> Disposal:
    _require_opinion(opinion)
    return _transition(disposal, action="reject", by=by, opinion=opinion)


@transaction.atomic
def disposal_complete(
    *, disposal: Disposal, by: User, proceeds: Decimal, disposed_on: date, proceeds_use: str = ""
) -> Disposal:
    """Record the proceeds; the asset leaves the active ledger, its history stays."""
    if proceeds is None or proceeds < 0:
        raise ServiceError(_("请填写处置收入（无收入填 0）。"), field="proceeds")
    if disposed_on > timezone.localdate():
        raise ServiceError(_("处置日期不能晚于今天。"), field="disposed_on")
    disposal = _transition(
        disposal,
        action="complete",
        by=by,
        proceeds=proceeds,
        disposed_on=disposed_on,
        proceeds_use=proceeds_use,
    )
    asset = disposal.asset
    asset.status, asset.disposed_on = AssetStatus.DISPOSED, disposed_on
    asset.save(update_fields=["status", "disposed_on", "updated_at"])  # save(): history records it
    return disposal
