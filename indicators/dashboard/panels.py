"""Dashboard panels. Each panel is a small function ``panel(scope) -> dict | None`` returning plain
data (cached as is) and naming its template; ``None`` hides it. Add a panel by appending it to
:data:`PANELS`. Every query is one GROUP BY over indexed columns inside the scope's regions.
"""

from django.apps import apps
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Q, Sum, Value, When
from django.db.models.functions import Substr

from assistance.selectors import assistance_rate
from households.choices import RiskType
from monitoring.models import Case, CaseRisk, Category

from ..metrics import percent
from ..models import VillageSnapshot
from .scope import DashboardScope

IN_PROCEDURE = (Case.Status.ENROLLING, Case.Status.EXITING)
MONITORED = (Case.Status.MONITORED, Case.Status.EXITING)
PATH_STEP = len("500230000000/")  # one level of the materialised path


def _cases(scope: DashboardScope):
    return Case.objects.filter(village__in=scope.region_ids)


def _bucket(scope: DashboardScope, path_field: str):
    """The breakdown row of a record as its child region's path, cut from its village's path:
    one SUBSTR per row for a single area (a CASE of prefixes only for several assigned areas)."""
    if not scope.buckets:
        return Value("", output_field=CharField())
    if len(scope.roots) == 1:
        return Substr(path_field, 1, len(scope.roots[0].path) + PATH_STEP, output_field=CharField())
    whens = [When(**{f"{path_field}__startswith": b.path}, then=Value(b.path)) for b in scope.buckets]
    return SqlCase(*whens, default=Value(""), output_field=CharField())


def case_counts(scope: DashboardScope) -> list[dict]:
    """One scan of the area's cases, grouped by status, category, step and overdue: the cases
    and overdue panels both read these rows (memoised on the scope). The breakdown groups
    separately: one grouping expression keeps PostgreSQL on a hash aggregate, where adding
    the region to these columns made it sort the whole table."""
    if scope.memo.get("case_counts") is None:
        overdue = SqlCase(
            When(status__in=IN_PROCEDURE, deadline__lt=scope.today, then=Value(True)),
            default=Value(False),
        )
        scope.memo["case_counts"] = list(
            _cases(scope)
            .annotate(overdue=overdue)
            .values("status", "category", "step", "overdue")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return scope.memo["case_counts"]


def cases_panel(scope: DashboardScope) -> dict:
    """Cases by status, monitored cases by category, and the enrolment and exit funnel."""
    by_status = {s: 0 for s in Case.Status.values}
    by_category = {c: 0 for c in Category.values}
    funnel = {s: {step: 0 for step in range(1, 6)} for s in IN_PROCEDURE}
    for row in case_counts(scope):
        by_status[row["status"]] += row["n"]
        if row["status"] in MONITORED:
            by_category[row["category"]] += row["n"]
        if row["status"] in IN_PROCEDURE and row["step"] in funnel[row["status"]]:
            funnel[row["status"]][row["step"]] += row["n"]
    labels = dict(Case.Status.choices)
    return {
        "template": "indicators/panels/cases.html",
        "monitored": sum(by_status[s] for s in MONITORED),
        "by_status": [(str(labels[s]), n) for s, n in by_status.items()],
        "by_category": list(by_category.items()),
        "funnel": [(str(labels[s]), list(steps.values())) for s, steps in funnel.items()],
    }


def risk_panel(scope: DashboardScope) -> dict:
    rows = (
        CaseRisk.objects.filter(case__status__in=MONITORED, case__village__in=scope.region_ids)
        .values("risk_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["risk_type"]: r["n"] for r in rows}
    return {
        "template": "indicators/panels/risks.html",
        "by_risk": [(risk, counts.get(risk, 0)) for risk in RiskType.values],
        "any": bool(counts),
    }


def overdue_panel(scope: DashboardScope) -> dict:
    """Cases past their deadline (SPEC 4) while still in the enrolment or exit procedure."""
    overdue = sum(row["n"] for row in case_counts(scope) if row["overdue"])
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
    rows = {
        b.path: {"code": b.code, "name": b.name, "monitored": 0, "procedure": 0, "overdue": 0, "below": None}
        for b in scope.buckets
    }
    in_procedure = Q(status__in=IN_PROCEDURE)
    counts = (
        _cases(scope)
        .annotate(bucket=_bucket(scope, "village__path"))
        .values("bucket")
        .annotate(
            monitored=Count("pk", filter=Q(status__in=MONITORED)),
            procedure=Count("pk", filter=in_procedure),
            overdue=Count("pk", filter=in_procedure & Q(deadline__lt=scope.today)),
        )
        .order_by()
    )
    for count in counts:
        if count["bucket"] in rows:
            rows[count["bucket"]].update({k: count[k] for k in ("monitored", "procedure", "overdue")})
    latest = VillageSnapshot.objects.order_by("-day").values_list("day", flat=True).first()
    if latest:
        below = (
            VillageSnapshot.objects.filter(day=latest, village__in=scope.region_ids)
            .annotate(bucket=_bucket(scope, "village__path"))
            .values("bucket")
            .annotate(below=Sum("below_line"))
            .order_by()
        )
        for found in below:
            if found["bucket"] in rows:
                rows[found["bucket"]]["below"] = found["below"]
    return {"template": "indicators/panels/breakdown.html", "rows": list(rows.values())}


def _scoped_model(app_label: str, model_name: str):
    """A model of an app that may not be installed on every deployment (or not yet merged)."""
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def clues_panel(scope: DashboardScope) -> dict | None:
    """Open clues (新线索, 已分派, 核验中), when the clues app is present."""
    model = _scoped_model("clues", "Clue")
    if model is None:
        return None
    qs = model.objects.all()
    count = qs.filter(status__in=model.OPEN_STATUSES, **{f"{qs.region_field}__in": scope.region_ids}).count()
    return {"template": "indicators/panels/clues.html", "open": count}


def review_panel(scope: DashboardScope) -> dict | None:
    """This quarter's risk review rounds (one per village) completed, when monitoring has them."""
    model = _scoped_model("monitoring", "ReviewRound")
    if model is None:
        return None
    quarter = (scope.today.month - 1) // 3 + 1
    totals = model.objects.filter(
        year=scope.today.year, quarter=quarter, village__in=scope.region_ids
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=model.Status.COMPLETED)))
    return {
        "template": "indicators/panels/reviews.html",
        "quarter": quarter,
        **totals,
        "rate": percent(totals["done"], totals["total"]),
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
