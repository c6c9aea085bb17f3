"""The grading panels of the dashboard (registered in ``common.dashboard`` at ``ready()``): the
grade distribution per township (or village), visits overdue and open area alerts, each a link to
the filtered list. One GROUP BY for the grades, one count each for the tiles."""

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from indicators.dashboard.panels import _bucket, list_link

from .models import AreaAlert, Grade, HouseholdGrade

GRADE_COLOURS = {
    Grade.RED: "#dc3545",
    Grade.ORANGE: "#fd7e14",
    Grade.YELLOW: "#ffc107",
    Grade.GREEN: "#198754",
}


def _grades(scope: Any):
    return HouseholdGrade.objects.filter(household__village__in=scope.region_ids)


def grades_panel(scope: Any) -> dict[str, Any] | None:
    rows = list(
        _grades(scope)
        .annotate(bucket=_bucket(scope, "household__village__path"))
        .values_list("bucket", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not rows:
        return None
    buckets = scope.buckets or scope.roots
    paths = [b.path for b in buckets] if scope.buckets else [""]
    counts = {(bucket, grade): n for bucket, grade, n in rows}
    plan = "grading:plan"
    series = [
        {
            "name": str(label),
            "color": GRADE_COLOURS[Grade(grade)],
            "values": [counts.get((path, grade), 0) for path in paths],
            "links": [list_link(scope, plan, region=b.code, grade=grade) for b in buckets],
        }
        for grade, label in Grade.choices
    ]
    totals = {grade: sum(n for (_b, g), n in counts.items() if g == grade) for grade in Grade.values}
    return {
        "template": "grading/panels/grades.html",
        "totals": [
            (str(label), totals[grade], list_link(scope, plan, grade=grade)) for grade, label in Grade.choices
        ],
        "charts": {
            "grades": {"kind": "bar", "stack": True, "labels": [b.name for b in buckets], "series": series}
        },
    }


def visits_overdue_panel(scope: Any) -> dict[str, Any] | None:
    overdue = _grades(scope).filter(next_visit_due__lt=scope.today).count()
    return {
        "template": "grading/panels/visits_overdue.html",
        "tile": True,
        "overdue": overdue,
        "link": list_link(scope, "grading:plan", overdue="on"),
    }


def open_alerts_panel(scope: Any) -> dict[str, Any] | None:
    count = AreaAlert.objects.active().filter(region__in=scope.region_ids).count()
    link = list_link(scope, "grading:alerts")
    return {
        "template": "grading/panels/alerts.html",
        "tile": True,
        "open": count,
        "link": link if count else reverse("grading:alerts"),
        "label": _("区域预警"),
    }
