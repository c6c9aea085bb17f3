"""安置点 register and the households linked to each site."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role, user_may
from common.errors import ServiceError
from households.choices import HouseholdFlagKind, RelocationMode
from households.models import Household, HouseholdFlag
from regions.models import Region

from .models import Relocation, Site

SITE_ROLES = (Role.TOWNSHIP, Role.COUNTY)
LINK_ROLES = (Role.VILLAGE, Role.TOWNSHIP)


def county_of(region: Region) -> Region:
    """The county above (or at) ``region``: site names are unique within a county."""
    return region.ancestors().filter(level=Region.Level.COUNTY).first() or region


def _in_county(county: Region) -> Q:
    return Q(region__path__startswith=county.path)


def _clean_site(
    *, region: Region, name: str, kind: str, planned_households: int, planned_people: int,
    completion_year: int | None, exclude: int | None = None,
) -> str:  # fmt: skip
    name = name.strip()
    if not name:
        raise ServiceError(_("请填写安置点名称。"), field="name")
    if kind not in RelocationMode.values:
        raise ServiceError(_("请选择安置方式。"), field="kind")
    if region.level not in (Region.Level.TOWNSHIP, Region.Level.VILLAGE):
        raise ServiceError(_("安置点须位于乡镇或村（社区）。"), field="region")
    if planned_households < 0 or planned_people < planned_households:
        raise ServiceError(_("规划安置人数不能少于规划安置户数。"), field="planned_people")
    if completion_year is not None and not 2000 <= completion_year <= timezone.localdate().year + 5:
        raise ServiceError(_("建成年份不正确。"), field="completion_year")
    same = Site.objects.filter(_in_county(county_of(region)), name=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ServiceError(_("本县已有同名安置点“%(name)s”。") % {"name": name}, field="name")
    return name


@transaction.atomic
def site_create(
    *, by: User, region: Region, name: str, kind: str, planned_households: int = 0, planned_people: int = 0,
    completion_year: int | None = None, note: str = "",
) -> Site:  # fmt: skip
    """Register a site (township or county); households whose flag names it are linked at once."""
    require_role(by, *SITE_ROLES, region=region)
    name = _clean_site(
        region=region, name=name, kind=kind, planned_households=planned_households,
        planned_people=planned_people, completion_year=completion_year,
    )  # fmt: skip
    site = Site(
        region=region, name=name, kind=kind, planned_households=planned_households,
        planned_people=planned_people, completion_year=completion_year, note=note.strip(), created_by=by,
    )  # fmt: skip
    site._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    site.save()
    relocations_from_flags(site=site)
    return site


@transaction.atomic
def site_update(
    *, site: Site, by: User, region: Region, name: str, kind: str, planned_households: int = 0,
    planned_people: int = 0, completion_year: int | None = None, note: str = "",
) -> Site:  # fmt: skip
    require_role(by, *SITE_ROLES, region=site.region)
    require_role(by, *SITE_ROLES, region=region)
    site.name = _clean_site(
        region=region, name=name, kind=kind, planned_households=planned_households,
        planned_people=planned_people, completion_year=completion_year, exclude=site.pk,
    )  # fmt: skip
    site.region, site.kind, site.note = region, kind, note.strip()
    site.planned_households, site.planned_people, site.completion_year = (
        planned_households, planned_people, completion_year,
    )  # fmt: skip
    site._history_user = by  # type: ignore[attr-defined]
    site.save()
    relocations_from_flags(site=site)
    return site


def relocated_flag(household: Household, on: datetime.date) -> HouseholdFlag | None:
    return (
        HouseholdFlag.objects.active(on)
        .filter(household=household, kind=HouseholdFlagKind.RELOCATED)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def relocation_link(
    *, household: Household, site: Site, by: User, moved_on: datetime.date | None = None
) -> Relocation:
    """Link a household to its site by hand (village cadre or township)."""
    require_role(by, *LINK_ROLES, region=household.village)
    today = timezone.localdate()
    if relocated_flag(household, today) is None:
        raise ServiceError(_("该户没有“易地扶贫搬迁”属性，不能关联安置点。"), field="household")
    if not household.village.is_within(county_of(site.region)):
        raise ServiceError(_("只能关联本县的安置点。"), field="site")
    current = Relocation.objects.filter(household=household).select_related("site").first()
    if current is not None:
        raise ServiceError(_("该户已关联安置点“%(site)s”。") % {"site": current.site.name}, field="household")
    if moved_on is not None and moved_on > today:
        raise ServiceError(_("搬迁入住日期不能晚于今天。"), field="moved_on")
    relocation = Relocation(household=household, site=site, moved_on=moved_on, created_by=by)
    relocation._history_user = by  # type: ignore[attr-defined]
    relocation.save()
    return relocation


def relocations_from_flags(*, site: Site | None = None, on: datetime.date | None = None) -> int:
    """Link the households not linked yet whose active 易地扶贫搬迁 flag names a site of their
    county (the name as typed, surrounding spaces ignored). ``site``: only that site's name.
    Returns how many households were linked; running it again links nothing new."""
    on = on or timezone.localdate()
    sites = Site.objects.select_related("region")
    if site is not None:
        sites = sites.filter(pk=site.pk)
    by_name: dict[str, list[Site]] = {}
    county_paths: dict[int, str] = {}
    for s in sites:
        by_name.setdefault(s.name, []).append(s)
        county_paths[s.pk] = county_of(s.region).path
    if not by_name:
        return 0
    flags = (
        HouseholdFlag.objects.active(on)
        .filter(kind=HouseholdFlagKind.RELOCATED, household__relocation__isnull=True)
        .exclude(relocation_site="")
        .values_list("household_id", "household__village__path", "relocation_site", "start_date")
    )
    new: dict[int, Relocation] = {}
    for household_id, path, text, start in flags.iterator():
        for candidate in by_name.get(text.strip(), ()):
            if path.startswith(county_paths[candidate.pk]) and household_id not in new:
                new[household_id] = Relocation(
                    household_id=household_id, site=candidate, moved_on=start, source=Relocation.Source.FLAG
                )
    created = Relocation.objects.bulk_create(new.values())
    Relocation.history.bulk_history_create(created)
    return len(created)


@transaction.atomic
def relocations_from_flags_for(*, by: User) -> int:
    """The button of the site list: link from the flags, for the sites the user may edit."""
    require_role(by, *SITE_ROLES)
    sites = Site.objects.visible_to(by).select_related("region")
    return sum(relocations_from_flags(site=s) for s in sites if user_may(by, *SITE_ROLES, region=s.region))
