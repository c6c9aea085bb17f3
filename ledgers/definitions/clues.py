"""预警线索台账 and 部门比对结果."""

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Role
from accounts.scope import require_role
from clues import exports
from clues.filters import ClueFilter
from clues.models import Clue, DepartmentUpload, MatchResult
from common.errors import ServiceError
from common.models import Job
from households.choices import DisasterSubtype, RiskType

from ..columns import choice, date, id_number, integer, text
from ..registry import Ledger, register
from ..services import Download, ExportKind, register_export
from .common import place_columns

register(
    Ledger(
        key="clues",
        title=_("预警线索台账"),
        description=_("走访、申请、数据检查和部门比对发现的预警线索：来源、风险、状态和时限。"),
        queryset=lambda: Clue.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            text(_("涉及成员"), "member__name", 10),
            id_number(_("身份证号"), "person_id"),
            choice(_("来源"), "source", Clue.Source, 12),
            text(_("规则"), "rule", 16),
            choice(_("风险类型"), "risk_type", RiskType, 12),
            choice(_("灾害类型"), "disaster_subtype", DisasterSubtype, 8),
            choice(_("状态"), "status", Clue.Status, 8),
            date(_("发现日期"), "found_on"),
            date(_("分派时限"), "dispatch_due"),
            date(_("核验时限"), "verify_due"),
            text(_("排除原因"), "exclusion_reason", 24),
        ],
        filterset=ClueFilter,
        category_filter="risk_type",
        order_by=("household__village__code", "household__number", "pk"),
        status_field="status",
        status_choices=Clue.Status.choices,
        category_field="risk_type",
        category_choices=RiskType.choices,
        date_field="found_on",
        date_label=_("发现日期"),
    )
)


register(
    Ledger(
        key="matches",
        title=_("部门比对结果"),
        description=_("行业部门上传数据与农户成员的比对结果：匹配、不在库、姓名不一致、需更正、风险预警。"),
        queryset=lambda: MatchResult.objects.all(),
        # Results have no region of their own: they are seen through their upload's scope.
        scope=lambda user: MatchResult.objects.filter(upload__in=DepartmentUpload.objects.visible_to(user)),
        roles=(Role.COUNTY, Role.DEPARTMENT),
        columns=[
            choice(_("部门"), "upload__department", Department, 10),
            text(_("数据文件"), "upload__original_name", 24),
            date(_("上传日期"), "upload__created_at"),
            integer(_("行号"), "row_number", 8),
            text(_("姓名"), "name", 10),
            id_number(_("身份证号"), "person_id"),
            choice(_("比对结果"), "outcome", MatchResult.Outcome, 14),
            text(_("规则"), "rule", 16),
            text(_("系统中姓名"), "member__name", 10),
            text(_("户编号"), "member__household__number", 20),
        ],
        region_field="upload__region",
        order_by=("-upload__created_at", "upload_id", "row_number"),
        status_field="outcome",
        status_choices=MatchResult.Outcome.choices,
        category_field="upload__department",
        category_choices=Department.choices,
        date_field="upload__created_at__date",
        date_label=_("上传日期"),
    )
)


# -- a department upload's match results: one workbook, a sheet per outcome ------------------------

RESULTS_SYNC_MAX_ROWS = 20_000  # above this, minutes of work: a job with progress, not a hanging request


def _upload(by, params: dict) -> DepartmentUpload:
    require_role(by, Role.DEPARTMENT, Role.COUNTY)
    upload = DepartmentUpload.objects.visible_to(by).filter(pk=params.get("upload") or 0).first()
    if upload is None or upload.status != DepartmentUpload.Status.DONE:
        raise ServiceError(gettext_now("该文件的比对尚未完成。"), code="not_done")
    return upload


def _results_write(by, params: dict) -> Download:
    upload = _upload(by, params)
    target = exports.results_xlsx(upload, full_ids=exports.shows_full_ids(by, upload))
    return Download(target, f"比对结果_{upload.pk}.xlsx")


def _results_task():
    from clues.tasks import results_export_task

    return results_export_task


def _results_args(job: Job) -> list:
    upload = _upload(job.created_by, job.params)
    return [upload.pk, job.pk, exports.shows_full_ids(job.created_by, upload)]


register_export(
    ExportKind(
        key="clues.results",
        rows=lambda by, params: _upload(by, params).rows,
        write=_results_write,
        title=lambda params, rows: (
            gettext_now("导出比对结果：%s") % DepartmentUpload.objects.get(pk=params["upload"]).kind_label
        ),
        task=_results_task,
        args=_results_args,
        sync_max_rows=lambda: RESULTS_SYNC_MAX_ROWS,
    )
)
