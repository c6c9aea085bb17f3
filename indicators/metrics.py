"""Indicators the system computes from its own register (SPEC 8: "computed, not typed").

* 帮扶率 (:attr:`Metric.ASSISTANCE_RATE`): monitored cases with at least one implemented measure
  / all monitored cases — ``assistance.selectors.assistance_rate``, the one definition shared with
  the assistance pages.
* 义务教育阶段失学辍学 (:attr:`Metric.COMPULSORY_DROPOUTS`): current members of monitored
  households aged 6–15 on the reference day who hold no in-school status (they carry a 文化程度
  instead, i.e. have left school) / all members of that age. Children in pre-school or already past
  grade 9 are in school and not counted as dropouts. The target is zero ("dropouts cleared").
* 医保参保率 (:attr:`Metric.MEDICAL_INSURANCE_RATE`): current members of monitored and 脱贫
  households with 城乡居民医保 or 职工医保 / all of them — ``assistance.insurance``, the one
  definition shared with the insurance check page. Bound to the plan row 农村人口基本医保参保率: the
  register holds only those households, so the rate is theirs, not the whole rural population's.
* 公益岗位脱贫人口就业比重 (:attr:`Metric.WELFARE_POST_SHARE`): members of 脱贫 and monitored
  households holding a public-welfare post / those of them in work (the employment ledger's
  务工就业, or in a post) — ``employment.selectors.welfare_post_share``. Bound to the plan rows of
  that name; their targets are qualitative (保持稳定), so progress needs an assessment, the value is
  computed.

Each metric answers ``(numerator, denominator)`` for one region's subtree.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from assistance.insurance import medical_insurance_rate
from assistance.selectors import assistance_rate
from employment.selectors import welfare_post_share
from households.models import Member
from monitoring.models import Case
from regions.models import Region

from .models import Metric


def percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


def monitored_cases(region: Region):
    return Case.objects.monitored().filter(village__in=Region.objects.subtree_of(region).values("pk"))


def assistance_rate_of(region: Region, on: datetime.date) -> tuple[int, int]:
    return assistance_rate(monitored_cases(region))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def compulsory_dropouts_of(region: Region, on: datetime.date) -> tuple[int, int]:
    """Aged 6–15 on ``on``: born after ``on`` − 16 years and on or before ``on`` − 6 years."""
    children = Member.objects.current().filter(
        household_id__in=monitored_cases(region).values("household_id"),
        birth_date__gt=_years_before(on, 16),
        birth_date__lte=_years_before(on, 6),
    )
    return children.filter(school_status="").count(), children.count()


def medical_insurance_rate_of(region: Region, on: datetime.date) -> tuple[int, int]:
    members = Member.objects.filter(household__village__in=Region.objects.subtree_of(region).values("pk"))
    return medical_insurance_rate(members, on)


def welfare_post_share_of(region: Region, on: datetime.date) -> tuple[int, int]:
    members = Member.objects.filter(household__village__in=Region.objects.subtree_of(region).values("pk"))
    return welfare_post_share(members, on)


COMPUTE = {
    Metric.ASSISTANCE_RATE: assistance_rate_of,
    Metric.COMPULSORY_DROPOUTS: compulsory_dropouts_of,
    Metric.MEDICAL_INSURANCE_RATE: medical_insurance_rate_of,
    Metric.WELFARE_POST_SHARE: welfare_post_share_of,
}
