"""Households with members, from the national system's member sheet (one row per member).

Validation reads the whole file against a handful of set queries (villages in scope, households by
户编号, members by 身份证号, current members of those households) and applies the register's own
rules (``households.rules``, the functions the household services call) with their messages: a
valid ID (``parse_id``), one person in one household only (naming where, when the user may see it),
exactly one 户主 and at most one 配偶 per household, 文化程度 xor 在校生状况 and the disability detail
on each member as it will be stored (the file's cells over the stored values), and the services'
role: only villages where the uploader is a village cadre. A row identical to what is stored
changes nothing, so the same file imported twice writes nothing the second time.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from households.choices import Relationship
from households.models import Household, Member
from households.rules import composition_errors, duplicate_in_household, duplicate_person, member_errors
from households.services import touch_households

from .bulk import insert_with_history
from .member_rows import (
    ALIASES,
    ID,
    RELATION,
    REQUIRED,
    VILLAGE,
    Row,
    VillageResolver,
    parse_row,
    scope_villages,
)
from .reading import RowError, data_rows, open_sheet

CHUNK = 5000


@dataclass
class Plan:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_households: list[dict] = field(default_factory=list)
    changed_households: list[tuple[int, dict]] = field(default_factory=list)
    new_members: list[tuple[str, dict]] = field(default_factory=list)  # (户编号, fields)
    changed_members: list[tuple[int, dict]] = field(default_factory=list)
    unchanged_members: int = 0

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "new_households": len(self.new_households),
            "changed_households": len(self.changed_households),
            "new_members": len(self.new_members),
            "changed_members": len(self.changed_members),
            "unchanged_members": self.unchanged_members,
        }


def _chunks(items):
    items = list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


MEMBER_COMPARED = [
    "name", "id_type", "id_number", "sex", "birth_date", "ethnicity", "relationship", "education",
    "school_status", "labour_skill", "months_worked", "healthy", "chronic_disease", "serious_illness",
    "disabled", "disability_category", "disability_grade", "political_status", "medical_insurance",
    "critical_illness_insurance", "pension_insurance", "dibao", "tekun", "welfare_post",
]  # fmt: skip
HOUSEHOLD_COMPARED = ["village_id", "group_name", "address", "phone", "head_name", "member_count"]


def _existing_households(numbers) -> dict:
    found = {}
    for chunk in _chunks(numbers):
        for values in Household.objects.filter(number__in=chunk).values("pk", "number", *HOUSEHOLD_COMPARED):
            found[values["number"]] = values
    return found


def _existing_members(person_ids) -> dict:
    """{person_id: named tuple}: a county's re-import finds hundreds of thousands, and a tuple
    is a fifth of a dict's size."""
    found = {}
    fields = ("pk", "person_id", "household_id", "household__number", "household__village_id", "removed_on")
    for chunk in _chunks(person_ids):
        for values in Member.objects.filter(person_id__in=chunk).values_list(
            *fields, *MEMBER_COMPARED, named=True
        ):
            found[values.person_id] = values
    return found


def _current_members(household_pks) -> dict:
    """Current members of the households the file touches: {household pk: [(person_id, relation, name)]}."""
    members: dict = defaultdict(list)
    for chunk in _chunks(household_pks):
        rows = Member.objects.current().filter(household_id__in=chunk)
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
    values = {k: row.values[k] if k in row.values else getattr(found, k, "") for k in RULE_FIELDS}
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
    rows: list[Row] = []
    seen_ids: dict[str, Row] = {}
    try:
        for number, cells in data_rows(sheet):
            row = parse_row(number, cells, resolve, plan.errors)
            if row.person_id in seen_ids:
                first = seen_ids[row.person_id]
                if first.household == row.household:
                    reason = duplicate_in_household().message
                else:
                    reason = _("与第 %(row)d 行的证件号码重复。") % {"row": first.number}
                plan.errors.append(RowError(number, ID, row.values.get("id_number", ""), reason))
                row.valid = False
            elif row.person_id:
                seen_ids[row.person_id] = row
            rows.append(row)
    finally:
        sheet.close()
    plan.rows = len(rows)
    if not rows:
        from .reading import FileRefused

        raise FileRefused(_("文件中没有数据行。"))
    households = _existing_households({r.household for r in rows if r.household})
    members = _existing_members(seen_ids)
    current = _current_members(h["pk"] for h in households.values())
    by_household: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.household:
            by_household[row.household].append(row)
    for household_number, group in by_household.items():
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
            errors.append(RowError(row.number, ID, row.values.get("id_number", ""), reason))
            valid = False
        elif found and found.removed_on:
            reason = _("该成员已于 %(date)s 减员，不能通过导入恢复。") % {"date": found.removed_on}
            errors.append(RowError(row.number, ID, row.values.get("id_number", ""), reason))
            valid = False
        elif row.valid:
            rule_errors = _member_rule_errors(row, found)
            errors.extend(rule_errors)
            valid = valid and not rule_errors
    if not valid:
        return
    in_file = {row.person_id for row in group}
    staying = [m for m in current.get(existing["pk"], ()) if m[0] not in in_file] if existing else []
    relations = [m[1] for m in staying] + [row.values["relationship"] for row in group]
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
        for name, value in row.household_values.items():
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
            plan.new_members.append((number, row.values))
            continue
        changed = {k: v for k, v in row.values.items() if k in MEMBER_COMPARED and getattr(found, k) != v}
        if changed:
            plan.changed_members.append((found.pk, changed))
        else:
            plan.unchanged_members += 1


def _head_name(group: list[Row], staying: list) -> str:
    for row in group:
        if row.values["relationship"] == Relationship.HEAD:
            return row.values["name"]
    return next(m[2] for m in staying if m[1] == Relationship.HEAD)


def commit(plan: Plan, by) -> dict:
    """Write a valid plan: bulk inserts and updates, each with its history rows (caller's transaction)."""
    from django.utils import timezone

    reason = _("批量导入")
    now = timezone.now()
    created = (Household(**values) for values in plan.new_households)
    insert_with_history(Household, created, key="number", by=by, reason=reason)
    _bulk_update(Household, plan.changed_households, by, reason, now)
    numbers = {number for number, _values in plan.new_members}
    pks: dict[str, int] = {}
    for chunk in _chunks(numbers):
        pks.update(Household.objects.filter(number__in=chunk).values_list("number", "pk"))
    new_members = (Member(household_id=pks[number], **values) for number, values in plan.new_members)
    insert_with_history(Member, new_members, key="person_id", by=by, reason=reason)
    changed = _bulk_update(Member, plan.changed_members, by, reason, now)
    # A household is read with its members: their change moves its updated_at (incremental pulls).
    touched = {pks[number] for number, _values in plan.new_members} | changed
    for chunk in _chunks(touched):
        touch_households(chunk, now=now)
    return plan.summary()


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
