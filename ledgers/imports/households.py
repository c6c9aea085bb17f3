"""Households with members, from the national system's member sheet (one row per member).

Validation reads the whole file against a handful of set queries (villages in scope, households by
户编号, members by 身份证号, current members of those households) and applies the register's own
rules (``households.rules``, the functions the household services call) with their messages: a
valid ID (``parse_id``), one person in one household only (naming where, when the user may see it),
exactly one 户主 and at most one 配偶 per household, 文化程度 xor 在校生状况 and the disability detail
on each member as it will be stored (the file's cells over the stored values), and the services'
role: only villages where the uploader is a village cadre. A row identical to what is stored
changes nothing, so the same file imported twice writes nothing the second time.

The file is parsed once. A valid plan (what to insert and update) is kept on disk between the dry
run and the commit (``keep``), with a digest of what the validation read from the register
(``register_version``); the commit writes it as it is when that digest is unchanged (``kept``),
else it validates again. Households are planned a chunk at a time, so only one chunk's stored
households and members are in memory, even when a re-import finds every row registered.
"""

import hashlib
import pickle
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from households.choices import Relationship
from households.idnumbers import one_today
from households.models import Household, Member
from households.rules import composition_errors, duplicate_in_household, duplicate_person, member_errors
from households.services import touch_households

from .bulk import Rows, insert_with_history, where_in
from .member_rows import (
    ABSENT,
    ALIASES,
    ID,
    MEMBER_FIELDS,
    RELATION,
    REQUIRED,
    VILLAGE,
    Row,
    VillageResolver,
    parse_row,
    scope_villages,
)
from .reading import FileRefused, RowError, data_rows, open_sheet

CHUNK = 5000
PLAN_VERSION = 1
# The commit reads a plan's parts in this order: households first, so their members find them.
SECTIONS = ("new_households", "changed_households", "new_members", "changed_members")
NEW_HOUSEHOLD = ("number", "village_id", "head_name", "member_count", "group_name", "address", "phone")


@dataclass
class Plan:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_households: list[dict] = field(default_factory=list)
    changed_households: list[tuple[int, dict]] = field(default_factory=list)
    new_members: list[tuple[str, Row]] = field(default_factory=list)  # (户编号, its row)
    changed_members: list[tuple[int, dict]] = field(default_factory=list)
    unchanged_members: int = 0
    # What the validation read from the register, to tell at commit whether this plan still holds.
    numbers: list[str] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)
    register: str = ""

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "new_households": len(self.new_households),
            "changed_households": len(self.changed_households),
            "new_members": len(self.new_members),
            "changed_members": len(self.changed_members),
            "unchanged_members": self.unchanged_members,
        }

    def sections(self) -> Iterator[tuple[str, list]]:
        """The plan's parts in SECTIONS order, a chunk at a time: new households as NEW_HOUSEHOLD
        tuples, new members as (户编号, values in MEMBER_FIELDS order)."""
        for name in SECTIONS:
            for chunk in _chunks(getattr(self, name)):
                if name == "new_households":
                    chunk = [tuple(values.get(k, ABSENT) for k in NEW_HOUSEHOLD) for values in chunk]
                elif name == "new_members":
                    chunk = [(number, row.values) for number, row in chunk]
                yield name, chunk


def _chunks(items):
    items = items if isinstance(items, list) else list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def register_version(numbers: list[str], person_ids: list[str], villages: dict) -> str:
    """A digest of everything the validation reads from the register: the households by 户编号, all
    members of those households, the members by 身份证号 (per chunk of keys: how many, the sum of
    their ids, the latest ``updated_at``, which every register service moves) and the uploader's
    villages. Taken before those reads, so a change made while they run is seen at commit."""
    digest = hashlib.sha256(repr(sorted(villages.items())).encode())
    stats = {"n": Count("pk"), "ids": Sum("pk"), "at": Max("updated_at")}
    for chunk in _chunks(numbers):
        households = where_in(Household.objects, "number", chunk)
        digest.update(repr(households.aggregate(**stats)).encode())
        members = Member.objects.filter(household__in=households.values("pk"))
        digest.update(repr(members.aggregate(**stats)).encode())
    for chunk in _chunks(person_ids):
        digest.update(repr(where_in(Member.objects, "person_id", chunk).aggregate(**stats)).encode())
    return digest.hexdigest()


MEMBER_COMPARED = [
    "name", "id_type", "id_number", "sex", "birth_date", "ethnicity", "relationship", "education",
    "school_status", "labour_skill", "months_worked", "healthy", "chronic_disease", "serious_illness",
    "disabled", "disability_category", "disability_grade", "political_status", "medical_insurance",
    "critical_illness_insurance", "pension_insurance", "dibao", "tekun", "welfare_post",
]  # fmt: skip
COMPARED = frozenset(MEMBER_COMPARED)
HOUSEHOLD_COMPARED = ["village_id", "group_name", "address", "phone", "head_name", "member_count"]


def _existing_households(numbers) -> dict:
    found = {}
    for chunk in _chunks(numbers):
        for values in where_in(Household.objects, "number", chunk).values(
            "pk", "number", *HOUSEHOLD_COMPARED
        ):
            found[values["number"]] = values
    return found


def _existing_members(person_ids) -> dict:
    """{person_id: named tuple}: a county's re-import finds hundreds of thousands, and a tuple
    is a fifth of a dict's size."""
    found = {}
    fields = ("pk", "person_id", "household_id", "household__number", "household__village_id", "removed_on")
    for chunk in _chunks(person_ids):
        for values in where_in(Member.objects, "person_id", chunk).values_list(
            *fields, *MEMBER_COMPARED, named=True
        ):
            found[values.person_id] = values
    return found


def _current_members(household_pks) -> dict:
    """Current members of the households the file touches: {household pk: [(person_id, relation, name)]}."""
    members: dict = defaultdict(list)
    for chunk in _chunks(household_pks):
        rows = where_in(Member.objects.current(), "household", chunk)
        for hh, pid, relation, name in rows.values_list("household_id", "person_id", "relationship", "name"):
            members[hh].append((pid, relation, name))
    return members


def _elsewhere(person_id: str, existing, villages: dict) -> str:
    village = villages.get(existing.household__village_id)
    place = village[2] + village[1] if village else None
    return duplicate_person(person_id, place=place, number=existing.household__number).message


# The columns a member rule's field is reported under, and the cells shown as its value.
RULE_COLUMNS = {
    "education": ("文化程度", ("education", "school_status")),
    "disability_category": ("残疾类别", ("disability_category", "disability_grade")),
}
RULE_FIELDS = ("education", "school_status", "disabled", "disability_category", "disability_grade")


def _member_rule_errors(row: Row, found) -> list[RowError]:
    """``households.rules.member_errors`` on the member as it will be stored: the file's cells over
    the stored values (a column missing from the file leaves the stored value alone)."""
    values = {k: row.value(k, ABSENT) for k in RULE_FIELDS}
    values = {k: getattr(found, k, "") if v is ABSENT else v for k, v in values.items()}
    errors = []
    for error in member_errors(values):
        column, shown = RULE_COLUMNS[error.field or "education"]
        value = "/".join(str(values[k] or "") for k in shown)
        errors.append(RowError(row.number, column, value, error.message))
    return errors


def validate(path, user) -> Plan:
    plan = Plan()
    villages = scope_villages(user)
    sheet = open_sheet(path, REQUIRED, aliases=ALIASES)
    resolve = VillageResolver(villages)
    by_household: dict[str, list[Row]] = defaultdict(list)
    seen_ids: dict[str, Row] = {}
    memo: dict = {}  # each distinct value-list cell parsed once
    try:
        with one_today():  # one date for every birth date in the file
            for number, cells in data_rows(sheet):
                row = parse_row(number, cells, resolve, plan.errors, memo)
                plan.rows += 1
                if row.person_id in seen_ids:
                    first = seen_ids[row.person_id]
                    if first.household == row.household:
                        reason = duplicate_in_household().message
                    else:
                        reason = _("与第 %(row)d 行的证件号码重复。") % {"row": first.number}
                    plan.errors.append(RowError(number, ID, row.value("id_number", ""), reason))
                    row.valid = False
                elif row.person_id:
                    seen_ids[row.person_id] = row
                if row.household:
                    by_household[row.household].append(row)
    finally:
        sheet.close()
    if not plan.rows:
        raise FileRefused(_("文件中没有数据行。"))
    plan.numbers, plan.person_ids = list(by_household), list(seen_ids)
    del seen_ids
    plan.register = register_version(plan.numbers, plan.person_ids, villages)
    groups = list(by_household.items())
    del by_household
    for chunk in _chunks(groups):
        households = _existing_households([number for number, _group in chunk])
        members = _existing_members({row.person_id for _n, group in chunk for row in group if row.person_id})
        current = _current_members(h["pk"] for h in households.values())
        for household_number, group in chunk:
            _plan_household(
                plan, household_number, group, households.get(household_number), members, current, villages
            )
    plan.errors.sort(key=lambda e: e.row)
    return plan


def _plan_household(plan: Plan, number: str, group: list[Row], existing, members, current, villages) -> None:
    errors = plan.errors
    first = group[0]
    valid = all(row.valid for row in group)
    for row in group:
        if row.village_id and first.village_id and row.village_id != first.village_id:
            errors.append(RowError(row.number, VILLAGE, "", _("同一户编号的成员应在同一个村。")))
            valid = False
        if existing and row.village_id and row.village_id != existing["village_id"]:
            errors.append(
                RowError(row.number, VILLAGE, "", _("该户编号已登记在其他村，导入不能变更所在村。"))
            )
            valid = False
        found = members.get(row.person_id)
        if found and found.household__number != number:
            reason = _elsewhere(row.person_id, found, villages)
            errors.append(RowError(row.number, ID, row.value("id_number", ""), reason))
            valid = False
        elif found and found.removed_on:
            reason = _("该成员已于 %(date)s 减员，不能通过导入恢复。") % {"date": found.removed_on}
            errors.append(RowError(row.number, ID, row.value("id_number", ""), reason))
            valid = False
        elif row.valid:
            rule_errors = _member_rule_errors(row, found)
            errors.extend(rule_errors)
            valid = valid and not rule_errors
    if not valid:
        return
    in_file = {row.person_id for row in group}
    staying = [m for m in current.get(existing["pk"], ()) if m[0] not in in_file] if existing else []
    relations = [m[1] for m in staying] + [row.value("relationship") for row in group]
    person_ids = [m[0] for m in staying] + [row.person_id for row in group]
    composition = composition_errors(relations, person_ids)
    if composition:
        errors.extend(RowError(first.number, RELATION, number, error.message) for error in composition)
        return
    head_name = _head_name(group, staying)
    household = {
        "village_id": first.village_id,
        "head_name": head_name,
        "member_count": len(staying) + len(group),
    }
    for row in group:
        for name, value in row.household_items():
            if value and not household.get(name):
                household[name] = value
    if existing is None:
        plan.new_households.append({"number": number, **household})
    else:
        changed = {k: v for k, v in household.items() if existing.get(k) != v}
        if changed:
            plan.changed_households.append((existing["pk"], changed))
    for row in group:
        found = members.get(row.person_id)
        if found is None:
            plan.new_members.append((number, row))
            continue
        changed = {
            k: v for k, v in zip(MEMBER_FIELDS, row.values, strict=True)
            if v is not ABSENT and k in COMPARED and getattr(found, k) != v
        }  # fmt: skip
        if changed:
            plan.changed_members.append((found.pk, changed))
        else:
            plan.unchanged_members += 1


def _head_name(group: list[Row], staying: list) -> str:
    for row in group:
        if row.value("relationship") == Relationship.HEAD:
            return row.value("name")
    return next(m[2] for m in staying if m[1] == Relationship.HEAD)


def commit(plan, by) -> dict:
    """Write a valid plan (a fresh ``Plan`` or one ``kept``): bulk inserts and updates, each with its
    history rows, a chunk at a time (caller's transaction)."""
    reason = _("批量导入")
    now = timezone.now()
    households = Rows(Household, NEW_HOUSEHOLD, now=now, absent=ABSENT)
    members = Rows(Member, ("household_id", *MEMBER_FIELDS), now=now, absent=ABSENT)
    pks: dict[str, int] = {}  # 户编号 -> pk of the households the new members join
    created: set[int] = set()
    touched: set[int] = set()
    for section, chunk in plan.sections():
        if section == "new_households":
            ids = insert_with_history(households, chunk, key="number", by=by, reason=reason)
            pks.update(ids)
            created.update(ids.values())
        elif section == "changed_households":
            _bulk_update(Household, chunk, by, reason, now)
        elif section == "new_members":
            wanted = {number for number, _values in chunk if number not in pks}
            pks.update(where_in(Household.objects, "number", list(wanted)).values_list("number", "pk"))
            sources = [(pks[number], *values) for number, values in chunk]
            insert_with_history(members, sources, key="person_id", by=by, reason=reason)
            touched.update(pks[number] for number, _values in chunk)
        else:
            touched |= _bulk_update(Member, chunk, by, reason, now)
    # A household is read with its members: their change moves its updated_at (incremental pulls).
    # The households created here already carry ``now``.
    for chunk in _chunks(touched - created):
        touch_households(chunk, now=now)
    return plan.summary()


class KeptPlan:
    """A plan read back from the file ``keep`` wrote: its parts are read as the commit asks."""

    errors: list[RowError] = []

    def __init__(self, header: dict, source: IO[bytes]):
        self.header, self.source = header, source
        self.rows = header["rows"]

    def summary(self) -> dict:
        return dict(self.header["summary"])

    def sections(self) -> Iterator[tuple[str, list]]:
        while (part := pickle.load(self.source))[0] is not None:
            yield part


def keep(plan: Plan, out: IO[bytes]) -> None:
    """Write a valid plan for the commit: a header, then each part a chunk at a time."""
    header = {
        "version": PLAN_VERSION, "rows": plan.rows, "summary": plan.summary(), "numbers": plan.numbers,
        "person_ids": plan.person_ids, "register": plan.register,
    }  # fmt: skip
    pickle.dump(header, out, protocol=pickle.HIGHEST_PROTOCOL)
    for part in plan.sections():
        pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump((None, None), out, protocol=pickle.HIGHEST_PROTOCOL)


def kept(source: IO[bytes], user) -> Any:
    """The plan ``keep`` wrote, when what it read from the register is unchanged; else None."""
    header = pickle.load(source)
    if header.get("version") != PLAN_VERSION:
        return None
    now = register_version(header["numbers"], header["person_ids"], scope_villages(user))
    return KeptPlan(header, source) if now == header["register"] else None


def _bulk_update(model, changes: list[tuple[int, dict]], by, reason, now) -> set[int]:
    """Apply ``changes`` with history rows, a chunk at a time; the households concerned."""
    from simple_history.utils import bulk_update_with_history

    households: set[int] = set()
    for chunk in _chunks(changes):
        objects = model.objects.in_bulk([pk for pk, _values in chunk])
        names = {"updated_at"}
        for pk, values in chunk:
            for name, value in values.items():
                setattr(objects[pk], name, value)
            objects[pk].updated_at = now
            names.update(values)
        bulk_update_with_history(
            list(objects.values()), model, sorted(names), batch_size=2000, default_user=by,
            default_change_reason=reason,
        )  # fmt: skip
        households.update(getattr(o, "household_id", o.pk) for o in objects.values())
    return households
