"""Figures per site, read in a fixed number of queries whatever the number of sites.

Per site: households linked (搬迁户数), their current members (搬迁人数), working-age members (劳动年龄:
16–59 on the day and not in school, the band of ``assistance.insurance``), those of them with
in work by the employment register's one rule (``employment.selectors.in_work``: 务工人数), and the assistance measures
(not cancelled) of those households' cases (后续帮扶措施). Only households the user may see are
counted.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from assistance.insurance import PENSION_AGES, years_before
from assistance.models import Measure
from employment.selectors import in_work
from households.models import Member

from .models import Relocation, Site

FIGURES = ("households", "people", "working_age", "working", "measures")


def working_age(on: datetime.date, prefix: str = "") -> Q:
    low, high = PENSION_AGES
    return Q(
        **{
            f"{prefix}birth_date__gt": years_before(on, high),
            f"{prefix}birth_date__lte": years_before(on, low),
            f"{prefix}school_status": "",
        }
    )


def site_figures(
    site_ids: Iterable[int], relocations: QuerySet[Relocation], on: datetime.date
) -> dict[int, dict[str, int]]:
    """{site id: {figure: count}} for ``site_ids``, counting the households of ``relocations``
    (a scoped queryset). Three queries."""
    ids = list(site_ids)
    figures: dict[int, dict[str, int]] = {pk: dict.fromkeys(FIGURES, 0) for pk in ids}
    moved = relocations.filter(site_id__in=ids)
    for row in moved.values("site_id").annotate(n=Count("pk")):
        figures[row["site_id"]]["households"] = row["n"]
    band = working_age(on)
    people = (
        Member.objects.filter(removed_on__isnull=True, household__in=moved.values("household_id"))
        .values("household__relocation__site_id")
        .annotate(
            people=Count("pk"),
            working_age=Count("pk", filter=band),
            working=Count("pk", filter=band & in_work()),
        )
    )
    for person in people:
        figures[person["household__relocation__site_id"]].update(
            people=person["people"], working_age=person["working_age"], working=person["working"]
        )
    measures = (
        Measure.objects.filter(case__household__in=moved.values("household_id"))
        .exclude(status=Measure.Status.CANCELLED)
        .values("case__household__relocation__site_id")
        .annotate(n=Count("pk"))
    )
    for measure in measures:
        figures[measure["case__household__relocation__site_id"]]["measures"] = measure["n"]
    return figures


def site_rows(
    sites: QuerySet[Site], relocations: QuerySet[Relocation], on: datetime.date
) -> list[dict[str, Any]]:
    """Each site with its figures (for the list, the dashboard and the chart)."""
    sites_list = list(sites.select_related("region"))
    figures = site_figures((s.pk for s in sites_list), relocations, on)
    return [{"site": s, **figures[s.pk]} for s in sites_list]


def site_measures(
    site: Site, relocations: QuerySet[Relocation]
) -> tuple[list[Measure], list[tuple[str, int]]]:
    """The follow-up measures of the site's (visible) households, and their count per category."""
    households = relocations.filter(site=site).values("household_id")
    measures = list(
        Measure.objects.filter(case__household__in=households)
        .exclude(status=Measure.Status.CANCELLED)
        .select_related("category", "case__household")
        .order_by("-planned_start", "-pk")
    )
    counts = Counter(m.category.name for m in measures)
    return measures, counts.most_common()


def chart_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The dashboard chart's series (sites with the most households first, at most 15)."""
    top = sorted(rows, key=lambda r: -r["households"])[:15]
    series: dict[str, list[int]] = defaultdict(list)
    for row in top:
        for name in FIGURES[:4]:
            series[name].append(row[name])
    return {"sites": [r["site"].name for r in top], **series}
