"""风险等级台账: every household's risk grade, its reasons and the next visit due."""

from django.utils.translation import gettext_lazy as _

from grading.models import Grade, HouseholdGrade

from ..columns import choice, computed, date, integer, text
from ..registry import Ledger, register
from .common import joined, place_columns

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
