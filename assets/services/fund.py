"""The operation and maintenance fund (运维基金): contributions, requests level by level, spending.

A request for a seriously damaged public-benefit (公益性) asset goes requested → reviewed (township;
the county for a county-held asset) → approved (county, with an amount the fund can still cover)
→ completed (after at least one payment); either reviewer may reject. The table below is checked
and applied by ``common.workflow``; every step is logged with its opinion.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role, user_may
from common.errors import ServiceError
from common.workflow import Transition, Workflow, transition
from monitoring.notifications import notify_region_on_commit
from regions.models import Region

from ..choices import AssetClass
from ..models import Asset, FundContribution, FundRequest, FundRequestStep, FundSpending, MaintenanceReport
from .roles import RECORD_ROLES, require_active

S = FundRequest.Status


def county_of(region: Region) -> Region:
    """The county whose fund serves ``region`` (the region itself when it is a county)."""
    if region.level == Region.Level.COUNTY:
        return region
    county = region.ancestors().filter(level=Region.Level.COUNTY).first()
    if county is None:
        raise ServiceError(_("该资产所在区域不属于任何区县，无法申请运维基金。"), code="no_county")
    return county


def fund_balance(county: Region) -> dict[str, Decimal]:
    """received − committed = available. Committed: the approval of each approved request, the
    amount actually spent of each completed one (what was not spent returns to the fund)."""
    zero = Decimal("0.00")
    received = FundContribution.objects.filter(county=county).aggregate(s=Sum("amount"))["s"] or zero
    approved = (
        FundRequest.objects.filter(county=county, status=S.APPROVED).aggregate(s=Sum("amount_approved"))["s"]
        or zero
    )
    paid = FundSpending.objects.filter(request__county=county).aggregate(
        spent=Sum("amount"), spent_done=Sum("amount", filter=Q(request__status=S.COMPLETED))
    )
    spent, committed = paid["spent"] or zero, approved + (paid["spent_done"] or zero)
    return {"received": received, "committed": committed, "spent": spent, "available": received - committed}


def _reviewers(fund_request: FundRequest) -> tuple[str, ...]:
    # A county-held asset has no township above it: the county reviews it as well.
    return (Role.COUNTY,) if fund_request.asset.level == "county" else (Role.TOWNSHIP,)


FUND_WORKFLOW = Workflow(
    model=FundRequest,
    region=lambda fund_request: fund_request.asset.region,
    transitions={
        "review": Transition({S.REQUESTED}, _reviewers, S.REVIEWED),
        "approve": Transition({S.REVIEWED}, Role.COUNTY, S.APPROVED),
        "reject": (
            Transition({S.REQUESTED}, _reviewers, S.REJECTED),
            Transition({S.REVIEWED}, Role.COUNTY, S.REJECTED),
        ),
        "complete": Transition({S.APPROVED}, (Role.TOWNSHIP, Role.COUNTY), S.COMPLETED),
    },
)


def allowed_actions(fund_request: FundRequest, user: User) -> list[str]:
    """The actions ``user`` may take on ``fund_request`` now (the buttons the page shows)."""
    return FUND_WORKFLOW.allowed_actions(fund_request, user)


def _acting_role(user: User, roles: tuple[str, ...], region: Region) -> str:
    return next((r for r in roles if user_may(user, r, region=region)), "superuser")


def _step(
    fund_request: FundRequest, *, action: str, by: User, opinion: str = "", **changes: Any
) -> FundRequest:
    row, role = FUND_WORKFLOW.check(fund_request, action, by)
    from_status = fund_request.status
    target = row.target_for(fund_request)
    assert target is not None  # every fund action names its target
    transition(fund_request, to=target, by=by, **changes)
    FundRequestStep.objects.create(
        request=fund_request, action=action, from_status=from_status, to_status=fund_request.status,
        opinion=opinion, by=by, role=role,
    )  # fmt: skip
    return fund_request


def _tell(fund_request: FundRequest, *, action: str, message: str, roles: tuple[str, ...], by: User) -> None:
    """The users of ``roles`` over the asset's region, and the requester; never the actor; on commit."""
    notify_region_on_commit(
        fund_request.asset.region,
        roles,
        by=by,
        kind="asset_fund",
        message=message,
        link=reverse("assets:fund_request", args=[fund_request.pk]),
        dedupe_key=f"asset-fund-{fund_request.pk}-{action}",
        also=(fund_request.requested_by_id,),
    )


def _require_opinion(opinion: str) -> None:
    if not opinion.strip():
        raise ServiceError(_("请填写审核意见。"), field="opinion")


@transaction.atomic
def fund_contribution_record(
    *, county: Region, by: User, received_on: date, amount: Decimal, source: str, note: str = ""
) -> FundContribution:
    require_role(by, Role.COUNTY, region=county)
    if county.level != Region.Level.COUNTY:
        raise ServiceError(_("运维基金按区县设立，请选择区县。"), field="county")
    if amount is None or amount <= 0:
        raise ServiceError(_("金额须大于 0。"), field="amount")
    if received_on > timezone.localdate():
        raise ServiceError(_("到账日期不能晚于今天。"), field="received_on")
    return FundContribution.objects.create(
        county=county, received_on=received_on, amount=amount, source=source, note=note, recorded_by=by
    )


@transaction.atomic
def fund_request_submit(
    *,
    asset: Asset,
    by: User,
    amount_requested: Decimal,
    reason: str,
    damage_report: MaintenanceReport | None = None,
) -> FundRequest:
    """逐级申报: whoever holds the asset's ledger or records on it asks; the township reviews."""
    require_role(by, *RECORD_ROLES, region=asset.region)
    require_active(asset)
    if asset.asset_class != AssetClass.PUBLIC:
        raise ServiceError(_("运维基金只用于公益性扶贫项目资产的严重损毁维修。"), code="not_public_benefit")
    if amount_requested is None or amount_requested <= 0:
        raise ServiceError(_("申请金额须大于 0。"), field="amount_requested")
    if not reason.strip():
        raise ServiceError(_("请填写损毁情况及维修方案。"), field="reason")
    if damage_report is not None and (
        damage_report.asset_id != asset.pk or damage_report.kind != MaintenanceReport.Kind.DAMAGE
    ):
        raise ServiceError(_("请选择该资产的损毁报告。"), field="damage_report")
    if FundRequest.objects.filter(asset=asset, status__in=FundRequest.OPEN_STATUSES).exists():
        raise ServiceError(_("该资产已有未办结的运维基金申请。"), code="fund_request_open")
    fund_request = FundRequest.objects.create(
        asset=asset,
        county=county_of(asset.region),
        damage_report=damage_report,
        amount_requested=amount_requested,
        reason=reason,
        requested_by=by,
    )
    FundRequestStep.objects.create(
        request=fund_request, action="request", from_status="", to_status=S.REQUESTED, opinion=reason,
        by=by, role=_acting_role(by, RECORD_ROLES, asset.region),
    )  # fmt: skip
    _tell(
        fund_request, action="request", by=by, roles=_reviewers(fund_request),
        message=_("%(asset)s申请运维基金 %(amount)s 元，请审核。")
        % {"asset": asset.name, "amount": amount_requested},
    )  # fmt: skip
    return fund_request


@transaction.atomic
def fund_request_review(*, fund_request: FundRequest, by: User, opinion: str) -> FundRequest:
    _require_opinion(opinion)
    fund_request = _step(fund_request, action="review", by=by, opinion=opinion)
    _tell(
        fund_request, action="review", by=by, roles=(Role.COUNTY,),
        message=_("%(asset)s的运维基金申请已通过审核，请县级审批。") % {"asset": fund_request.asset.name},
    )  # fmt: skip
    return fund_request


@transaction.atomic
def fund_request_approve(
    *, fund_request: FundRequest, by: User, opinion: str, amount_approved: Decimal
) -> FundRequest:
    """The county approves at most what was asked and what the fund still holds."""
    _require_opinion(opinion)
    if amount_approved is None or amount_approved <= 0:
        raise ServiceError(_("批准金额须大于 0。"), field="amount_approved")
    if amount_approved > fund_request.amount_requested:
        raise ServiceError(_("批准金额不能超过申请金额。"), field="amount_approved")
    # Lock the county's requests so two approvals cannot both spend the last of the fund.
    list(FundRequest.objects.select_for_update().filter(county=fund_request.county_id).values_list("pk"))
    available = fund_balance(fund_request.county)["available"]
    if amount_approved > available:
        raise ServiceError(
            _("运维基金可用余额 %(available)s 元，不足以批准 %(amount)s 元。")
            % {"available": available, "amount": amount_approved},
            field="amount_approved",
        )
    fund_request = _step(
        fund_request, action="approve", by=by, opinion=opinion, amount_approved=amount_approved
    )
    _tell(
        fund_request, action="approve", by=by, roles=(Role.TOWNSHIP,),
        message=_("%(asset)s的运维基金申请已批准 %(amount)s 元。")
        % {"asset": fund_request.asset.name, "amount": amount_approved},
    )  # fmt: skip
    return fund_request


@transaction.atomic
def fund_request_reject(*, fund_request: FundRequest, by: User, opinion: str) -> FundRequest:
    _require_opinion(opinion)
    fund_request = _step(fund_request, action="reject", by=by, opinion=opinion)
    _tell(
        fund_request, action="reject", by=by, roles=(Role.TOWNSHIP,),
        message=_("%(asset)s的运维基金申请未通过：%(opinion)s") % {"asset": fund_request.asset.name, "opinion": opinion},
    )  # fmt: skip
    return fund_request


@transaction.atomic
def fund_spending_record(
    *, fund_request: FundRequest, by: User, spent_on: date, amount: Decimal, payee: str, note: str = ""
) -> FundSpending:
    """A payment out of an approved fund_request: never beyond what was approved."""
    require_role(by, Role.TOWNSHIP, Role.COUNTY, region=fund_request.asset.region)
    locked = FundRequest.objects.select_for_update().get(pk=fund_request.pk)
    if locked.status != S.APPROVED:
        raise ServiceError(_("只有已批准的申请才能登记支出。"), code="not_approved")
    if amount is None or amount <= 0:
        raise ServiceError(_("支出金额须大于 0。"), field="amount")
    if spent_on > timezone.localdate():
        raise ServiceError(_("支出日期不能晚于今天。"), field="spent_on")
    if not payee.strip():
        raise ServiceError(_("请填写收款单位或个人。"), field="payee")
    spent = locked.spendings.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    assert locked.amount_approved is not None  # approved requests hold their amount (constraint)
    if spent + amount > locked.amount_approved:
        raise ServiceError(
            _("累计支出不能超过批准金额（已支出 %(spent)s 元，批准 %(approved)s 元）。")
            % {"spent": spent, "approved": locked.amount_approved},
            field="amount",
        )
    return FundSpending.objects.create(
        request=locked, spent_on=spent_on, amount=amount, payee=payee, note=note, by=by
    )


@transaction.atomic
def fund_request_complete(*, fund_request: FundRequest, by: User, opinion: str = "") -> FundRequest:
    """办结: after at least one payment; what was not spent returns to the fund."""
    if not fund_request.spendings.exists():
        raise ServiceError(_("请先登记支出再办结。"), code="no_spending")
    return _step(fund_request, action="complete", by=by, opinion=opinion or _("维修完成，办结。"))
