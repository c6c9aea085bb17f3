"""Income records (收支) and the monitoring line table (监测范围)."""

import datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from common.policies import policy_int
from regions.models import Region

from .. import bounds
from ..models import AMOUNT_FIELDS, MONEY_LIMIT, Household, IncomeRecord, MonitoringLine
from ._common import require_village_cadre

# SPEC 3: the line may not fall below 1.5 × the former national poverty line (≈4000 yuan in 2020).
LINE_FLOOR = Decimal(6000)


def _window(
    household: Household, period: str, year: int | None, period_end: datetime.date | None
) -> tuple[int, datetime.date, datetime.date]:
    if period == IncomeRecord.Period.YEAR:
        if not year or not 2000 <= year <= timezone.localdate().year:
            raise ServiceError(_("请填写有效的年度。"), code="year", field="year")
        return year, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period == IncomeRecord.Period.ROLLING:
        end = period_end or timezone.localdate()
        if end > timezone.localdate():
            raise ServiceError(_("截止日期不能晚于今天。"), code="end_future", field="period_end")
        months = policy_int("income_window_months", household.village)
        return end.year, end - relativedelta(months=months) + datetime.timedelta(days=1), end
    raise ServiceError(_("请选择收入口径。"), code="period", field="period")


def refresh_latest_income(household: Household) -> None:
    latest = (
        IncomeRecord.objects.filter(household=household)
        .order_by("-period_end", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    Household.objects.filter(pk=household.pk).update(latest_income_id=latest)
    household.latest_income_id = latest


@transaction.atomic
def income_record(
    *,
    household: Household,
    by: User,
    period: str = IncomeRecord.Period.YEAR,
    year: int | None = None,
    period_end: datetime.date | None = None,
    amounts: dict[str, Any],
    members: int | None = None,
    note: str = "",
    replace: bool = False,
) -> IncomeRecord:
    """Record (or correct) the household's income for a year or the rolling window ending on
    ``period_end``; the window length is the county's ``income_window_months``. A stored record
    for the same period is replaced only when ``replace`` says so (never silently)."""
    require_village_cadre(by, household.village)
    year, start, end = _window(household, period, year, period_end)
    values = {}
    for key in AMOUNT_FIELDS:
        value = Decimal(amounts.get(key) or 0)
        if value < 0:
            raise ServiceError(_("收入和支出金额不能为负数。"), code="negative", field=key)
        values[key] = value
    bounds.check(IncomeRecord, values)  # digits and places of the model's money fields
    members = members or household.member_count
    if not members or members < 1:
        raise ServiceError(_("计算人口至少为1人。"), code="members", field="members")
    bounds.check(IncomeRecord, {"members": members})
    record = IncomeRecord.objects.filter(household=household, period=period, period_end=end).first()
    if record is not None and not replace:
        raise ServiceError(
            _("该期间已有收支记录（家庭纯收入 %(net)s 元），请核对后勾选“替换已有记录”再保存。")
            % {"net": record.net_income},
            code="exists",
            field="replace",
        )
    record = record or IncomeRecord(household=household, period=period, period_end=end)
    record.year, record.period_start, record.members, record.note = year, start, members, note
    for key, value in values.items():
        setattr(record, key, value)
    record.recorded_by = by
    record._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    record.compute()
    if abs(record.net_income) >= MONEY_LIMIT:
        raise ServiceError(_("家庭纯收入超出可记录的范围，请核对金额。"), code="out_of_range", field="wage")
    record.save()  # computes 家庭纯收入 and 人均纯收入
    refresh_latest_income(household)
    return record


@transaction.atomic
def monitoring_line_set(
    *,
    by: User,
    year: int,
    region: Region,
    amount: Decimal,
    basis: str,
    effective_date: datetime.date,
    is_demo: bool = False,
) -> MonitoringLine:
    """Set the line of ``year`` for ``region`` (the city default or a county override)."""
    require_role(by, Role.COUNTY, region=region)
    if region.level not in (Region.Level.CITY, Region.Level.COUNTY):
        raise ServiceError(_("监测范围按市或区县设定。"), code="line_region", field="region")
    if amount < LINE_FLOOR:
        raise ServiceError(
            _("监测范围不得低于 %(floor)s 元/人·年（原国家扶贫标准的1.5倍）。") % {"floor": LINE_FLOOR},
            code="below_floor",
            field="amount",
        )
    if not basis.strip():
        raise ServiceError(_("请填写依据（文件文号或说明）。"), code="basis", field="basis")
    parent_line = (
        MonitoringLine.objects.filter(year=year, region__in=region.ancestors().exclude(pk=region.pk))
        .order_by("-region__depth")
        .first()
    )
    if parent_line and amount < parent_line.amount:
        raise ServiceError(
            _("区县监测范围不得低于上级 %(region)s 的 %(amount)s 元。")
            % {"region": parent_line.region.name, "amount": parent_line.amount},
            code="below_parent",
            field="amount",
        )
    line = MonitoringLine.objects.filter(year=year, region=region).first() or MonitoringLine(
        year=year, region=region
    )
    line.amount, line.basis, line.effective_date, line.is_demo = (
        amount,
        basis.strip(),
        effective_date,
        is_demo,
    )
    line._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    line.save()
    return line
