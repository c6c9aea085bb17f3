"""Dashboard panels. Each panel is a small function ``panel(scope) -> dict | None`` returning plain
data (cached as is) and naming its template; ``None`` hides it. Add a panel by appending it to
:data:`PANELS`. Every query is one GROUP BY over indexed columns inside the scope's regions.
"""

from django.apps import apps
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Q, Sum, Value, When

from assistance.selectors import assistance_rate
from households.choices import RiskType
from monitoring.models import Case, CaseRisk, Category

from ..metrics import percent
from ..models import VillageSnapshot
from .scope import DashboardScope

IN_PROCEDURE = (Case.Status.ENROLLING, Case.Status.EXITING)


def _cases(scope: DashboardScope):
    return Case.objects.filter(village__in=scope.region_ids)


def cases_panel(scope: DashboardScope) -> dict:
    """Cases by status, monitored cases by category, and the enrolment and exit funnel."""
    rows = _cases(scope).values("status", "category", "step").annotate(n=Count("pk")).order_by()
    by_status = {s: 0 for s in Case.Status.values}
    by_category = {c: 0 for c in Category.values}
    funnel = {s: {step: 0 for step in range(1, 6)} for s in IN_PROCEDURE}
    for row in rows:
        by_status[row["status"]] += row["n"]
        if row["status"] in (Case.Status.MONITORED, Case.Status.EXITING):
            by_category[row["category"]] += row["n"]
        if row["status"] in IN_PROCEDURE and row["step"] in funnel[row["status"]]:
            funnel[row["status"]][row["step"]] += row["n"]
    labels = dict(Case.Status.choices)
    return {
        "template": "indicators/panels/cases.html",
        "monitored": by_status[Case.Status.MONITORED] + by_status[Case.Status.EXITING],
        "by_status": [(str(labels[s]), n) for s, n in by_status.items()],
        "by_category": list(by_category.items()),
        "funnel": [(str(labels[s]), list(steps.values())) for s, steps in funnel.items()],
    }


def risk_panel(scope: DashboardScope) -> dict:
    rows = (
        CaseRisk.objects.filter(case__in=_cases(scope).monitored())
        .values("risk_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["risk_type"]: r["n"] for r in rows}
    return {
        "template": "indicators/panels/risks.html",
        "by_risk": [(risk, counts.get(risk, 0)) for risk in RiskType.values],
    }


def overdue_panel(scope: DashboardScope) -> dict:
    """Cases past their deadline (SPEC 4) while still in the enrolment or exit procedure."""
    overdue = _cases(scope).filter(status__in=IN_PROCEDURE, deadline__lt=scope.today).count()
    return {"template": "indicators/panels/overdue.html", "overdue": overdue}


def assistance_panel(scope: DashboardScope) -> dict:
    with_measure, total = assistance_rate(_cases(scope).monitored())
    return {
        "template": "indicators/panels/assistance.html",
        "with_measure": with_measure,
        "total": total,
        "rate": percent(with_measure, total),
    }


def below_line_panel(scope: DashboardScope) -> dict:
    """From the nightly village snapshot (``services.snapshot_refresh``): the latest income
    record of every household at municipal scale is too much to rank on each page view."""
    latest = VillageSnapshot.objects.order_by("-day").values_list("day", flat=True).first()
    totals = {"below": None, "with_income": None}
    if latest:
        totals = VillageSnapshot.objects.filter(day=latest, village__in=scope.region_ids).aggregate(
            below=Sum("below_line"), with_income=Sum("with_income")
        )
    return {"template": "indicators/panels/below_line.html", "day": latest, **totals}


def breakdown_panel(scope: DashboardScope) -> dict | None:
    """Per township (or village) of the area: monitored, in procedure, overdue, below the line."""
    if not scope.buckets:
        return None
    bucket = SqlCase(
        *[When(village__path__startswith=b.path, then=Value(b.code)) for b in scope.buckets],
        output_field=CharField(),
    )
    cases = (
        _cases(scope)
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(
            monitored=Count("pk", filter=Q(status__in=(Case.Status.MONITORED, Case.Status.EXITING))),
            procedure=Count("pk", filter=Q(status__in=IN_PROCEDURE)),
            overdue=Count("pk", filter=Q(status__in=IN_PROCEDURE, deadline__lt=scope.today)),
        )
        .order_by()
    )
    by_bucket = {row["bucket"]: row for row in cases}
    latest = VillageSnapshot.objects.order_by("-day").values_list("day", flat=True).first()
    below = {}
    if latest:
        snap_bucket = SqlCase(
            *[When(village__path__startswith=b.path, then=Value(b.code)) for b in scope.buckets],
            output_field=CharField(),
        )
        below = {
            row["bucket"]: row["below"]
            for row in VillageSnapshot.objects.filter(day=latest, village__in=scope.region_ids)
            .annotate(bucket=snap_bucket)
            .values("bucket")
            .annotate(below=Sum("below_line"))
            .order_by()
        }
    empty = {"monitored": 0, "procedure": 0, "overdue": 0}
    return {
        "template": "indicators/panels/breakdown.html",
        "rows": [
            {
                "code": b.code,
                "name": b.name,
                **{k: by_bucket.get(b.code, empty)[k] for k in empty},
                "below": below.get(b.code),
            }
            for b in scope.buckets
        ],
    }


def _scoped_model(app_label: str, model_name: str):
    """A model of an app that may not be installed on every deployment (or not yet merged)."""
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def clues_panel(scope: DashboardScope) -> dict | None:
    """Open clues, when the clues app is present; its queryset names its region field and
    ``open()`` (the ScopedQuerySet convention)."""
    model = _scoped_model("clues", "Clue")
    if model is None or not hasattr(model.objects.all(), "open"):
        return None
    qs = model.objects.all()
    count = qs.open().filter(**{f"{qs.region_field}__in": scope.region_ids}).count()
    return {"template": "indicators/panels/clues.html", "open": count}


def review_panel(scope: DashboardScope) -> dict | None:
    """Quarterly review completion, when monitoring ships review rounds with ``completed()``."""
    model = _scoped_model("monitoring", "ReviewRound")
    if model is None or not hasattr(model.objects.all(), "completed"):
        return None
    qs = model.objects.all()
    rounds = qs.filter(**{f"{qs.region_field}__in": scope.region_ids})
    total, done = rounds.count(), rounds.completed().count()
    return {
        "template": "indicators/panels/reviews.html",
        "total": total,
        "done": done,
        "rate": percent(done, total),
    }


PANELS = [
    cases_panel,
    overdue_panel,
    assistance_panel,
    below_line_panel,
    clues_panel,
    review_panel,
    risk_panel,
    breakdown_panel,
]
