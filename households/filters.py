"""The filters of the register's lists: one definition for the pages, the API and the ledgers."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filters import IntegerFilter, ScopedFilterSet, TrueOnlyFilter
from common.masking import sees_full

from .choices import VisitKind
from .duplicates import REASONS
from .idnumbers import normalise, upgrade_15
from .models import DuplicateCandidate, Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine, Visit
from .selectors import below_line_condition


class HouseholdFilter(ScopedFilterSet):
    number = django_filters.CharFilter(label=_("户编号"))
    flag = django_filters.ChoiceFilter(
        choices=HouseholdFlag._meta.get_field("kind").choices, method="filter_flag", label=_("农户属性")
    )
    q = django_filters.CharFilter(method="filter_search", label=_("姓名、身份证号或户编号"))
    village = IntegerFilter(field_name="village_id", label=_("村/社区ID（仅本村）"))
    below = TrueOnlyFilter(method="filter_below", label=_("低于监测范围"))
    monitored = django_filters.ChoiceFilter(
        choices=[("yes", _("监测中")), ("no", _("非监测对象"))],
        method="filter_monitored",
        label=_("监测对象"),
    )

    class Meta:
        model = Household
        fields = ["region", "updated_since", "number", "flag", "q", "village", "below", "monitored"]

    def __init__(self, *args, below_line: Q | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The list page reads the line table once for both this filter and its badge.
        self.below_line = below_line

    def filter_flag(self, queryset, name, value):
        return queryset.with_flag(value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value, by_id=self._reads_ids())

    def _reads_ids(self) -> bool:
        return self.request is not None and sees_full(self.request.user)

    def filter_below(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(self.below_line if self.below_line is not None else below_line_condition())

    def filter_monitored(self, queryset, name, value):
        return queryset.monitored(value == "yes")


class MemberFilter(ScopedFilterSet):
    id_number = django_filters.CharFilter(
        method="filter_id_number", label=_("证件号码（精确；仅对可查看完整证件号的用户生效）")
    )
    household = IntegerFilter(label=_("农户ID"))

    class Meta:
        model = Member
        fields = ["region", "updated_since", "id_number", "household"]

    def filter_id_number(self, queryset, name, value):
        """Spaces and a lower-case x are forgiven and a 15-digit legacy number is upgraded, as in
        the forms; a citizen ID matches on the unique ``person_id`` index. Only for readers who
        see full ID numbers: anyone else would confirm guesses of a masked number with it."""
        if self.request is None or not sees_full(self.request.user):
            return queryset.none()  # an ID lookup is a guess-and-confirm oracle for masked readers
        number = normalise(value)
        if len(number) == 15 and number.isdigit():
            number = upgrade_15(number)
        if len(number) in (20, 22):
            return queryset.filter(id_number=number)
        return queryset.filter(person_id=number)


class IncomeFilter(ScopedFilterSet):
    household = IntegerFilter(label=_("农户ID"))
    year = IntegerFilter(label=_("年度"))

    class Meta:
        model = IncomeRecord
        fields = ["region", "updated_since", "household", "year", "period"]


class VisitFilter(ScopedFilterSet):
    household = IntegerFilter(label=_("农户ID"))
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("走访方式"))
    visited_from = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="gte", label=_("走访日期起")
    )
    visited_to = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label=_("走访日期止"))

    class Meta:
        model = Visit
        fields = ["region", "updated_since", "household", "kind", "visited_from", "visited_to"]


class MonitoringLineFilter(ScopedFilterSet):
    year = IntegerFilter(label=_("年度"))

    class Meta:
        model = MonitoringLine
        fields = ["region", "updated_since", "year"]


class DuplicateFilter(ScopedFilterSet):
    """疑似重复: the list page, ``/api/v1/duplicates/`` and the 疑似重复台账 filter alike."""

    kind = django_filters.ChoiceFilter(choices=DuplicateCandidate.Kind.choices, label=_("类别"))
    status = django_filters.ChoiceFilter(choices=DuplicateCandidate.Status.choices, label=_("状态"))
    reason = django_filters.ChoiceFilter(
        choices=[(code, _(r.text)) for code, r in REASONS.items()], method="filter_reason", label=_("理由")
    )
    min_score = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", min_value=0, max_value=100, label=_("疑似程度不低于")
    )
    village = IntegerFilter(method="filter_village", label=_("村/社区ID（任一方）"))
    date_from = django_filters.DateFilter(
        field_name="found_at", lookup_expr="date__gte", label=_("发现日期起")
    )
    date_to = django_filters.DateFilter(field_name="found_at", lookup_expr="date__lte", label=_("发现日期止"))

    class Meta:
        model = DuplicateCandidate
        fields = [
            "region",
            "updated_since",
            "kind",
            "status",
            "reason",
            "min_score",
            "village",
            "date_from",
            "date_to",
        ]

    def filter_reason(self, queryset, name, value):
        # JSON "contains" is not portable to SQLite; the reason codes are plain words, so a text
        # match on the stored list is exact enough (no code is a part of another in quotes).
        return queryset.filter(reasons__icontains=f'"{value}"')

    def filter_village(self, queryset, name, value):
        return queryset.filter(Q(household_a__village_id=value) | Q(household_b__village_id=value))
