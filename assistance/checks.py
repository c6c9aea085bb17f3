"""Data-quality checks of the assistance rules, registered in the shared registry.

The logic of the rule checks lives in :mod:`assistance.rules`; these are the registry's names for
it. The development-measure check of SPEC 4 is here too: monitoring, below assistance, cannot see
measures. A development measure is one whose category, or its parent, is of kind development.
"""

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.quality import register

from .models import Measure, MeasureCategory
from .rules import RULES

CASE = "monitoring.Case"


def _live_measures(**category):
    """Measures of the outer case, not cancelled, whose category or its parent matches."""
    own = Q(**{f"category__{k}": v for k, v in category.items()})
    parent = Q(**{f"category__parent__{k}": v for k, v in category.items()})
    return Measure.objects.filter(own | parent, case=OuterRef("pk")).exclude(status=Measure.Status.CANCELLED)


@register("case_no_development_measure", _("纳入满一个月仍无开发式帮扶措施"), CASE)
def no_development_measure(cases):
    month_ago = timezone.localdate() - relativedelta(months=1)
    development = MeasureCategory.Kind.DEVELOPMENT
    return (
        cases.monitored().filter(enrolled_on__lte=month_ago).filter(~Exists(_live_measures(kind=development)))
    )


for _rule in RULES:
    register(_rule.code, _rule.label, CASE)(_rule.find)
