"""Files we hand out: blank templates per kind, the validation error report, the match results.

The results workbook is written by XlsxWriter in ``constant_memory`` mode from a DB iterator into
a temporary file, so a million-row result costs the same memory as a hundred-row one.
"""

import csv
import io
import tempfile

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.masking import Masker

from .datasets import Kind, rule_label
from .models import MatchResult

DETAIL_KEYS = [
    ("code", gettext_lazy("类别/等级")),
    ("amount", gettext_lazy("金额")),
    ("date", gettext_lazy("日期")),
    ("year", gettext_lazy("年度")),
    ("note", gettext_lazy("备注")),
]


def template_csv(kind: Kind) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(kind.headers)
    writer.writerow([c.example for c in kind.columns])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel open it as UTF-8


def template_xlsx(kind: Kind) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("数据"))
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    for col, column in enumerate(kind.columns):
        # ID columns as text: Excel would otherwise turn 18 digits into a rounded number.
        sheet.set_column(col, col, 22, text if column.type == "id" else None)
        sheet.write_string(0, col, column.header, bold)
        sheet.write_string(1, col, column.example)
        if column.choices:
            sheet.data_validation(1, col, 100_000, col, {"validate": "list", "source": list(column.choices)})
    notes = book.add_worksheet(_("填写说明"))
    for row, column in enumerate(kind.columns):
        required = _("必填") if column.required else _("选填")
        choices = "、".join(column.choices)
        notes.write_row(row, 0, [column.header, required, choices])
    book.close()
    return out.getvalue()


def error_report(errors: list[tuple[int, str, str, str]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("错误"))
    sheet.write_row(0, 0, [_("行号"), _("列"), _("值"), _("原因")], book.add_format({"bold": True}))
    for row, error in enumerate(errors, start=1):
        sheet.write_number(row, 0, error[0])
        for col, value in enumerate(error[1:], start=1):
            sheet.write_string(row, col, str(value))
    book.close()
    return out.getvalue()


def shows_full_ids(user, upload) -> bool:
    """The uploading department gave these ID numbers itself; others follow their own rule."""
    return user.sees_full_ids() or upload.department in user.departments


def results_xlsx(upload, *, full_ids: bool):
    """A temporary file with the upload's results, one sheet per outcome, streamed from the DB."""
    target = tempfile.NamedTemporaryFile(suffix=".xlsx", prefix="clues_results_")
    book = xlsxwriter.Workbook(target.name, {"constant_memory": True})
    bold = book.add_format({"bold": True})
    masker = Masker(full=full_ids)
    header = [
        _("行号"),
        _("身份证号"),
        _("姓名"),
        _("底册姓名"),
        _("规则"),
        *(str(label) for _k, label in DETAIL_KEYS),
    ]
    for outcome, label in MatchResult.Outcome.choices:
        sheet = book.add_worksheet(str(label)[:31])
        sheet.write_row(0, 0, header, bold)
        if outcome == MatchResult.Outcome.MATCHED:  # counted, not stored row by row (clues.matching)
            note = _("共%(n)d行匹配成功：即上传文件中除“未匹配（不在库）”以外的各行，不逐行列出。")
            sheet.write_string(1, 0, note % {"n": upload.counts.get(outcome, 0)})
            continue
        rows = (
            MatchResult.objects.filter(upload=upload, outcome=outcome)
            .order_by("row_number")
            .values_list("row_number", "person_id", "name", "rule", "detail")
        )
        for index, (number, person_id, name, rule, detail) in enumerate(
            rows.iterator(chunk_size=5000), start=1
        ):
            detail = detail or {}
            sheet.write_number(index, 0, number)
            sheet.write_string(index, 1, masker.id(person_id))
            sheet.write_string(index, 2, name)
            sheet.write_string(index, 3, str(detail.get("member_name") or ""))
            sheet.write_string(index, 4, rule_label(rule) if rule else "")
            for col, (key, _label) in enumerate(DETAIL_KEYS, start=5):
                value = detail.get(key)
                sheet.write_string(index, col, "" if value is None else str(value))
    book.close()
    target.seek(0)
    return target


def results_export(upload_id: int, job_id: int, *, full_ids: bool) -> None:
    """The job form of ``results_xlsx`` for uploads too large to answer within a request."""
    from common.jobs import job_fail, job_finish

    from .models import DepartmentUpload

    try:
        upload = DepartmentUpload.objects.get(pk=upload_id)
        with results_xlsx(upload, full_ids=full_ids) as target:
            job_finish(job_id, filename=f"比对结果_{upload.pk}.xlsx", content=target.read())
    except Exception:
        job_fail(job_id, _("导出失败，请联系管理员。"))
        raise
