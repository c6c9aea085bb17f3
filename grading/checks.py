"""Data-quality check (common.quality registry): households whose visit is overdue."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.quality import register


@register("household_visit_overdue", _("走访逾期（按风险等级和特殊群体的走访周期）"), "households.Household")
def visit_overdue(households):
    return households.filter(grade__next_visit_due__lt=timezone.localdate())
