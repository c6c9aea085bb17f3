"""Duplicate candidates (疑似重复): find them for a county, and resolve one (merge, or 不是同一对象).

Who resolves: the cadre of the lowest level holding both records (``resolver_role``) — the
village cadre for a pair inside one village (the village keeps its register), the township for a
pair across two villages of the township, the county for a pair across townships. Everyone in
scope reads the list; viewers and department users never resolve.

A merge runs in one transaction with both households locked:

- two member records of one person: the kept one stays; the other ends as 减员 "重复登记" (its row
  and history stay), and the rows of other tables that point to it move to the kept one;
- two households: the other household's current members move into the kept one (each with a
  transfer record; a 户主, or a 配偶 when the kept household has one, becomes 其他 — the trail keeps
  the old relationship), its open flags and the rows of other tables that point to it move, and
  it is closed (``merged_into``). Income records stay with the household they were declared for.

Rows that cannot move because the target already holds one of a kind (a second open flag of one
kind, a member group, an asset share) stay with the closed record when they are its dependants
(``on_delete=CASCADE``); any other clash (two open monitoring cases) refuses the whole merge.
"""

import io
import json
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role, user_may
from common.errors import Conflict, ServiceError
from common.jobs import failure_reason, job_fail, job_finish, job_launch, job_progress
from common.models import Job
from regions.models import Region

from ..choices import Relationship
from ..duplicates import Pair, fill_name_keys, household_pairs, member_pairs, score
from ..models import DuplicateCandidate, Household, HouseholdFlag, IncomeRecord, Member, MemberTransfer
from ._common import lock_household, refresh_household, save_member

C = DuplicateCandidate
S = DuplicateCandidate.Status
BATCH = 2000

RESOLVER_BY_LEVEL: dict[str, str] = {
    Region.Level.VILLAGE: Role.VILLAGE,
    Region.Level.TOWNSHIP: Role.TOWNSHIP,
    Region.Level.COUNTY: Role.COUNTY,
}


def resolver_role(candidate: DuplicateCandidate) -> str:
    return RESOLVER_BY_LEVEL.get(candidate.region.level, str(Role.COUNTY))


def may_resolve(user: User, candidate: DuplicateCandidate) -> bool:
    return candidate.status == S.OPEN and user_may(user, resolver_role(candidate), region=candidate.region)


# -- finding -----------------------------------------------------------------------------------


class _Regions:
    """The lowest region holding two villages, from the county's paths (no query per pair)."""

    def __init__(self, county: Region) -> None:
        rows = Region.objects.filter(path__startswith=county.path).values_list("pk", "code", "path")
        self.by_code = {code: pk for pk, code, _path in rows}
        self.chain = {
            pk: [self.by_code[c] for c in path.strip("/").split("/") if c in self.by_code]
            for pk, _c, path in rows
        }
        self.county = county.pk

    def lowest(self, village_a: int, village_b: int) -> int:
        if village_a == village_b:
            return village_a
        common = self.county
        for x, y in zip(self.chain.get(village_a, []), self.chain.get(village_b, []), strict=False):
            if x != y:
                break
            common = x
        return common


def duplicates_find(county: Region, *, job_id: int | None = None) -> dict[str, int]:
    """Search ``county`` and bring its candidate rows up to date; idempotent (beat may run it
    twice). New pairs are added open; open pairs get their current score and reasons; an open pair
    no longer found becomes 已不再匹配; a pair resolved before (merged, 不是同一对象) is left as it
    is, so it never comes back. Returns counts by what happened."""

    def progress(done: int) -> None:
        if job_id:
            job_progress(job_id, done=done, total=100)

    progress(5)
    fill_name_keys(county.path)
    progress(35)
    found: dict[str, tuple[str, Pair]] = {}
    for (a, b), pair in member_pairs(county.path).items():
        found[f"m:{a}:{b}"] = (C.Kind.MEMBER, pair)
    progress(65)
    for (a, b), pair in household_pairs(county.path).items():
        found[f"h:{a}:{b}"] = (C.Kind.HOUSEHOLD, pair)
    progress(75)
    counts = _store(county, found)
    progress(100)
    return counts


def _store(county: Region, found: dict[str, tuple[str, Pair]]) -> dict[str, int]:
    now = timezone.now()
    regions = _Regions(county)
    household_ids = {h for _kind, p in found.values() for h in (p.household_a, p.household_b)}
    village_of: dict[int, int] = {}
    ids = sorted(household_ids)
    for i in range(0, len(ids), 5000):
        village_of.update(Household.objects.filter(pk__in=ids[i : i + 5000]).values_list("pk", "village_id"))

    def fields(kind: str, pair: Pair) -> dict[str, Any]:
        member = kind == C.Kind.MEMBER
        codes = sorted(pair.reasons)
        return {
            "kind": kind,
            "member_a_id": pair.a if member else None,
            "member_b_id": pair.b if member else None,
            "household_a_id": pair.household_a,
            "household_b_id": pair.household_b,
            "region_id": regions.lowest(village_of[pair.household_a], village_of[pair.household_b]),
            "score": score(codes),
            "reasons": codes,
        }

    compared = ("household_a_id", "household_b_id", "region_id", "score", "reasons")
    new, changed, untouched = [], [], 0
    with transaction.atomic():
        existing = {
            row[0]: row
            for row in C.objects.filter(county=county).values_list("pair_key", "pk", "status", *compared)
        }
        gone = [row[1] for key, row in existing.items() if row[2] == S.OPEN and key not in found]
        for key, (kind, pair) in found.items():
            values = fields(kind, pair)
            row = existing.get(key)
            if row is None:
                new.append(C(pair_key=key, county=county, found_at=now, computed_at=now, **values))
                continue
            status = row[2]
            if status in (S.MERGED, S.NOT_SAME):
                untouched += 1
                continue
            if status == S.OPEN and tuple(row[3:]) == tuple(values[f] for f in compared):
                continue
            candidate = C(pk=row[1], status=S.OPEN, computed_at=now, **values)
            changed.append(candidate)
        _insert(new)
        C.objects.bulk_update(
            changed, ["status", "computed_at", "score", "reasons", *compared], batch_size=BATCH
        )
        for i in range(0, len(gone), BATCH):
            C.objects.filter(pk__in=gone[i : i + BATCH], status=S.OPEN).update(
                status=S.GONE, computed_at=now, updated_at=now
            )
    return {
        "found": len(found),
        "new": len(new),
        "changed": len(changed),
        "gone": len(gone),
        "kept": untouched,
    }


INSERTED = (
    "pair_key", "kind", "member_a_id", "member_b_id", "household_a_id", "household_b_id", "region_id",
    "county_id", "score", "reasons", "status", "kept", "note", "found_at", "computed_at", "updated_at",
)  # fmt: skip


def _insert(rows: list[DuplicateCandidate]) -> None:
    """Add the new pairs; a pair another county's search stored already is skipped. On PostgreSQL
    through COPY into a temporary table (24,000 pairs: a second instead of 15 through INSERTs)."""
    if connection.vendor != "postgresql":
        C.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    for row in rows:
        values = [getattr(row, f) for f in INSERTED[:-1]] + [now]
        values[INSERTED.index("reasons")] = json.dumps(row.reasons)
        values[INSERTED.index("found_at")] = row.found_at.isoformat()
        values[INSERTED.index("computed_at")] = row.computed_at.isoformat()
        buffer.write("\t".join("\\N" if v is None else str(v) for v in values) + "\n")
    buffer.seek(0)
    table, columns = C._meta.db_table, ", ".join(INSERTED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE dup_new ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"
        )
        cursor.cursor.copy_expert(f"COPY dup_new ({columns}) FROM STDIN", buffer)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM dup_new ON CONFLICT (pair_key) DO NOTHING"
        )
        cursor.execute("DROP TABLE dup_new")


def duplicates_find_launch(*, county: Region, by: User) -> Job:
    """重新查找 (on demand): a township or county user of ``county`` queues the search as a job."""
    if county.level != Region.Level.COUNTY:
        raise ServiceError(_("请选择区县。"), code="county", field="county")
    roots = by.scope_roots((Role.TOWNSHIP, Role.COUNTY))
    if not by.is_superuser and not any(r.is_within(county) or county.is_within(r) for r in roots):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    waiting = Job.objects.filter(  # clicked twice: the search already queued answers
        kind="households.duplicates",
        created_by=by,
        params__county=county.pk,
        status__in=[Job.Status.PENDING, Job.Status.RUNNING],
    ).first()
    if waiting is not None:
        return waiting
    from ..tasks import find_duplicates_task

    return job_launch(
        kind="households.duplicates",
        title=_("查找疑似重复：%s") % county.name,
        by=by,
        task=find_duplicates_task,
        args=lambda job: (county.pk, job.pk),
        params={"county": county.pk},
        total=100,
    )


def duplicates_find_job(county_id: int, job_id: int | None = None) -> dict[str, int]:
    """The task's body: search, then finish the job with the counts."""
    county = Region.objects.get(pk=county_id)
    try:
        counts = duplicates_find(county, job_id=job_id)
    except BaseException as exc:  # the job ends either way; the error goes on to Celery
        if job_id:
            job_fail(job_id, _("查找疑似重复失败：%s") % failure_reason(exc))
        raise
    if job_id:
        job_finish(
            job_id,
            message=_("发现疑似重复 %(found)d 对，其中新增 %(new)d 对，已不再匹配 %(gone)d 对。") % counts,
        )
    return counts


def duplicates_find_all() -> int:
    """The nightly run: every county that has households."""
    villages = Household.objects.values("village_id").distinct()
    counties = set()
    for path in Region.objects.filter(pk__in=villages).values_list("path", flat=True):
        codes = path.strip("/").split("/")
        counties.update(codes)
    total = 0
    for county in Region.objects.filter(level=Region.Level.COUNTY, code__in=counties):
        total += duplicates_find(county)["found"]
    return total


# -- resolving ---------------------------------------------------------------------------------


def _lock_candidate(candidate: DuplicateCandidate, by: User) -> DuplicateCandidate:
    require_role(by, resolver_role(candidate), region=candidate.region)
    locked = C.objects.select_for_update().select_related("region").get(pk=candidate.pk)
    if locked.status != S.OPEN:
        raise Conflict(_("该疑似重复已处理（%s），请刷新页面。") % locked.get_status_display())
    return locked


def _close(candidate: DuplicateCandidate, by: User, *, status: str, note: str, kept: str = "") -> None:
    candidate.status, candidate.note, candidate.kept = status, note, kept
    candidate.resolved_by, candidate.resolved_at = by, timezone.now()
    candidate._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    candidate.save()


@transaction.atomic
def duplicate_not_same(*, candidate: DuplicateCandidate, by: User, note: str) -> DuplicateCandidate:
    """不是同一人/户: remembered, so a later search never brings the pair back."""
    candidate = _lock_candidate(candidate, by)
    if not note.strip():
        raise ServiceError(_("请说明核实情况（为什么不是同一对象）。"), code="note_required", field="note")
    _close(candidate, by, status=S.NOT_SAME, note=note.strip()[:200])
    return candidate


@transaction.atomic
def duplicate_merge(
    *, candidate: DuplicateCandidate, by: User, keep: str, note: str = ""
) -> DuplicateCandidate:
    """Merge the pair keeping side ``keep`` ("a" or "b"); see the module text for what moves."""
    candidate = _lock_candidate(candidate, by)
    if keep not in ("a", "b"):
        raise ServiceError(_("请选择保留哪一条记录。"), code="keep", field="keep")
    other = "b" if keep == "a" else "a"
    households = sorted({candidate.household_a_id, candidate.household_b_id})
    locked = {pk: lock_household(Household(pk=pk)) for pk in households}  # id order: no deadlock
    if candidate.kind == C.Kind.MEMBER:
        kept = Member.objects.get(pk=getattr(candidate, f"member_{keep}_id"))
        dropped = Member.objects.get(pk=getattr(candidate, f"member_{other}_id"))
        _merge_members(kept, dropped, by)
        touched = Q(member_a=dropped) | Q(member_b=dropped)
    else:
        kept_h = locked[getattr(candidate, f"household_{keep}_id")]
        dropped_h = locked[getattr(candidate, f"household_{other}_id")]
        _merge_households(kept_h, dropped_h, by)
        touched = Q(household_a=dropped_h) | Q(household_b=dropped_h)
    _close(candidate, by, status=S.MERGED, note=note.strip()[:200], kept=keep)
    # The other open pairs of the ended record can no longer be merged: the next search re-finds
    # whatever still matches (with the kept record).
    C.objects.filter(touched, status=S.OPEN).exclude(pk=candidate.pk).update(
        status=S.GONE, updated_at=timezone.now()
    )
    return candidate


def _merge_members(kept: Member, dropped: Member, by: User) -> None:
    if kept.removed_on or dropped.removed_on:
        raise ServiceError(_("其中一条记录已减员，无需合并；请刷新页面。"), code="removed")
    head_with_others = (
        dropped.relationship == Relationship.HEAD
        and Member.objects.current().filter(household_id=dropped.household_id).exclude(pk=dropped.pk).exists()
    )
    if head_with_others:
        raise ServiceError(
            _("要注销的记录是户主且户内还有其他成员：请保留户主这一条，或先变更户主后再合并。"),
            code="head_merge",
            field="keep",
        )
    move_references(dropped, kept, skip={MemberTransfer})
    dropped.removed_on, dropped.removal_reason = timezone.localdate(), Member.RemovalReason.DUPLICATE
    save_member(dropped, by, update_fields=["removed_on", "removal_reason", "updated_at"])
    refresh_household(dropped.household)
    if kept.household_id != dropped.household_id:
        refresh_household(kept.household)


def _merge_households(kept: Household, dropped: Household, by: User) -> None:
    if kept.merged_into_id or dropped.merged_into_id:
        raise ServiceError(_("其中一户已并入其他户，无需合并；请刷新页面。"), code="merged")
    has_spouse = Member.objects.current().filter(household=kept, relationship=Relationship.SPOUSE).exists()
    has_head = (
        bool(kept.head_name)
        or Member.objects.current().filter(household=kept, relationship=Relationship.HEAD).exists()
    )
    moving = list(Member.objects.current().filter(household=dropped).order_by("pk"))
    reason = _("疑似重复户合并")
    for member in moving:
        new = member.relationship
        if (new == Relationship.HEAD and has_head) or (new == Relationship.SPOUSE and has_spouse):
            new = Relationship.OTHER
        has_head = has_head or new == Relationship.HEAD
        has_spouse = has_spouse or new == Relationship.SPOUSE
        MemberTransfer.objects.create(
            member=member,
            from_household=dropped,
            to_household=kept,
            old_relationship=member.relationship,
            new_relationship=new,
            reason=reason,
            by=by,
        )
        member.household, member.relationship = kept, new
        save_member(member, by, update_fields=["household", "relationship", "updated_at"])
    move_references(dropped, kept, skip={Member, MemberTransfer, IncomeRecord})
    today = timezone.localdate()
    for flag in HouseholdFlag.objects.filter(household=dropped, end_date__isnull=True):
        if flag.start_date is None or flag.start_date < today:  # a flag kept by the kept household
            flag.end_date = today
            flag._history_user = by  # type: ignore[attr-defined]
            flag.save(update_fields=["end_date"])
    dropped.merged_into = kept
    dropped._history_user = by  # type: ignore[attr-defined]
    dropped.save(update_fields=["merged_into", "updated_at"])
    refresh_household(dropped)
    refresh_household(kept)


def move_references(old: models.Model, new: models.Model, *, skip: set[type[models.Model]]) -> int:
    """Point every row of every app that references ``old`` (a foreign key) at ``new``.

    Apps above households are reached through Django's model registry, never imported. Skipped:
    ``skip``, history tables (they record what was), one-to-one rows (derived, recomputed) and
    the candidates themselves. A row the target cannot take (a unique clash) stays with ``old``
    when it is ``old``'s dependant (CASCADE); any other clash refuses the merge."""
    moved = 0
    for relation in type(old)._meta.related_objects:
        model, fk = relation.related_model, relation.field
        if (
            relation.many_to_many
            or relation.one_to_one
            or fk.unique
            or model in skip
            or model is DuplicateCandidate
            or (model._meta.model_name or "").startswith("historical")
        ):
            continue
        rows = model._base_manager.filter(**{fk.name: old})
        try:
            with transaction.atomic():
                moved += rows.update(**{fk.name: new})
        except IntegrityError:
            if fk.remote_field.on_delete is not models.CASCADE:
                raise ServiceError(
                    _("两条记录都有“%s”且不能并存，请先处理后再合并。") % model._meta.verbose_name,
                    code="merge_clash",
                ) from None
            for pk in rows.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        moved += model._base_manager.filter(pk=pk).update(**{fk.name: new})
                except IntegrityError:
                    pass  # the target has its own: this one stays with the ended record
    return moved
