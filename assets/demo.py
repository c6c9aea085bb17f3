"""Demo asset ledger of 丰都县: a few hundred assets at county, township and village level, named
after the projects of the Fengdu plan (seed 002) where it names them, with incomes, democratic
distributions and the inventories due at the last year end. Idempotent: a second run finds the
demo codes and changes nothing."""

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from households.choices import HouseholdFlagKind
from households.models import Household, HouseholdFlag
from regions.models import Region

from .choices import AssetClass, AssetKind, FundingSource, OperatingMode, OwnerType
from .models import (
    Asset,
    AssetBeneficiary,
    AssetFunding,
    AssetIncome,
    DistributionPlan,
    DistributionShare,
    Project,
)
from .services.inventories import inventories_schedule

PREFIX = "FD-DEMO-"
COUNTY_CODE = "500230000000"
C, K, OT, M = AssetClass, AssetKind, OwnerType, OperatingMode

# County-held assets named in seed 002 (name, class, kind, owner type, unit, quantity).
COUNTY_ASSETS = [
    *[
        (f"{name}水库", C.PUBLIC, K.WATER_WORKS, OT.STATE, "座", 1)
        for name in [
            "八耳寺",
            "十直",
            "吕家沟",
            "太平",
            "小月坝",
            "幸福",
            "拱背桥",
            "次竹沟",
            "新湾",
            "海螺沟",
            "东升",
            "石板水",
        ]
    ],
    *[
        (f"{name}水厂", C.PUBLIC, K.DRINKING_WATER, OT.STATE, "座", 1)
        for name in ["社坛", "名山", "树人", "南江"]
    ],
    ("七跃山林场林区公路", C.PUBLIC, K.ROAD, OT.STATE, "公里", 12),
    ("瓦屋山光伏能发电项目", C.REVENUE, K.PV_STATION, OT.STATE, "千瓦", 2000),
    ("丰都县农产品冷链物流冻库", C.REVENUE, K.COLD_STORE, OT.STATE, "立方米", 5000),
    ("县级花椒产业园", C.REVENUE, K.INDUSTRY_BASE, OT.STATE, "亩", 800),
]
# Township-held assets named in seed 002, by township name.
TOWNSHIP_ASSETS = {
    "栗子乡": [
        ("栗子至三建联网公路", C.PUBLIC, K.ROAD, OT.STATE, "公里", 9),
        ("栗子乡优质水稻标准化生产基地", C.REVENUE, K.INDUSTRY_BASE, OT.COLLECTIVE, "亩", 15000),
        ("栗子水厂及输配水管网", C.PUBLIC, K.DRINKING_WATER, OT.STATE, "座", 1),
    ],
    "双龙镇": [("双龙镇马灯坝村至保合镇公路双龙段", C.PUBLIC, K.ROAD, OT.STATE, "公里", 6)],
    "三元镇": [("三元镇2021年农村公路", C.PUBLIC, K.ROAD, OT.STATE, "公里", 8)],
    "江池镇": [("石板水水库环湖农村公路江池段", C.PUBLIC, K.ROAD, OT.STATE, "公里", 5)],
}
# Village assets named in seed 002: (township, village, name, class, kind, unit, quantity).
NAMED_VILLAGE_ASSETS = [
    ("包鸾镇", "白果园村", "白果园村冷链保鲜库", C.REVENUE, K.COLD_STORE, "立方米", 300),
    ("保合镇", "马家场村", "马家场村小型污水处理厂", C.PUBLIC, K.SANITATION, "座", 1),
]
# Kinds generated for the other villages: (name pattern, class, kind, unit, quantity range).
VILLAGE_KINDS = [
    ("{v}就业帮扶车间", C.REVENUE, K.WORKSHOP, "平方米", (200, 800)),
    ("{v}村级光伏电站", C.REVENUE, K.PV_STATION, "千瓦", (60, 300)),
    ("{v}红心柚产业示范基地", C.REVENUE, K.INDUSTRY_BASE, "亩", (100, 600)),
    ("{v}榨菜种植基地", C.REVENUE, K.INDUSTRY_BASE, "亩", (100, 500)),
    ("{v}肉牛共富农场", C.REVENUE, K.LIVESTOCK, "头", (30, 120)),
    ("{v}冷链保鲜库", C.REVENUE, K.COLD_STORE, "立方米", (100, 400)),
    ("{v}产业路", C.PUBLIC, K.ROAD, "公里", (2, 9)),
    ("{v}人饮工程", C.PUBLIC, K.DRINKING_WATER, "处", (1, 3)),
    ("{v}山坪塘整治", C.PUBLIC, K.WATER_WORKS, "口", (1, 4)),
    ("{v}到户肉牛", C.HOUSEHOLD, K.LIVESTOCK, "头", (2, 6)),
    ("{v}到户产业发展（柑橘）", C.HOUSEHOLD, K.INDUSTRY_BASE, "亩", (3, 10)),
]
SOURCES = [
    FundingSource.CENTRAL,
    FundingSource.CITY,
    FundingSource.COUNTY,
    FundingSource.BONDS,
    FundingSource.EAST_WEST,
    FundingSource.PAIRED,
    FundingSource.DONATION,
]
REVENUE_MODES = [M.LEASED, M.CONTRACTED, M.ENTRUSTED, M.SHARES, M.COOPERATIVE, M.JOINT, M.SELF]


def _money(rng, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high) * 100)


def _split(rng, value: Decimal) -> list[tuple[str, Decimal]]:
    """One to three sources adding up to ``value`` exactly (whole hundreds, rest on the first)."""
    sources = rng.sample(SOURCES, rng.choice([1, 1, 2, 3]))
    parts = [(value * Decimal(rng.randrange(20, 40)) / 100).quantize(Decimal(100)) for _ in sources[1:]]
    return list(zip(sources, [value - sum(parts, Decimal(0)), *parts], strict=True))


def _owner(owner_type: str, region: Region, county: Region) -> str:
    if owner_type == OT.STATE:
        return f"{county.name}人民政府" if region == county else f"{region.name}人民政府"
    if owner_type == OT.COLLECTIVE:
        return f"{region.name}股份经济合作联合社"
    return f"{region.name}受益农户"


class _Builder:
    def __init__(self, rng, county: Region):
        self.rng, self.county = rng, county
        self.rows: list[Any] = []

    def add(
        self, region: Region, name: str, cls: str, kind: str, owner_type: str, unit: str, quantity
    ) -> None:
        rng = self.rng
        year = rng.randrange(2014, 2025)
        completed = date(year, rng.randrange(6, 13), rng.randrange(1, 29))
        value = _money(rng, 500, 50000) if region.level == "village" else _money(rng, 20000, 800000)
        if cls == C.HOUSEHOLD:
            value = _money(rng, 20, 300)
        mode = rng.choice(REVENUE_MODES) if cls == C.REVENUE else ""
        asset = Asset(
            code=f"{PREFIX}{len(self.rows) + 1:04d}",
            name=name,
            asset_class=cls,
            kind=kind,
            region=region,
            level=region.level,
            quantity=Decimal(quantity),
            unit=unit,
            original_value=value,
            completed_on=completed,
            handed_over=rng.random() < 0.9,
            handed_over_on=completed if cls != C.HOUSEHOLD else None,
            registered=rng.random() < 0.8,
            owner_type=owner_type,
            owner_name=_owner(owner_type, region, self.county),
            custodian_unit=_owner(owner_type, region, self.county) if cls != C.HOUSEHOLD else "受益农户",
            custodian_person=rng.choice(["张明", "李华", "王军", "刘芳", "陈勇", "杨静", "周平", "吴强"]),
            operating_mode=mode,
            operator=f"{region.name}{rng.choice(['农业开发有限公司', '专业合作社', '家庭农场'])}"
            if mode
            else "",
        )
        project = Project(
            name=f"{year}年{name}建设项目",
            year=year,
            region=region,
            completed_on=completed,
            approval=f"丰乡振发〔{year}〕{len(self.rows) + 1}号",
        )
        self.rows.append((project, asset, _split(rng, value)))


def _plan_rows(rng, county: Region) -> list:
    builder = _Builder(rng, county)
    for item in COUNTY_ASSETS:
        builder.add(county, item[0], item[1], item[2], item[3], item[4], item[5])
    townships = {t.name: t for t in Region.objects.filter(parent=county, level=Region.Level.TOWNSHIP)}
    for township in townships.values():
        named = TOWNSHIP_ASSETS.get(township.name, [])
        for name, cls, kind, owner, unit, qty in named:
            builder.add(township, name, cls, kind, owner, unit, qty)
        if not named:
            builder.add(
                township, f"{township.name}产业路", C.PUBLIC, K.ROAD, OT.STATE, "公里", rng.randrange(3, 15)
            )
    villages = list(
        Region.objects.filter(parent__in=townships.values(), level=Region.Level.VILLAGE).select_related(
            "parent"
        )
    )
    by_name = {(v.parent.name, v.name): v for v in villages}  # type: ignore[union-attr]  # villages have a parent
    for township_name, village_name, name, cls, kind, unit, qty in NAMED_VILLAGE_ASSETS:
        if village := by_name.get((township_name, village_name)):
            owner = OT.HOUSEHOLD if cls == C.HOUSEHOLD else OT.COLLECTIVE
            builder.add(village, name, cls, kind, owner, unit, qty)
    for village in rng.sample(villages, min(len(villages), 130)):
        for pattern, cls, kind, unit, (low, high) in rng.sample(VILLAGE_KINDS, 2):
            owner = OT.HOUSEHOLD if cls == C.HOUSEHOLD else OT.COLLECTIVE
            builder.add(
                village, pattern.format(v=village.name), cls, kind, owner, unit, rng.randrange(low, high)
            )
    return builder.rows


def _write_ledger(rows) -> list[Asset]:
    projects = Project.objects.bulk_create([p for p, _a, _f in rows])
    for project, (_p, asset, _f) in zip(projects, rows, strict=True):
        asset.project = project
    assets = Asset.objects.bulk_create([a for _p, a, _f in rows])
    AssetFunding.objects.bulk_create(
        AssetFunding(asset=asset, source=source, amount=amount)
        for asset, (_p, _a, fundings) in zip(assets, rows, strict=True)
        for source, amount in fundings
    )
    return assets


def _households_by_village(village_ids) -> dict[int, list[Household]]:
    poor = set(
        HouseholdFlag.objects.filter(kind=HouseholdFlagKind.FORMER_POOR).values_list(
            "household_id", flat=True
        )
    )
    found: dict[int, list[Household]] = {}
    for household in Household.objects.filter(village_id__in=village_ids).order_by("number")[:20000]:
        found.setdefault(household.village_id, []).append(household)
    # Former-poor households first: the income goes to them first (seed 001 line 421).
    return {vid: sorted(hs, key=lambda h: h.pk not in poor)[:12] for vid, hs in found.items()}


def _write_income(rng, assets: list[Asset], admin) -> int:
    village_assets = [a for a in assets if a.level == "village"]
    homes = _households_by_village({a.region_id for a in village_assets})
    links = []
    for asset in village_assets:
        for household in homes.get(asset.region_id, [])[: 1 if asset.asset_class == C.HOUSEHOLD else 12]:
            links.append(AssetBeneficiary(asset=asset, household=household, since=asset.completed_on))
    AssetBeneficiary.objects.bulk_create(links)
    last_year = timezone.localdate().year - 1
    revenue = [a for a in assets if a.asset_class == C.REVENUE]
    incomes = [
        AssetIncome(
            asset=a,
            year=year,
            amount=(a.original_value * Decimal(rng.randrange(3, 9)) / 100).quantize(Decimal("0.01")),
            recorded_by=admin,
        )
        for a in revenue
        for year in (last_year - 1, last_year)
    ]
    AssetIncome.objects.bulk_create(incomes)
    plans, shares = [], []
    for income in incomes:
        asset = income.asset
        households = homes.get(asset.region_id, [])
        if income.year != last_year or asset.level != "village" or not households:
            continue
        amount = (income.amount * Decimal("0.6")).quantize(Decimal("0.01"))
        plan = DistributionPlan(
            asset=asset,
            year=last_year,
            amount=amount,
            method=rng.choice(list(DistributionPlan.Method.values)),
            status=DistributionPlan.Status.PUBLISHED,
            meeting_on=date(last_year + 1, 1, 15),
            votes_for=rng.randrange(25, 40),
            votes_against=rng.randrange(0, 4),
            votes_abstain=rng.randrange(0, 3),
            minutes="村民代表会议讨论通过收益分配方案，优先分配给脱贫户，以参加村内公益劳动方式发放。",
            published_on=date(last_year + 1, 1, 20),
            created_by=admin,
        )
        plans.append(plan)
        each = (amount / len(households)).quantize(Decimal("0.01"))
        amounts = [each] * (len(households) - 1) + [amount - each * (len(households) - 1)]
        shares.append(list(zip(households, amounts, strict=True)))
    DistributionPlan.objects.bulk_create(plans)
    DistributionShare.objects.bulk_create(
        DistributionShare(plan=plan, household=h, amount=amt)
        for plan, rows in zip(plans, shares, strict=True)
        for h, amt in rows
    )
    return len(plans)


@transaction.atomic
def build(*, stdout=None, seed: int = 2026, **_) -> None:
    from accounts.models import User

    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None or Asset.objects.filter(code__startswith=PREFIX).exists():
        return
    rng = random.Random(seed)
    assets = _write_ledger(_plan_rows(rng, county))
    # Three completed projects the ledger has not caught up with: the "no omissions" check shows them.
    Project.objects.bulk_create(
        Project(name=name, year=2023, region=county, completed_on=date(2023, 11, 30))
        for name in ["乡村公路生命护栏安装项目", "农产品产地仓储保鲜冷链设施建设项目", "小型水库维修养护项目"]
    )
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    plans = _write_income(rng, assets, admin) if admin else 0
    # Last year's inventories, left open: they show as overdue on the dashboard.
    inventories = inventories_schedule(today=date(timezone.localdate().year - 1, 12, 20))
    requests = _write_fund(county)
    if stdout:
        stdout.write(
            f"assets: {len(assets)} assets, {plans} distribution plans, {len(inventories)} inventories, "
            f"{requests} fund requests"
        )


def _write_fund(county: Region) -> int:
    """运维基金: money in, and a request in every state on 栗子乡's public assets, through the
    services with the demo users (the township of 栗子乡 reviews, the county approves)."""
    from accounts.models import User

    from .models import FundRequest
    from .services import fund

    users = {u.username: u for u in User.objects.filter(username__in=["township", "county"])}
    if len(users) < 2:
        return 0
    township, county_user = users["township"], users["county"]
    lizi = Region.objects.filter(code="500230201000").first()  # 栗子乡, the demo township user's
    if lizi is None:
        return 0
    today = timezone.localdate()
    fund.fund_contribution_record(
        county=county,
        by=county_user,
        received_on=today - timedelta(days=300),
        amount=Decimal("300000.00"),
        source="budget",
    )
    fund.fund_contribution_record(
        county=county, by=county_user, received_on=today - timedelta(days=200), amount=Decimal("50000.00"),
        source="asset_income", note="经营性资产收益提取 5%",
    )  # fmt: skip
    # 栗子乡's public assets (its township reviews), then the county's own (the county reviews).
    public = Asset.objects.filter(asset_class="public", status="active")
    candidates = list(public.filter(region__path__startswith=lizi.path).order_by("code")[:5])
    candidates += list(public.filter(level="county").order_by("code")[: 5 - len(candidates)])
    reasons = ["暴雨冲毁路基", "护栏撞损", "水池渗漏", "管网冻裂", "挡墙垮塌"]
    made = 0
    for index, (asset, reason) in enumerate(zip(candidates, reasons, strict=False)):
        request = fund.fund_request_submit(
            asset=asset, by=county_user, amount_requested=Decimal(20000 + 5000 * index), reason=reason
        )
        made += 1
        if index == 0:
            continue  # 待乡镇审核
        reviewer = county_user if asset.level == "county" else township
        fund.fund_request_review(fund_request=request, by=reviewer, opinion="经现场查看，情况属实")
        if index == 1:
            continue  # 待县级审批
        if index == 4:
            fund.fund_request_reject(fund_request=request, by=county_user, opinion="由行业部门资金安排维修")
            continue
        fund.fund_request_approve(
            fund_request=request, by=county_user, opinion="同意", amount_approved=request.amount_requested
        )
        spent = request.amount_requested if index == 3 else request.amount_requested / 2
        fund.fund_spending_record(
            fund_request=request,
            by=county_user,
            spent_on=today - timedelta(days=30),
            amount=spent,
            payee="某建设工程有限公司",
        )
        if index == 3:
            fund.fund_request_complete(fund_request=FundRequest.objects.get(pk=request.pk), by=county_user)
    return made
