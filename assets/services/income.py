"""Yearly income of revenue assets and its democratic distribution (seed 001 line 421)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import Conflict, ServiceError
from households.models import Household

from ..choices import AssetClass
from ..models import Asset, AssetIncome, DistributionPlan, DistributionShare
from .roles import refuse_household_class, require_active, require_on_asset


def _require_revenue(asset: Asset, what: str) -> None:
    refuse_household_class(asset, what)
    if asset.asset_class != AssetClass.REVENUE:
        raise ServiceError(_("只有经营性资产才有收益和收益分配。"), code="not_revenue")


@transaction.atomic
def income_record(*, asset: Asset, by: User, year: int, amount: Decimal, note: str = "") -> AssetIncome:
    """Record (or correct) the income of ``year``; the history keeps the earlier figure."""
    require_on_asset(by, asset)
    _require_revenue(asset, _("收益登记"))
    if amount < 0:
        raise ServiceError(_("收益不能为负数。"), field="amount")
    income, _created = AssetIncome.objects.update_or_create(
        asset=asset, year=year, defaults={"amount": amount, "note": note, "recorded_by": by}
    )
    return income


@transaction.atomic
def distribution_plan_create(
    *, asset: Asset, by: User, year: int, amount: Decimal, method: str
) -> DistributionPlan:
    require_on_asset(by, asset)
    _require_revenue(asset, _("收益分配"))
    require_active(asset)
    income = AssetIncome.objects.filter(asset=asset, year=year).first()
    if income is None:
        raise ServiceError(_("请先登记 %d 年的资产收益。") % year, field="year")
    if amount <= 0 or amount > income.amount:
        raise ServiceError(_("分配金额须大于 0 且不超过当年收益 %s 元。") % income.amount, field="amount")
    if DistributionPlan.objects.filter(asset=asset, year=year).exists():
        raise ServiceError(_("该资产 %d 年已有分配方案。") % year, field="year")
    return DistributionPlan.objects.create(
        asset=asset, year=year, amount=amount, method=method, created_by=by
    )


def _require_draft(plan: DistributionPlan) -> None:
    if plan.status != DistributionPlan.Status.DRAFT:
        raise ServiceError(_("方案已经民主决策，不能再修改分配对象。"), code="plan_not_draft")


@transaction.atomic
def distribution_shares_set(
    *, plan: DistributionPlan, by: User, rows: list[tuple[Household, Decimal]]
) -> int:
    """Replace the beneficiary list with ``rows`` of (household, amount); households must live in
    the asset's region (the list is adjusted as households change, so it is rewritten whole)."""
    require_on_asset(by, plan.asset)
    _require_draft(plan)
    seen = set()
    for household, amount in rows:
        if household.pk in seen:
            raise ServiceError(_("农户 %s 重复出现。") % household.number, field="rows")
        seen.add(household.pk)
        if not household.village.is_within(plan.asset.region):
            raise ServiceError(_("农户 %s 不在资产所在区域内。") % household.number, field="rows")
        if amount <= 0:
            raise ServiceError(_("农户 %s 的分配金额须大于 0。") % household.number, field="rows")
    plan.shares.all().delete()
    DistributionShare.objects.bulk_create(
        DistributionShare(plan=plan, household=household, amount=amount) for household, amount in rows
    )
    return len(rows)


@transaction.atomic
def distribution_plan_decide(
    *,
    plan: DistributionPlan,
    by: User,
    meeting_on: date,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    minutes: str,
) -> DistributionPlan:
    """Record the democratic decision (村民代表会议); the list must add up to the plan exactly."""
    require_on_asset(by, plan.asset)
    _require_draft(plan)
    total = plan.shares.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if total != plan.amount:
        raise ServiceError(
            _("分配对象金额合计 %(total)s 元，与方案金额 %(amount)s 元不相等。")
            % {"total": total, "amount": plan.amount},
            code="sum_mismatch",
        )
    votes = votes_for + votes_against + votes_abstain
    if votes == 0 or votes_for * 2 <= votes:
        raise ServiceError(_("赞成票未超过半数，方案未获通过。"), field="votes_for")
    if meeting_on > timezone.localdate():
        raise ServiceError(_("会议日期不能晚于今天。"), field="meeting_on")
    if not minutes.strip():
        raise ServiceError(_("请填写会议纪要。"), field="minutes")
    changed = DistributionPlan.objects.filter(pk=plan.pk, status=DistributionPlan.Status.DRAFT).update(
        status=DistributionPlan.Status.DECIDED,
        meeting_on=meeting_on,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        minutes=minutes,
    )
    if not changed:
        raise Conflict(_("方案已由他人处理。"))
    plan.refresh_from_db()
    return plan


@transaction.atomic
def distribution_plan_publish(*, plan: DistributionPlan, by: User) -> DistributionPlan:
    require_on_asset(by, plan.asset)
    changed = DistributionPlan.objects.filter(pk=plan.pk, status=DistributionPlan.Status.DECIDED).update(
        status=DistributionPlan.Status.PUBLISHED, published_on=timezone.localdate()
    )
    if not changed:
        raise ServiceError(_("只有已民主决策的方案才能公示。"), code="plan_not_decided")
    plan.refresh_from_db()
    return plan
