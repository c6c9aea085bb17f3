"""Computing every household's grade set-wise: a fixed number of queries per chunk of households.

The facts are read in bulk (households, incomes, lines, cases, clues, latest visits, members,
special groups), evaluated in memory by ``grading.rules`` and written with bulk_update/bulk_create.
A history row is written for a new grade or a changed one only. Grades never touch a case.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from clues.datasets import rule_label
from clues.models import Clue
from households.choices import ABLE_TO_WORK
from households.models import Household, IncomeRecord, Member, MonitoringLine, Visit
from households.selectors import IncomeStatus
from monitoring.models import Case, CaseRisk
from regions.models import Region

from ..models import GROUP_VISIT_POLICY, Grade, GridCell, GroupKind, HouseholdGrade, MemberGroup
from ..policies import PolicyBook
from ..rules import Facts, evaluate

Lines = dict[tuple[int, str], Decimal]
Row = Mapping[str, Any]
FactsMap = dict[int, Facts]
PolicyMap = dict[int, dict[str, Decimal]]

CHUNK = 2000
UNGROUPED = "未分组"
SEVERE = ("一级", "二级")


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def grades_recompute(*, households: Iterable[int] | None = None, on: datetime.date | None = None) -> int:
    """Recompute the grades of ``households`` (ids; all when None). Returns how many were graded."""
    on = on or timezone.localdate()
    if households is None:
        ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(households))
    book = PolicyBook()
    lines = _lines()
    regions: dict[int, Region] = {}
    done = 0
    for chunk in _chunks(ids):
        with transaction.atomic():
            done += _recompute_chunk(chunk, on, book, lines, regions)
    return done


def _lines() -> dict[tuple[int, str], Decimal]:
    return {
        (y, code): amount
        for y, code, amount in MonitoringLine.objects.values_list("year", "region__code", "amount")
    }


def _line_for(lines: Lines, year: int, path: str) -> MonitoringLine | None:
    for code in reversed(path.strip("/").split("/")):  # nearest ancestor first
        if (year, code) in lines:
            return MonitoringLine(year=year, amount=lines[(year, code)])
    return None


def _recompute_chunk(
    ids: list[int], on: datetime.date, book: PolicyBook, lines: Lines, regions: dict[int, Region]
) -> int:
    latest_visit = (
        Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on", "-pk").values("pk")[:1]
    )
    rows = list(
        Household.objects.filter(pk__in=ids)
        .annotate(latest_visit_id=Subquery(latest_visit))
        .values("pk", "village_id", "group__name", "group_name", "created_at", "latest_visit_id")
    )
    if not rows:
        return 0
    missing = {r["village_id"] for r in rows} - regions.keys()
    regions.update(Region.objects.in_bulk(missing))
    policy = {r["pk"]: book.for_path(regions[r["village_id"]].path) for r in rows}
    facts = {r["pk"]: Facts(income=IncomeStatus(None, None)) for r in rows}

    _gather_income(ids, rows, on, policy, lines, regions, facts)
    for household_id, risk in CaseRisk.objects.filter(
        case__household_id__in=ids, case__status__in=Case.OPEN_STATUSES
    ).values_list("case__household_id", "risk_type"):
        facts[household_id].case_risks.append(risk)
    _gather_clues(ids, on, facts)
    visits = Visit.objects.in_bulk([r["latest_visit_id"] for r in rows if r["latest_visit_id"]])
    last_visit: dict[int, datetime.date] = {}
    for visit in visits.values():
        facts[visit.household_id].visit_answers = {f: getattr(visit, f) for f in Visit.ASSURANCE_FIELDS}
        last_visit[visit.household_id] = visit.visited_on
    _gather_members_and_groups(ids, on, facts)

    cells = _cells(rows)
    existing = {g.household_id: g for g in HouseholdGrade.objects.filter(household_id__in=ids)}
    now = timezone.now()
    created: list[HouseholdGrade] = []
    changed: list[HouseholdGrade] = []
    unchanged: list[HouseholdGrade] = []
    for r in rows:
        p = policy[r["pk"]]
        grade, score, reasons = evaluate(facts[r["pk"]], p)
        interval, basis = _interval(grade, facts[r["pk"]].groups, p)
        since = last_visit.get(r["pk"]) or timezone.localdate(r["created_at"])
        values = {
            "grade": grade,
            "score": score,
            "reasons": reasons,
            "computed_at": now,
            "cell": cells[_cell_key(r)],
            "last_visit": last_visit.get(r["pk"]),
            "visit_interval": interval,
            "visit_basis": basis,
            "next_visit_due": since + datetime.timedelta(days=interval),
        }
        old = existing.get(r["pk"])
        if old is None:
            created.append(HouseholdGrade(household_id=r["pk"], **values))
            continue
        was = old.grade
        for name, value in values.items():
            setattr(old, name, value)
        (changed if was != grade else unchanged).append(old)

    fields = [
        "grade",
        "score",
        "reasons",
        "computed_at",
        "cell",
        "last_visit",
        "visit_interval",
        "visit_basis",
        "next_visit_due",
    ]
    HouseholdGrade.objects.bulk_update(changed + unchanged, fields, batch_size=500)
    HouseholdGrade.objects.bulk_create(created, batch_size=500)
    if created:  # SQLite before 3.35 returns no pks: reselect to be sure
        created = list(HouseholdGrade.objects.filter(household_id__in=[g.household_id for g in created]))
    if created or changed:
        HouseholdGrade.history.bulk_history_create(created + changed, default_date=now)
    return len(rows)


def _interval(grade: str, groups: set[str], p: dict[str, Decimal]) -> tuple[int, str]:
    options = [(int(p[f"visit_days_{grade}"]), f"{Grade(grade).label}色")]
    for kind in GroupKind.values:
        if kind in groups:
            options.append((int(p[GROUP_VISIT_POLICY[GroupKind(kind)]]), str(GroupKind(kind).label)))
    days, basis = min(options, key=lambda o: o[0])
    return days, f"{basis} 每 {days} 天"


def _gather_income(
    ids: list[int],
    rows: Sequence[Row],
    on: datetime.date,
    policy: PolicyMap,
    lines: Lines,
    regions: dict[int, Region],
    facts: FactsMap,
) -> None:
    """The latest record inside the income window (the ``households.selectors`` rule) and the one
    before it, one window back, for the trend."""
    window = {r["pk"]: int(policy[r["pk"]]["income_window_months"]) for r in rows}
    since = on - relativedelta(months=3 * max(window.values()))
    by_household: dict[int, list[IncomeRecord]] = defaultdict(list)
    for record in IncomeRecord.objects.filter(
        household_id__in=ids, period_end__gt=since, period_end__lte=on
    ).order_by("household_id", "-period_end"):
        by_household[record.household_id].append(record)
    village = {r["pk"]: r["village_id"] for r in rows}
    for household_id, records in by_household.items():
        months = relativedelta(months=window[household_id])
        latest = records[0] if records[0].period_end > on - months else None
        if latest is None:
            continue
        line = _line_for(lines, latest.period_end.year, regions[village[household_id]].path)
        facts[household_id].income = IncomeStatus(record=latest, line=line)
        earlier = [
            x
            for x in records[1:]
            if x.period_end <= latest.period_start and x.period_end > latest.period_start - months
        ]
        if earlier:
            facts[household_id].previous_per_capita = earlier[0].per_capita_net


def _amount(evidence: object) -> Decimal | None:
    try:
        return (
            Decimal(str(evidence.get("amount")))
            if isinstance(evidence, dict) and evidence.get("amount")
            else None
        )
    except InvalidOperation:
        return None


def _gather_clues(ids: list[int], on: datetime.date, facts: FactsMap) -> None:
    year_ago = on - datetime.timedelta(days=365)
    department = Q(source=Clue.Source.DEPARTMENT, found_on__gt=year_ago) & ~Q(status=Clue.Status.EXCLUDED)
    for household_id, status, source, rule, risk, evidence, found_on in Clue.objects.filter(
        Q(status__in=Clue.OPEN_STATUSES) | department, household_id__in=ids
    ).values_list("household_id", "status", "source", "rule", "risk_type", "evidence", "found_on"):
        if status in Clue.OPEN_STATUSES:
            facts[household_id].open_clue_risks.append(risk)
        if source == Clue.Source.DEPARTMENT and found_on > year_ago and status != Clue.Status.EXCLUDED:
            facts[household_id].department.append((rule, rule_label(rule), _amount(evidence)))


def _gather_members_and_groups(ids: list[int], on: datetime.date, facts: FactsMap) -> None:
    """Labour capacity, and the special groups: register-derived flags synced, manual ones read."""
    wanted: set[tuple[int, str]] = set()
    member_household: dict[int, int] = {}
    for pk, household_id, skill, dibao, tekun, disabled, grade in (
        Member.objects.current()
        .filter(household_id__in=ids)
        .values_list("pk", "household_id", "labour_skill", "dibao", "tekun", "disabled", "disability_grade")
    ):
        member_household[pk] = household_id
        facts[household_id].members += 1
        facts[household_id].able += skill in ABLE_TO_WORK
        if dibao:
            wanted.add((pk, GroupKind.DIBAO))
        if tekun:
            wanted.add((pk, GroupKind.TEKUN))
        if disabled and grade in SEVERE:
            wanted.add((pk, GroupKind.SEVERE_DISABILITY))
    open_rows = list(
        MemberGroup.objects.filter(member__household_id__in=ids)
        .filter(Q(end__isnull=True) | Q(end__gt=on))
        .values_list("pk", "member_id", "kind", "source", "start", "end")
    )
    have = {(m, k) for _pk, m, k, _s, _start, end in open_rows if end is None}
    stale = [
        pk
        for pk, m, k, source, _start, end in open_rows
        if source == MemberGroup.Source.REGISTER and end is None and (m, k) not in wanted
    ]
    if stale:
        MemberGroup.objects.filter(pk__in=stale).update(end=on)
    MemberGroup.objects.bulk_create(
        [
            MemberGroup(member_id=m, kind=k, start=on, source=MemberGroup.Source.REGISTER)
            for m, k in wanted - have
        ],
        batch_size=500,
    )
    stale_set = set(stale)
    for pk, m, k, _source, start, _end in open_rows:
        if pk not in stale_set and start <= on and m in member_household:
            facts[member_household[m]].groups.add(k)
    for m, k in wanted:
        facts[member_household[m]].groups.add(k)


def _cell_key(row: Row) -> tuple[int, str]:
    return row["village_id"], row["group__name"] or row["group_name"] or UNGROUPED


def _cells(rows: Sequence[Row]) -> dict[tuple[int, str], GridCell]:
    """The grid cell of each (village, 村民小组), created on demand."""
    keys = {_cell_key(r) for r in rows}
    villages = {v for v, _n in keys}
    cells = {(c.village_id, c.name): c for c in GridCell.objects.filter(village_id__in=villages)}
    missing = keys - cells.keys()
    if missing:
        GridCell.objects.bulk_create(
            [GridCell(village_id=v, name=n) for v, n in missing], ignore_conflicts=True
        )
        cells = {(c.village_id, c.name): c for c in GridCell.objects.filter(village_id__in=villages)}
    return cells
