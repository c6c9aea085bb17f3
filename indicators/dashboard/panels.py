"""Dashboard panels. Each panel is a small function ``panel(scope) -> dict | None`` returning plain
data (cached as is) and naming its template; ``None`` hides it. Add a panel by appending it to
:data:`PANELS`. Every query is one GROUP BY over indexed columns inside the scope's regions.
"""

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, Q, Sum, Value, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext as _

from assistance.selectors import assistance_rate, with_measure_count
from households.choices import RiskType
from monitoring.models import STEP_NAMES, Case, CaseRisk, Category

from ..metrics import percent
from ..models import VillageSnapshot
from .scope import DashboardScope

IN_PROCEDURE = (Case.Status.ENROLLING, Case.Status.EXITING)
MONITORED = (Case.Status.MONITORED, Case.Status.EXITING)
PATH_STEP = len("500230000000/")  # one level of the materialised path


def list_link(scope: DashboardScope, name: str, region: str | None = None, **params) -> str:
    """The URL of a list page filtered to what a tile or a chart bar counts, with the list pages'
    own filter parameters (monitoring/filters.py, households/filters.py): the area is
    ``region=<code>`` (one root area), or the user's whole scope (several assigned areas)."""
    if region is None and len(scope.roots) == 1:
        region = scope.roots[0].code
    query = {"region": region, **params} if region else params
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _step_label(step: int) -> str:
    # A case waits at step 1 only after step 2 returned it: a nomination is recorded as done.
    return _("退回待重报") if step == 1 else str(STEP_NAMES[step])


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
    """Cases by status, monitored cases by category, and the cases of the enrolment and exit
    procedures by the step they wait for (2 入户核实 … 5 县审定; 1 only after a return: a case
    exists once its nomination is recorded, so "waiting for 村提名" is a returned nomination)."""
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
    cases_list = "monitoring:list"
    steps = range(1, 6)
    return {
        "template": "indicators/panels/cases.html",
        "monitored": sum(by_status[s] for s in MONITORED),
        "monitored_link": list_link(scope, cases_list, monitored="on"),
        "by_status": [(str(labels[s]), n) for s, n in by_status.items()],
        "status_links": [list_link(scope, cases_list, status=s) for s in by_status],
        "by_category": list(by_category.items()),
        "category_links": [list_link(scope, cases_list, monitored="on", category=c) for c in by_category],
        "funnel": [(str(labels[s]), list(counts.values())) for s, counts in funnel.items()],
        "step_labels": [_step_label(step) for step in steps],
        "funnel_links": [
            [list_link(scope, cases_list, status=s, step=step) for step in steps] for s in funnel
        ],
        "charts": {
            "status": {
                "kind": "bar",
                "labels": [str(labels[s]) for s in by_status],
                "series": [
                    {
                        "name": str(_("案件数")),
                        "values": list(by_status.values()),
                        "links": [list_link(scope, cases_list, status=s) for s in by_status],
                    }
                ],
            },
            "steps": {
                "kind": "bar",
                "stack": True,
                "labels": [_step_label(step) for step in steps],
                "series": [
                    {
                        "name": str(labels[s]),
                        "values": list(counts.values()),
                        "links": [list_link(scope, cases_list, status=s, step=step) for step in steps],
                    }
                    for s, counts in funnel.items()
                ],
            },
        },
    }


def risk_panel(scope: DashboardScope) -> dict:
    """Risk types of the monitored cases (监测中 and 风险消除程序中); a case counts once per risk."""
    rows = (
        CaseRisk.objects.filter(case__status__in=MONITORED, case__village__in=scope.region_ids)
        .values("risk_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["risk_type"]: r["n"] for r in rows}
    by_risk = [(risk, counts.get(risk, 0)) for risk in RiskType.values]
    links = [list_link(scope, "monitoring:list", monitored="on", risk_type=risk) for risk, _n in by_risk]
    shown = [i for i, (_risk, n) in enumerate(by_risk) if n]
    return {
        "template": "indicators/panels/risks.html",
        "by_risk": by_risk,
        "risk_links": links,
        "any": bool(counts),
        "charts": {
            "risks": {
                "kind": "bar",
                "horizontal": True,
                "labels": [by_risk[i][0] for i in shown],
                "series": [
                    {
                        "name": str(_("监测对象")),
                        "values": [by_risk[i][1] for i in shown],
                        "links": [links[i] for i in shown],
                    }
                ],
            }
        }
        if counts
        else {},
    }


def overdue_panel(scope: DashboardScope) -> dict:
    """Cases past their deadline (SPEC 4) while still in the enrolment or exit procedure."""
    overdue = sum(row["n"] for row in case_counts(scope) if row["overdue"])
    return {
        "template": "indicators/panels/overdue.html",
        "tile": True,
        "overdue": overdue,
        "link": list_link(scope, "monitoring:list", overdue="on"),
    }


def assistance_panel(scope: DashboardScope) -> dict:
    with_measure, total = assistance_rate(_cases(scope).monitored())
    return {
        "template": "indicators/panels/assistance.html",
        "tile": True,
        "with_measure": with_measure,
        "total": total,
        "rate": percent(with_measure, total),
        "link": list_link(scope, "monitoring:list", monitored="on"),
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
    return {
        "template": "indicators/panels/below_line.html",
        "tile": True,
        "day": latest,
        **totals,
        "link": list_link(scope, "households:list", below="on"),
    }


def breakdown_panel(scope: DashboardScope) -> dict | None:
    """Per township (or village) of the area: monitored, in procedure, overdue, 帮扶率, and the
    households below the line among those with an income record (nightly snapshot)."""
    if not scope.buckets:
        return None
    rows: dict[str, dict[str, Any]] = {
        b.path: {
            "code": b.code, "name": b.name, "monitored": 0, "procedure": 0, "overdue": 0, "assisted": 0,
            "rate": None, "below": None, "with_income": None,
        }
        for b in scope.buckets
    }  # fmt: skip
    in_procedure = Q(status__in=IN_PROCEDURE)
    monitored = Q(status__in=MONITORED)
    counts = (
        _cases(scope)
        .annotate(bucket=_bucket(scope, "village__path"))
        .values("bucket")
        .annotate(
            monitored=Count("pk", filter=monitored),
            procedure=Count("pk", filter=in_procedure),
            overdue=Count("pk", filter=in_procedure & Q(deadline__lt=scope.today)),
            assisted=with_measure_count(monitored),
        )
        .order_by()
    )
    for count in counts:
        if count["bucket"] in rows:
            rows[count["bucket"]].update(
                {k: count[k] for k in ("monitored", "procedure", "overdue", "assisted")}
            )
    latest = VillageSnapshot.objects.order_by("-day").values_list("day", flat=True).first()
    if latest:
        below = (
            VillageSnapshot.objects.filter(day=latest, village__in=scope.region_ids)
            .annotate(bucket=_bucket(scope, "village__path"))
            .values("bucket")
            .annotate(below=Sum("below_line"), with_income=Sum("with_income"))
            .order_by()
        )
        for found in below:
            if found["bucket"] in rows:
                rows[found["bucket"]].update(below=found["below"], with_income=found["with_income"])
    for row in rows.values():
        row["rate"] = percent(row["assisted"], row["monitored"])
        row["link"] = list_link(scope, "monitoring:list", region=row["code"], monitored="on")
        row["below_link"] = list_link(scope, "households:list", region=row["code"], below="on")
        row["households_link"] = list_link(scope, "households:list", region=row["code"])
    listed = list(rows.values())
    names = [row["name"] for row in listed]
    charts = {
        "rate": {
            "kind": "bar",
            "percent": True,
            "labels": names,
            "series": [
                {
                    "name": str(_("帮扶率")),
                    "values": [None if row["rate"] is None else float(row["rate"]) for row in listed],
                    "links": [row["link"] for row in listed],
                }
            ],
        }
    }
    if latest:
        charts["income"] = {
            "kind": "bar",
            "labels": names,
            "series": [
                {
                    "name": str(_("有收支记录户数")),
                    "values": [row["with_income"] or 0 for row in listed],
                    "links": [row["households_link"] for row in listed],
                },
                {
                    "name": str(_("人均纯收入低于监测范围户数")),
                    "values": [row["below"] or 0 for row in listed],
                    "links": [row["below_link"] for row in listed],
                },
            ],
        }
    return {"template": "indicators/panels/breakdown.html", "rows": listed, "day": latest, "charts": charts}


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
    return {
        "template": "indicators/panels/clues.html",
        "tile": True,
        "open": count,
        "link": list_link(scope, "clues:list", tab="open"),
    }


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
        "tile": True,
        "quarter": quarter,
        **totals,
        "rate": percent(totals["done"], totals["total"]),
    }


PANELS = [
    # The one-number tiles first (a row on a laptop, two by two on a phone), then the charts.
    overdue_panel,
    assistance_panel,
    below_line_panel,
    clues_panel,
    review_panel,
    cases_panel,
    risk_panel,
    breakdown_panel,
]
