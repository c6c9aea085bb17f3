"""疑似重复台账: the duplicate candidates (households app) with their reasons and resolution."""

from django.utils.translation import gettext_lazy as _

from households.duplicates import reason_text
from households.filters import DuplicateFilter
from households.models import DuplicateCandidate

from ..columns import choice, computed, integer, text
from ..registry import Ledger, register
from .common import place_columns, user_name_column


def _reasons(codes) -> str:
    return "；".join(reason_text(c) for c in codes or ())


register(
    Ledger(
        key="duplicates",
        title=_("疑似重复台账"),
        description=_("疑似重复的人员和农户：双方、疑似程度、理由、核实结果（合并或不是同一对象）。"),
        queryset=lambda: DuplicateCandidate.objects.all(),
        columns=[
            *place_columns("household_a__village_id"),
            choice(_("类别"), "kind", DuplicateCandidate.Kind, 8),
            text(_("甲方户编号"), "household_a__number", 20),
            text(_("甲方姓名"), "member_a__name", 10),
            text(_("甲方户主"), "household_a__head_name", 10),
            text(_("乙方户编号"), "household_b__number", 20),
            text(_("乙方姓名"), "member_b__name", 10),
            text(_("乙方户主"), "household_b__head_name", 10),
            integer(_("疑似程度"), "score", 8),
            computed(_("理由"), ("reasons",), _reasons, 30),
            choice(_("状态"), "status", DuplicateCandidate.Status, 10),
            text(_("保留"), "kept", 6),
            text(_("核实说明"), "note", 24),
            user_name_column(_("处理人"), "resolved_by"),
        ],
        filterset=DuplicateFilter,
        category_filter="kind",
        category_choices=DuplicateCandidate.Kind.choices,
        order_by=("household_a__village__code", "-score", "pk"),
        status_field="status",
        status_choices=DuplicateCandidate.Status.choices,
        date_field="found_at",
        date_label=_("发现日期"),
    )
)
