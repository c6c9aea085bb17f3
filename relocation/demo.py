"""Demo 安置点 (runs after the assistance demo): three sites of the demo county, the households whose
易地扶贫搬迁 flag names one linked to it, and one household linked by hand.

When the demo register has no relocated household in 建龙村 (a small demo), two eligible households
there get the flag through the household service first. With sites already present it does nothing.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assistance.insurance import covered_households
from households.choices import HouseholdFlagKind, RelocationMode
from households.models import Household, HouseholdFlag
from households.services import flag_set
from regions.models import Region

from . import services
from .models import Site

SITES = [
    # (name, region code, kind, planned households, planned people, completion year)
    ("栗子乡集中安置点", "500230201000", RelocationMode.CENTRALISED, 120, 430, 2019),
    ("建龙村分散安置点", "500230201201", RelocationMode.SCATTERED, 20, 70, 2018),
    ("联合村集中安置点", "500230201202", RelocationMode.CENTRALISED, 60, 210, 2020),
]


@transaction.atomic
def build(*, stdout, **_) -> None:
    if Site.objects.exists():
        return
    county = User.objects.filter(username="county").first() or User.objects.filter(is_superuser=True).first()
    cadre = User.objects.filter(username="village_a").first()
    if county is None or cadre is None or not Region.objects.filter(code=SITES[0][1]).exists():
        stdout.write("  [relocation] 演示区划或账号不存在，未创建安置点。")
        return
    today = timezone.localdate()
    village = Region.objects.get(code="500230201201")
    relocated = HouseholdFlag.objects.active(today).filter(
        kind=HouseholdFlagKind.RELOCATED, household__village=village
    )
    if not relocated.exists():
        for household in (
            Household.objects.filter(village=village, pk__in=covered_households(today).values("pk"))
            .exclude(flags__kind=HouseholdFlagKind.RELOCATED)
            .order_by("pk")[:3]
        ):
            flag_set(
                household=household,
                by=cadre,
                kind=HouseholdFlagKind.RELOCATED,
                start_date=today.replace(year=2019, month=6, day=1),
                relocation_mode=RelocationMode.CENTRALISED,
                relocation_site="栗子乡集中安置点",
            )
    sites = {}
    for name, code, kind, households, people, year in SITES:
        region = Region.objects.filter(code=code).first()
        if region is None:
            continue
        sites[name] = services.site_create(
            by=county, region=region, name=name, kind=kind, planned_households=households,
            planned_people=people, completion_year=year,
        )  # fmt: skip
    # One household linked by hand: a relocated one not linked by its flag's text.
    unlinked = (
        HouseholdFlag.objects.active(today)
        .filter(
            kind=HouseholdFlagKind.RELOCATED, household__village=village, household__relocation__isnull=True
        )
        .select_related("household__village")
        .first()
    )
    if unlinked is None:
        candidate = (
            Household.objects.filter(village=village)
            .exclude(flags__kind=HouseholdFlagKind.RELOCATED)
            .order_by("-pk")
            .first()
        )
        if candidate is not None:
            flag_set(
                household=candidate,
                by=cadre,
                kind=HouseholdFlagKind.RELOCATED,
                relocation_mode=RelocationMode.SCATTERED,
                relocation_site="本村",
            )
            unlinked = HouseholdFlag.objects.filter(
                household=candidate, kind=HouseholdFlagKind.RELOCATED
            ).first()
    if unlinked is not None and "建龙村分散安置点" in sites:
        services.relocation_link(
            household=unlinked.household,
            site=sites["建龙村分散安置点"],
            by=cadre,
            moved_on=today.replace(month=1, day=1),
        )
    stdout.write(f"  [relocation] 演示安置点 {len(sites)} 个。")
