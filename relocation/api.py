"""``/api/v1/relocation-sites/``: the sites in scope with the households and people moved there
(counting only the households the caller may see)."""

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.filters import ScopedFilterSet
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet
from households.models import Member

from .models import Relocation, Site


class SiteFilter(ScopedFilterSet):
    class Meta:
        model = Site
        fields = ["region", "updated_since", "kind"]


class SiteSerializer(OutputSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True, help_text=_("所在区域代码"))
    households_moved = serializers.IntegerField(read_only=True, help_text=_("已搬迁户数（可见范围内）"))
    people_moved = serializers.IntegerField(read_only=True, help_text=_("已搬迁人数（可见范围内）"))

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "region",
            "region_code",
            "kind",
            "planned_households",
            "planned_people",
            "completion_year",
            "households_moved",
            "people_moved",
            "note",
            "created_at",
            "updated_at",
        ]


class SiteViewSet(ScopedReadOnlyViewSet):
    queryset = Site.objects.select_related("region")
    serializer_class = SiteSerializer
    filterset_class = SiteFilter

    def get_queryset(self):
        visible = Relocation.objects.visible_to(self.request.user).filter(site=OuterRef("pk"))
        # COUNT(*) subqueries without GROUP BY: one row each, whatever the database.
        households = visible.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        # The site is this subquery's own OuterRef: ``visible`` would point one level too far in.
        seen = Relocation.objects.visible_to(self.request.user).values("household_id")
        people = (
            Member.objects.filter(
                removed_on__isnull=True, household__relocation__site=OuterRef("pk"), household__in=seen
            )
            .order_by()
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")
        )
        return (
            super()
            .get_queryset()
            .annotate(
                households_moved=Coalesce(Subquery(households, output_field=IntegerField()), 0),
                people_moved=Coalesce(Subquery(people, output_field=IntegerField()), 0),
            )
        )
