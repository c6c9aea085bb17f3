"""Computing every household's grade set-wise, in passes over big slices of the register.

The nightly run walks the households in slices of ``SLICE`` ids (keyset on id). Per slice a fixed
number of queries gathers every rule's input in one pass each — the households, the latest visit
(a window query), the income records in the window, open case risks, clues, the register-derived
special groups (synced with one UPDATE and one INSERT … SELECT per kind), the members aggregated per
household, the active groups and the stored grades. ``grading.rules`` evaluates the facts in memory
(the one home of the rules and their reason texts). Only grades that differ from the stored row are
written — on PostgreSQL by COPY into a temporary table and one UPDATE/INSERT from it, elsewhere with
bulk_update/bulk_create —, and a history row is written for a new grade or a changed one only.
Grades never touch a case. ``households=`` (the on-commit recompute) takes the same path over the
given ids.
"""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Count, F, Q, TextField, Window
from django.db.models.functions import Cast, RowNumber, TruncDate
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
from ..rules import DEPARTMENT_WINDOW, Facts, evaluate
from .digest import HORIZON, digests_build, digests_changed, digests_drop, digests_store

Lines = dict[tuple[int, str], Decimal]
Policy = dict[str, Decimal]

SLICE = 20_000  # households per pass of the nightly run (id range)
ID_LIST = 2_000  # ids per pass when given a list (IN lists stay small on every backend)
UNGROUPED = "未分组"
_NO_GROUPS: frozenset[str] = frozenset()
SEVERE = ("一级", "二级")
# What a member's register fields say: the special group each flag stands for.
REGISTER_FLAGS: dict[str, dict[str, Any]] = {
    GroupKind.DIBAO: {"dibao": True},
    GroupKind.TEKUN: {"tekun": True},
    GroupKind.SEVERE_DISABILITY: {"disabled": True, "disability_grade__in": SEVERE},
}
STORED = (
    "grade",
    "score",
    "reasons",
    "cell_id",
    "last_visit",
    "visit_interval",
    "visit_basis",
    "next_visit_due",
)


@dataclass(frozen=True)
class _Part:
    """The households of one pass: an id range ``[low, high)`` or a list of ids."""

    low: int = 0
    high: int | None = None
    ids: tuple[int, ...] | None = None

    def q(self, field: str = "household_id") -> Q:
        if self.ids is not None:
            return Q(**{f"{field}__in": self.ids})
        found = Q(**{f"{field}__gte": self.low})
        return found & Q(**{f"{field}__lt": self.high}) if self.high is not None else found


def grades_recompute(*, households: Iterable[int] | None = None, on: datetime.date | None = None) -> int:
    """Recompute the grades of ``households`` (ids); when None, the nightly run: every household
    whose inputs changed since its grade (``grading.services.digest``). Returns how many were graded."""
    run = _Run(on or timezone.localdate())
    if households is not None:
        return run.recompute_all(_parts(households))
    total = digests_build(run.on)
    try:
        changed = digests_changed()
        # Most households changed (the first run, new rules or policies): slices beat id lists.
        parts = _parts(None) if len(changed) > total // 2 else _parts(changed)
        done = run.recompute_all(parts)
        digests_store()  # only once every grade is written: a run that fails midway grades them again
        return done
    finally:
        digests_drop()


def _parts(households: Iterable[int] | None) -> Iterator[_Part]:
    if households is not None:
        ids = sorted(set(households))
        for i in range(0, len(ids), ID_LIST):
            yield _Part(ids=tuple(ids[i : i + ID_LIST]))
        return
    low: int | None = Household.objects.order_by("pk").values_list("pk", flat=True).first()
    while low is not None:
        high = (
            Household.objects.filter(pk__gt=low)
            .order_by("pk")
            .values_list("pk", flat=True)[SLICE - 1 : SLICE]
        )
        nxt = next(iter(high), None)
        yield _Part(low=low, high=nxt)
        low = nxt


def register_groups_sync(on: datetime.date, part: "_Part") -> int:
    """The special groups the register's member fields say (``REGISTER_FLAGS``), for the households
    of ``part``: a flag cleared or a member removed ends its open register row today; a flagged
    member without an open row of the kind (from any source) gets one. Returns the rows opened.

    Register rows follow the member fields alone, so the nightly digest reads those fields instead
    of these rows, and a household whose fields did not change needs no sync."""
    wanted: set[tuple[int, str]] = set()
    any_flag = Q()
    for flag in REGISTER_FLAGS.values():
        any_flag |= Q(**flag)
    for pk, dibao, tekun, disabled, grade in (
        Member.objects.filter(part.q(), any_flag, removed_on__isnull=True)
        .order_by()
        .values_list("pk", "dibao", "tekun", "disabled", "disability_grade")
    ):
        if dibao:
            wanted.add((pk, GroupKind.DIBAO))
        if tekun:
            wanted.add((pk, GroupKind.TEKUN))
        if disabled and grade in SEVERE:
            wanted.add((pk, GroupKind.SEVERE_DISABILITY))
    have: set[tuple[int, str]] = set()
    stale: list[int] = []
    for pk, member_id, kind, source in (
        MemberGroup.objects.filter(part.q("member__household_id"), end__isnull=True)
        .order_by("pk")
        .values_list("pk", "member_id", "kind", "source")
    ):
        have.add((member_id, kind))
        if source == MemberGroup.Source.REGISTER and (member_id, kind) not in wanted:
            stale.append(pk)
    for i in range(0, len(stale), ID_LIST):
        MemberGroup.objects.filter(pk__in=stale[i : i + ID_LIST]).update(end=on)
    new = sorted(wanted - have)
    MemberGroup.objects.bulk_create(
        [MemberGroup(member_id=m, kind=k, start=on, source=MemberGroup.Source.REGISTER) for m, k in new],
        batch_size=2000,
    )
    return len(new)


def _record(per_capita: Decimal) -> IncomeRecord:
    """A read-only stand-in carrying what the income rules read (``per_capita_net``): building a full
    model instance per household costs more than the whole rule evaluation."""
    record = IncomeRecord.__new__(IncomeRecord)
    record.per_capita_net = per_capita
    return record


def _amount(evidence: object) -> Decimal | None:
    try:
        return (
            Decimal(str(evidence.get("amount")))
            if isinstance(evidence, dict) and evidence.get("amount")
            else None
        )
    except InvalidOperation:
        return None


@lru_cache(maxsize=256)
def _rule_label(code: str) -> str:
    return rule_label(code)


class _Run:
    """What one recompute shares between its passes: the policies, the lines, the village paths,
    the grid cells and the time stamp."""

    def __init__(self, on: datetime.date) -> None:
        self.on = on
        self.now = timezone.now()
        self.book = PolicyBook()
        self.lines: Lines = {
            (y, code): amount
            for y, code, amount in MonitoringLine.objects.values_list("year", "region__code", "amount")
        }
        self.paths: dict[int, str] = {}
        self.line_cache: dict[tuple[int, str], MonitoringLine | None] = {}
        self.cells: dict[tuple[int, str], int] = {}
        self.json_cache: dict[tuple[str, ...], str] = {}
        self.inserted: dict[str, int] = {}
        self.analyzed: dict[str, int] = {}
        self.month_cache: dict[tuple[datetime.date, int], datetime.date] = {}
        self.interval_cache: dict[tuple[str, frozenset[str], bool, int], tuple[int, str]] = {}

    def recompute_all(self, parts: Iterable[_Part]) -> int:
        done = 0
        for part in parts:
            with transaction.atomic():
                done += self.recompute(part)
        return done

    # -- facts ---------------------------------------------------------------------------------

    def recompute(self, part: _Part) -> int:
        rows = list(
            Household.objects.filter(part.q("pk"))
            .order_by("pk")
            .annotate(registered=TruncDate("created_at"))  # the local date: cheaper to read than a timestamp
            .values_list("pk", "village_id", "group__name", "group_name", "registered")
        )
        if not rows:
            return 0
        missing = {r[1] for r in rows} - self.paths.keys()
        if missing:
            self.paths.update(Region.objects.filter(pk__in=missing).values_list("pk", "path"))
        village = {r[0]: r[1] for r in rows}
        policy = {r[0]: self.book.for_path(self.paths[r[1]]) for r in rows}
        facts = {r[0]: Facts(income=IncomeStatus(None, None)) for r in rows}

        last_visit = self._visits(part, facts)
        self._income(part, policy, village, facts)
        for household_id, risk in CaseRisk.objects.filter(
            part.q("case__household_id"), case__status__in=Case.OPEN_STATUSES
        ).values_list("case__household_id", "risk_type"):
            facts[household_id].case_risks.append(risk)
        self._clues(part, facts)
        self._groups(part, facts)
        return self._write(part, rows, policy, facts, last_visit)

    def _visits(self, part: _Part, facts: dict[int, Facts]) -> dict[int, datetime.date]:
        """The latest visit of each household (by date, then id) and its 三保障/饮水 answers."""
        latest = (
            Visit.objects.filter(part.q())
            .annotate(
                n=Window(
                    RowNumber(),
                    partition_by=[F("household_id")],
                    order_by=[F("visited_on").desc(), F("pk").desc()],
                )
            )
            .filter(n=1)
            .values_list("household_id", "visited_on", *Visit.ASSURANCE_FIELDS)
        )
        last_visit = {}
        for household_id, visited_on, *answers in latest:
            facts[household_id].visit_answers = dict(zip(Visit.ASSURANCE_FIELDS, answers, strict=True))
            last_visit[household_id] = visited_on
        return last_visit

    def _line(self, year: int, path: str) -> MonitoringLine | None:
        """The year's line of the nearest ancestor of ``path`` (one shared instance per pair)."""
        key = (year, path)
        if key not in self.line_cache:
            code = next((c for c in reversed(path.strip("/").split("/")) if (year, c) in self.lines), None)
            if code is None:
                self.line_cache[key] = None
            else:
                if (year, code) not in self.line_cache:
                    self.line_cache[(year, code)] = MonitoringLine(year=year, amount=self.lines[(year, code)])
                self.line_cache[key] = self.line_cache[(year, code)]
        return self.line_cache[key]

    def _income(
        self, part: _Part, policy: Mapping[int, Policy], village: Mapping[int, int], facts: dict[int, Facts]
    ) -> None:
        """The latest record inside the income window (the ``households.selectors`` rule) and the one
        before it, one window back, for the trend."""
        on = self.on
        longest = max(int(p["income_window_months"]) for p in policy.values())
        since = on - relativedelta(months=HORIZON * longest)
        records = (
            IncomeRecord.objects.filter(part.q(), period_end__gt=since, period_end__lte=on)
            .order_by("household_id", "-period_end")
            .values_list("household_id", "period_start", "period_end", "per_capita_net")
        )
        current: int | None = None
        group: list[tuple[int, datetime.date, datetime.date, Decimal]] = []
        for row in records.iterator(chunk_size=10_000):
            if row[0] != current:
                if group:
                    self._income_of(group, policy, village, facts)
                current, group = row[0], []
            group.append(row)
        if group:
            self._income_of(group, policy, village, facts)

    def _months_before(self, day: datetime.date, months: int) -> datetime.date:
        """``day`` minus ``months`` calendar months (cached: a few distinct pairs per run)."""
        key = (day, months)
        if key not in self.month_cache:
            self.month_cache[key] = day - relativedelta(months=months)
        return self.month_cache[key]

    def _income_of(
        self,
        records: Sequence[tuple[int, datetime.date, datetime.date, Decimal]],
        policy: Mapping[int, Policy],
        village: Mapping[int, int],
        facts: dict[int, Facts],
    ) -> None:
        household_id, start, end, per_capita = records[0]
        months = int(policy[household_id]["income_window_months"])
        if end <= self._months_before(self.on, months):
            return
        line = self._line(end.year, self.paths[village[household_id]])
        found = facts[household_id]
        found.income = IncomeStatus(record=_record(per_capita), line=line)
        window_start = self._months_before(start, months)
        for _h, _start, earlier_end, earlier in records[1:]:
            if earlier_end <= start and earlier_end > window_start:
                found.previous_per_capita = earlier
                break

    def _clues(self, part: _Part, facts: dict[int, Facts]) -> None:
        year_ago = self.on - DEPARTMENT_WINDOW
        department = Q(source=Clue.Source.DEPARTMENT, found_on__gt=year_ago) & ~Q(status=Clue.Status.EXCLUDED)
        for household_id, status, source, rule, risk, evidence, found_on in Clue.objects.filter(
            Q(status__in=Clue.OPEN_STATUSES) | department, part.q()
        ).values_list("household_id", "status", "source", "rule", "risk_type", "evidence", "found_on"):
            if status in Clue.OPEN_STATUSES:
                facts[household_id].open_clue_risks.append(risk)
            if source == Clue.Source.DEPARTMENT and found_on > year_ago and status != Clue.Status.EXCLUDED:
                facts[household_id].department.append((rule, _rule_label(rule), _amount(evidence)))

    def _groups(self, part: _Part, facts: dict[int, Facts]) -> None:
        """Labour capacity (members counted per household in SQL), and the special groups active
        today (the register-derived ones synced first)."""
        on = self.on
        current = Member.objects.filter(part.q(), removed_on__isnull=True).order_by()
        able = Count("pk", filter=Q(labour_skill__in=ABLE_TO_WORK))
        for household_id, n, n_able in (
            current.values("household_id")
            .annotate(n=Count("pk"), able=able)
            .values_list("household_id", "n", "able")
        ):
            facts[household_id].members, facts[household_id].able = n, n_able
        self._grown_groups(register_groups_sync(on, part))
        for household_id, kind in (
            MemberGroup.objects.active(on)
            .filter(part.q("member__household_id"), member__removed_on__isnull=True)
            .values_list("member__household_id", "kind")
        ):
            facts[household_id].groups.add(kind)

    def _grown_groups(self, inserted: int) -> None:
        with connection.cursor() as cursor:
            self._grown(cursor, MemberGroup._meta.db_table, inserted)

    def _grown(self, cursor: Any, table: str, inserted: int) -> None:
        """Fresh planner statistics once a table has grown a lot during the run (the first grading
        fills the grades and the register groups): PostgreSQL would otherwise plan the next passes
        on the empty table's statistics (an anti-join over a sequential scan per pass). ANALYZE
        when the rows inserted reach twice those seen at the last one: a handful per run."""
        if connection.vendor != "postgresql" or inserted <= 0:
            return
        total = self.inserted.get(table, 0) + inserted
        self.inserted[table] = total
        if total >= 2 * self.analyzed.get(table, 0) + 1000:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            self.analyzed[table] = total

    def _cells(
        self, rows: Sequence[tuple[int, int, str | None, str, datetime.date]]
    ) -> dict[tuple[int, str], int]:
        """The grid cell id of each (village, 村民小组), created on demand; read once per run."""
        keys = {(r[1], r[2] or r[3] or UNGROUPED) for r in rows}
        missing = keys - self.cells.keys()
        if missing:
            villages = {v for v, _n in missing}
            found = GridCell.objects.filter(village_id__in=villages).values_list("village_id", "name", "pk")
            self.cells.update({(v, n): pk for v, n, pk in found})
            if missing - self.cells.keys():
                GridCell.objects.bulk_create(
                    [GridCell(village_id=v, name=n) for v, n in missing - self.cells.keys()],
                    ignore_conflicts=True,
                )
                found = GridCell.objects.filter(village_id__in=villages).values_list(
                    "village_id", "name", "pk"
                )
                self.cells.update({(v, n): pk for v, n, pk in found})
        return self.cells

    # -- grades --------------------------------------------------------------------------------

    def _interval(self, grade: str, groups: set[str], in_case: bool, p: Policy) -> tuple[int, str]:
        key = (grade, frozenset(groups) if groups else _NO_GROUPS, in_case, id(p))
        if key not in self.interval_cache:
            options = [(int(p[f"visit_days_{grade}"]), f"{Grade(grade).label}色")]
            if in_case:  # one rule for "monitored households are visited": the grid's
                options.append((int(p["visit_days_case"]), "监测对象"))
            for kind in GroupKind.values:
                if kind in groups:
                    options.append((int(p[GROUP_VISIT_POLICY[GroupKind(kind)]]), str(GroupKind(kind).label)))
            days, basis = min(options, key=lambda o: o[0])
            self.interval_cache[key] = (days, f"{basis} 每 {days} 天")
        return self.interval_cache[key]

    def _write(
        self,
        part: _Part,
        rows: Sequence[tuple[int, int, str | None, str, datetime.date]],
        policy: Mapping[int, Policy],
        facts: Mapping[int, Facts],
        last_visit: Mapping[int, datetime.date],
    ) -> int:
        cells = self._cells(rows)
        # The stored reasons as JSON text: compared with ours as text first (decoding a million
        # lists costs more than the rules), decoded only when the texts differ.
        stored = {
            r[0]: r[1:]
            for r in HouseholdGrade.objects.filter(part.q())
            .annotate(reasons_text=Cast("reasons", TextField()))
            .values_list("household_id", "id", *[f if f != "reasons" else "reasons_text" for f in STORED])
        }
        created: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for pk, village_id, group_name, free_name, registered in rows:
            p = policy[pk]
            found = facts[pk]
            grade, score, reasons = evaluate(found, p)
            interval, basis = self._interval(grade, found.groups, bool(found.case_risks), p)
            visited = last_visit.get(pk)
            since = visited or registered
            values = (
                grade,
                score,
                reasons,
                cells[(village_id, group_name or free_name or UNGROUPED)],
                visited,
                interval,
                basis,
                since + datetime.timedelta(days=interval),
            )
            key = tuple(reasons)
            text = self.json_cache.get(key)
            if text is None:
                if len(self.json_cache) > 100_000:
                    self.json_cache.clear()
                text = self.json_cache[key] = json.dumps(reasons, ensure_ascii=False)
            old = stored.get(pk)
            if old is None:
                created.append({"household_id": pk, "json": text, **dict(zip(STORED, values, strict=True))})
            elif (
                old[1:3] != values[:2]
                or old[4:] != values[3:]
                or (old[3] != text and json.loads(old[3]) != reasons)
            ):
                changed.append(
                    {"household_id": pk, "id": old[0], "regraded": old[1] != grade, "json": text}
                    | dict(zip(STORED, values, strict=True))
                )
        if created or changed:
            if connection.vendor == "postgresql":
                self._write_copy(created, changed)
            else:
                self._write_orm(created, changed)
        return len(rows)

    def _write_orm(self, created: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
        fields = [f.removesuffix("_id") for f in STORED] + ["computed_at"]
        updated = [
            HouseholdGrade(
                computed_at=self.now, **{k: v for k, v in row.items() if k not in ("regraded", "json")}
            )
            for row in changed
        ]
        HouseholdGrade.objects.bulk_update(updated, fields, batch_size=500)
        HouseholdGrade.objects.bulk_create(
            [
                HouseholdGrade(computed_at=self.now, **{k: v for k, v in row.items() if k != "json"})
                for row in created
            ],
            batch_size=500,
        )
        regraded = [g.household_id for g, row in zip(updated, changed, strict=True) if row["regraded"]]
        wanted = [row["household_id"] for row in created] + regraded
        if wanted:  # reselected: SQLite before 3.35 returns no pks from bulk_create
            HouseholdGrade.history.bulk_history_create(
                list(HouseholdGrade.objects.filter(household_id__in=wanted)), default_date=self.now
            )

    def _write_copy(self, created: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
        """COPY the new and changed rows into a temporary table, then one UPDATE, one INSERT and one
        history INSERT from it (what bulk_update/bulk_create/bulk_history_create write, set-wise)."""
        buffer = io.StringIO()
        out = csv.writer(buffer)
        for row, new in [(r, True) for r in created] + [(r, False) for r in changed]:
            out.writerow(
                [
                    row["household_id"],
                    row["grade"],
                    row["score"],
                    row["json"],
                    row["cell_id"],
                    row["last_visit"],
                    row["visit_interval"],
                    row["visit_basis"],
                    row["next_visit_due"],
                    new,
                    new or row["regraded"],
                ]
            )
        buffer.seek(0)
        user = HouseholdGrade.history.model.get_default_history_user(HouseholdGrade())
        user_id = getattr(user, "pk", None)
        grades = HouseholdGrade._meta.db_table
        history = HouseholdGrade.history.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE grading_recompute (household_id bigint PRIMARY KEY, grade varchar(8), "
                "score smallint, reasons jsonb, cell_id bigint, last_visit date, visit_interval smallint, "
                "visit_basis varchar(100), next_visit_due date, is_new boolean, regraded boolean) "
                "ON COMMIT DROP"
            )
            cursor.copy_expert("COPY grading_recompute FROM STDIN WITH (FORMAT csv)", buffer)
            cursor.execute(
                f"UPDATE {grades} g SET grade = t.grade, score = t.score, reasons = t.reasons, "
                "cell_id = t.cell_id, last_visit = t.last_visit, visit_interval = t.visit_interval, "
                "visit_basis = t.visit_basis, next_visit_due = t.next_visit_due, computed_at = %s "
                "FROM grading_recompute t WHERE g.household_id = t.household_id AND NOT t.is_new",
                [self.now],
            )
            cursor.execute(
                f"INSERT INTO {grades} (household_id, grade, score, reasons, computed_at, cell_id, last_visit, "
                "visit_interval, visit_basis, next_visit_due) SELECT household_id, grade, score, reasons, %s, "
                "cell_id, last_visit, visit_interval, visit_basis, next_visit_due FROM grading_recompute "
                "WHERE is_new",
                [self.now],
            )
            self._grown(cursor, grades, cursor.rowcount)
            cursor.execute(
                f"INSERT INTO {history} (id, household_id, grade, score, reasons, visit_interval, visit_basis, "
                "history_date, history_change_reason, history_type, history_user_id) "
                "SELECT g.id, g.household_id, g.grade, g.score, g.reasons, g.visit_interval, g.visit_basis, "
                f"%s, '', '+', %s FROM {grades} g JOIN grading_recompute t ON t.household_id = g.household_id "
                "WHERE t.regraded",
                [self.now, user_id],
            )
            cursor.execute("DROP TABLE grading_recompute")
