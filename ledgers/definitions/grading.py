"""风险等级台账 (every household's risk grade, its reasons and the next visit due), 走访计划台账
(the visit plan per household) and 区域预警台账 (the area alerts and their follow-up)."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grading.alert_filters import AreaAlertFilter, VisitPlanFilter
from grading.models import AlertKind, AreaAlert, AreaAlertNote, Grade, HouseholdGrade
from regions.models import Region

from ..columns import choice, computed, date, extra, integer, text
from ..registry import Ledger, register
from .common import joined, person_name, place_columns, user_name_column

register(
    Ledger(
        key="grades",
        title=_("风险等级台账"),
        description=_(
            "农户风险等级（红橙黄绿）、定级理由、走访周期和下次走访日期；等级仅用于排序和走访安排。"
        ),
        queryset=lambda: HouseholdGrade.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("网格"), "cell__name", 10),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            choice(_("风险等级"), "grade", Grade, 6),
            integer(_("风险分"), "score", 6),
            computed(_("定级理由"), ("reasons",), joined, 48),
            date(_("最近走访"), "last_visit"),
            text(_("走访周期"), "visit_basis", 14),
            date(_("下次走访日期"), "next_visit_due"),
        ],
        order_by=("household__village__code", "household__number", "pk"),
        status_field="grade",
        status_choices=Grade.choices,
        date_field="next_visit_due",
        date_label=_("下次走访日期"),
    )
)


def _township_of(level: str, name: str, parent: str) -> str:
    return name if level == Region.Level.TOWNSHIP else parent


def _village_of(level: str, name: str) -> str:
    return name if level == Region.Level.VILLAGE else ""


def _percent(value) -> str:
    return "" if value is None else f"{(value * 100).quantize(Decimal(1), ROUND_HALF_UP)}%"


def _alert_notes(pks: list) -> dict:
    """The follow-up notes of each alert of a chunk, oldest first, in one query."""
    notes: dict = defaultdict(list)
    for alert, at, note in (
        AreaAlertNote.objects.filter(alert_id__in=pks)
        .order_by("created_at", "pk")
        .values_list("alert_id", "created_at", "text")
    ):
        notes[alert].append(f"{timezone.localtime(at):%Y-%m-%d} {note}")
    return {pk: "；".join(rows) for pk, rows in notes.items()}


register(
    Ledger(
        key="area_alerts",
        title=_("区域预警台账"),
        description=_(
            "村、乡镇红橙户占比、同类新增线索或收入下降户占比超过阈值时生成的区域性、规模性风险预警，"
            "及其确认、跟进和关闭情况。"
        ),
        queryset=lambda: AreaAlert.objects.all(),
        columns=[
            computed(
                _("乡镇（街道）"), ("region__level", "region__name", "region__parent__name"), _township_of, 12
            ),
            computed(_("村（社区）"), ("region__level", "region__name"), _village_of, 12),
            choice(_("预警类型"), "kind", AlertKind, 14),
            text(_("预警对象"), "subject", 12),
            date(_("统计起始日期"), "window_start"),
            date(_("统计截止日期"), "window_end"),
            integer(_("涉及户数"), "households_count", 8),
            integer(_("定级户数"), "base_count", 8),
            computed(_("占比"), ("share",), _percent, 8),
            computed(_("阈值"), ("threshold",), _percent, 8),
            text(_("预警说明"), "summary", 40),
            date(_("预警日期"), "opened_at"),
            choice(_("状态"), "status", AreaAlert.Status, 8),
            user_name_column(_("确认人"), "acknowledged_by"),
            date(_("确认日期"), "acknowledged_at"),
            extra(_("跟进记录"), "notes", 40),
            date(_("关闭日期"), "closed_at"),
            text(_("处置结果"), "close_note", 30),
        ],
        extras={"notes": _alert_notes},
        filterset=AreaAlertFilter,
        category_filter="kind",
        category_choices=AlertKind.choices,
        date_filters=("opened_from", "opened_to"),
        order_by=("-opened_at", "pk"),
        status_field="status",
        status_choices=AreaAlert.Status.choices,
        date_field="opened_at",
        date_label=_("预警日期"),
    )
)


def _cadres(pks: list) -> dict:
    """The named cadres (网格员) of each row's grid cell, in one query per chunk."""
    names: dict = defaultdict(list)
    for pk, first, last, username in HouseholdGrade.objects.filter(
        pk__in=pks, cell__cadres__isnull=False
    ).values_list("pk", "cell__cadres__first_name", "cell__cadres__last_name", "cell__cadres__username"):
        names[pk].append(person_name(first, last, username))
    return {pk: "、".join(sorted(rows)) for pk, rows in names.items()}


def _overdue_days(due) -> int | None:
    days = (timezone.localdate() - due).days if due else 0
    return days if days > 0 else None


register(
    Ledger(
        key="visit_plan",
        title=_("走访计划台账"),
        description=_(
            "每户的网格、网格员（未指定时由本村信息员负责）、风险等级、最近走访、下次走访日期和逾期天数。"
        ),
        queryset=lambda: HouseholdGrade.objects.all(),
        columns=[
            *place_columns("household__village_id"),
            text(_("网格"), "cell__name", 10),
            extra(_("网格员"), "cadres", 16),
            text(_("户编号"), "household__number", 20),
            text(_("户主姓名"), "household__head_name", 10),
            choice(_("风险等级"), "grade", Grade, 6),
            date(_("最近走访"), "last_visit"),
            text(_("走访周期"), "visit_basis", 14),
            date(_("下次走访日期"), "next_visit_due"),
            computed(_("逾期天数"), ("next_visit_due",), _overdue_days, 8, kind="int"),
        ],
        extras={"cadres": _cadres},
        filterset=VisitPlanFilter,
        category_filter="grade",
        category_choices=Grade.choices,
        date_filters=("due_from", "due_to"),
        order_by=("household__village__code", "next_visit_due", "household__number", "pk"),
        date_field="next_visit_due",
        date_label=_("下次走访日期"),
    )
)
