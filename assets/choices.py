"""Value lists of the asset ledger (SPEC 7; seed 000 lines 579–607, seed 001 lines 413–427)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssetClass(models.TextChoices):
    REVENUE = "revenue", _("经营性资产")
    PUBLIC = "public", _("公益性资产")
    HOUSEHOLD = "household", _("到户类资产")


class AssetKind(models.TextChoices):
    ROAD = "road", _("道路交通")
    WATER_WORKS = "water_works", _("水利设施")
    DRINKING_WATER = "drinking_water", _("饮水工程")
    INDUSTRY_BASE = "industry_base", _("产业基地")
    WORKSHOP = "workshop", _("帮扶车间")
    COLD_STORE = "cold_store", _("冷链仓储")
    PV_STATION = "pv_station", _("光伏电站")
    LIVESTOCK = "livestock", _("畜禽养殖")
    SANITATION = "sanitation", _("污水环卫")
    EQUITY = "equity", _("股权")
    OTHER = "other", _("其他")


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("中央财政衔接资金")
    CITY = "city", _("市级财政衔接资金")
    COUNTY = "county", _("区县财政衔接资金")
    OTHER_FISCAL = "other_fiscal", _("其他财政资金")
    BONDS = "bonds", _("地方政府债券")
    EAST_WEST = "east_west", _("东西部协作")
    PAIRED = "paired", _("对口帮扶")
    DESIGNATED = "designated", _("定点帮扶")
    DONATION = "donation", _("社会捐赠")
    OTHER = "other", _("其他")


class OwnerType(models.TextChoices):
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("村集体")
    HOUSEHOLD = "household", _("农户")
    OPERATOR = "operator", _("经营主体")


class OperatingMode(models.TextChoices):
    SELF = "self", _("自营")
    ENTRUSTED = "entrusted", _("委托")
    CONTRACTED = "contracted", _("发包")
    LEASED = "leased", _("出租")
    JOINT = "joint", _("联营")
    SHARES = "shares", _("股份")
    COOPERATIVE = "cooperative", _("合作社")


class AssetStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    DISPOSED = "disposed", _("已处置")
