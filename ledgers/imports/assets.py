"""An existing asset ledger (项目资产台账) for township and county users: one row per asset.

Every row goes through the assets services (``asset_create`` / ``asset_update``, and
``project_create`` for a project not yet registered): the dry run calls them inside a transaction
that is rolled back, the commit calls them for real. Identity is the 资产编号; a row equal to the
stored asset (fields, project, funding) is skipped, so the same file twice writes no history.

The project is found by name and year among registered projects whose region contains the
asset's region or lies within it (the services' own consistency rule); an existing project is used
as it stands (its 批复文号 is not changed by an import). A project that is not found is created
once per file, at the lowest region containing every row of that project in the file (when that
region is in the user's scope; otherwise at the asset's own region).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from assets.models import Asset, Project
from assets.services.ledger import ASSET_FIELDS, asset_create, asset_update, project_create
from common.errors import ServiceError
from regions.models import Region

from .asset_rows import ALIASES, CODE, FIELD_COLUMNS, HEADERS, REGION, REQUIRED, Row, parse
from .reading import FileRefused, RowError, cell_text, data_rows, open_sheet

__all__ = ["HEADERS", "REQUIRED", "commit", "validate"]


@dataclass
class AssetsPlan:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    writes: list[Row] = field(default_factory=list)
    project_regions: dict = field(default_factory=dict)  # (name, year) -> region for a new project
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_projects: int = 0

    def summary(self) -> dict:
        return {
            "rows": self.rows, "new_or_changed": len(self.writes), "unchanged": self.unchanged,
            "new_assets": self.new, "changed_assets": self.changed, "new_projects": self.new_projects,
        }  # fmt: skip


def _common_region(regions: list[Region], scope: dict) -> Region:
    """The lowest region containing all ``regions`` if it is in scope, else the first one."""
    paths = [r.path.strip("/").split("/") for r in regions]
    common = []
    for codes in zip(*paths, strict=False):
        if len(set(codes)) > 1:
            break
        common.append(codes[0])
    return scope.get(common[-1] if common else "", regions[0])


def _planned_regions(rows: list[Row], scope: dict) -> dict:
    by_project: dict[tuple, list[Region]] = {}
    for row in rows:
        by_project.setdefault((row.project["name"], row.project["year"]), []).append(row.data["region"])
    return {key: _common_region(regions, scope) for key, regions in by_project.items()}


def _related(a: Region, b: Region) -> bool:
    return a.is_within(b) or b.is_within(a)


class _Projects:
    """Registered projects by (name, year), plus those created during this import."""

    def __init__(self, rows: list[Row], planned: dict):
        self.planned = planned
        self.known: dict[tuple, list[Project]] = {}
        names = {row.project["name"] for row in rows}
        for project in Project.objects.filter(name__in=names).select_related("region"):
            self.known.setdefault((project.name, project.year), []).append(project)
        self.created = 0

    def resolve(self, row: Row, current: Project | None, by) -> Project:
        key = (row.project["name"], row.project["year"])
        region = row.data["region"]
        fitting = [p for p in self.known.get(key, []) if _related(p.region, region)]
        if current in fitting:
            return current
        if fitting:  # the closest one: a village project before its township's of the same name
            return max(fitting, key=lambda p: (p.region.depth, -p.pk))
        planned = self.planned.get(key, region)
        project = project_create(
            by=by, region=planned if _related(planned, region) else region, **row.project
        )
        self.known.setdefault(key, []).append(project)
        self.created += 1
        return project


def _existing(codes) -> dict[str, Asset]:
    assets = Asset.objects.filter(code__in=codes).select_related("project", "region")
    return {asset.code: asset for asset in assets.prefetch_related("fundings")}


def _unchanged(asset: Asset, row: Row) -> bool:
    if (asset.project.name, asset.project.year) != (row.project["name"], row.project["year"]):
        return False
    for name in ASSET_FIELDS:
        if name != "project" and getattr(asset, name) != row.data[name]:
            return False
    stored = sorted((f.source, f.amount) for f in asset.fundings.all())
    return stored == sorted(row.fundings)


def _apply(row: Row, asset: Asset | None, by, projects: _Projects) -> None:
    data = {**row.data, "project": projects.resolve(row, asset.project if asset else None, by)}
    # Both services are atomic: a refused row leaves nothing behind in the dry run's transaction.
    if asset is None:
        asset_create(by=by, data=data, fundings=row.fundings)
    else:
        asset_update(asset=asset, by=by, data=data, fundings=row.fundings)


def _read(path, plan: AssetsPlan, scope: dict) -> list[Row]:
    sheet = open_sheet(path, REQUIRED, ALIASES)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    try:
        for number, cells in data_rows(sheet):
            plan.rows += 1
            code = cell_text(cells.get(CODE))
            if code and code in seen:
                reason = _("与第 %(row)d 行的资产编号重复。") % {"row": seen[code]}
                plan.errors.append(RowError(number, CODE, code, reason))
                continue
            seen.setdefault(code, number)
            row = parse(number, cells, scope, plan.errors)
            if row:
                rows.append(row)
    finally:
        sheet.close()
    if not plan.rows:
        raise FileRefused(_("文件中没有数据行。"))
    return rows


def validate(path, user) -> AssetsPlan:
    plan = AssetsPlan()
    scope = {r.code: r for r in Region.objects.visible_to(user)}
    rows = _read(path, plan, scope)
    existing = _existing([row.code for row in rows])
    visible = set(Asset.objects.visible_to(user).filter(code__in=existing).values_list("code", flat=True))
    plan.project_regions = _planned_regions(rows, scope)
    # The services' own rules (role, class/owner, region/project, funding sum), tried and rolled back.
    with transaction.atomic():
        projects = _Projects(rows, plan.project_regions)
        for row in rows:
            asset = existing.get(row.code)
            if asset is not None and row.code not in visible:
                reason = _("该资产编号已登记在您管辖范围以外的区域。")
                plan.errors.append(RowError(row.number, CODE, row.code, reason))
                continue
            if asset is not None and _unchanged(asset, row):
                plan.unchanged += 1
                continue
            try:
                _apply(row, asset, user, projects)
            except ServiceError as error:
                column = FIELD_COLUMNS.get(error.field or "", CODE)
                plan.errors.append(RowError(row.number, column, row.cells.get(column, ""), error.message))
            except PermissionDenied:
                reason = _("您无权在该区域登记或修改资产台账。")
                plan.errors.append(RowError(row.number, REGION, row.data["region"].code, reason))
            else:
                plan.writes.append(row)
                plan.new, plan.changed = plan.new + (asset is None), plan.changed + (asset is not None)
        plan.new_projects = projects.created
        transaction.set_rollback(True)
    return plan


def commit(plan: AssetsPlan, by) -> dict:
    projects = _Projects(plan.writes, plan.project_regions)
    existing = _existing([row.code for row in plan.writes])
    for row in plan.writes:
        _apply(row, existing.get(row.code), by, projects)
    return plan.summary()
