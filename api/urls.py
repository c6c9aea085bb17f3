"""``/api/v1/``: the router of every resource, the token endpoint, the schema and its docs
(Swagger UI and ReDoc from drf-spectacular-sidecar, no CDN)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from appeals import api as appeals_api
from assets import api as assets_api
from assistance import api as assistance_api
from clues import api as clues_api
from employment import api as employment_api
from grading import alert_api as grading_alert_api
from grading import api as grading_api
from households import api as households_api
from indicators import api as indicators_api
from microcredit import api as microcredit_api
from monitoring import api as monitoring_api
from relocation import api as relocation_api

from . import regions as regions_api
from .auth import ObtainTokenView

app_name = "api"

router = DefaultRouter()
router.register("regions", regions_api.RegionViewSet, basename="region")
router.register("households", households_api.HouseholdViewSet, basename="household")
router.register("members", households_api.MemberViewSet, basename="member")
router.register("incomes", households_api.IncomeViewSet, basename="income")
router.register("visits", households_api.VisitViewSet, basename="visit")
router.register("duplicates", households_api.DuplicateViewSet, basename="duplicate")
router.register("monitoring-lines", households_api.MonitoringLineViewSet, basename="monitoring-line")
router.register("cases", monitoring_api.CaseViewSet, basename="case")
router.register("measures", assistance_api.MeasureViewSet, basename="measure")
router.register("housing-problems", assistance_api.HousingProblemViewSet, basename="housing-problem")
router.register("employment", employment_api.EmploymentRecordViewSet, basename="employment-record")
router.register("welfare-posts", employment_api.WelfarePostViewSet, basename="welfare-post")
router.register("loans", microcredit_api.LoanViewSet, basename="loan")
router.register("relocation-sites", relocation_api.SiteViewSet, basename="relocation-site")
router.register("clues", clues_api.ClueViewSet, basename="clue")
router.register("appeals", appeals_api.AppealViewSet, basename="appeal")
router.register("department-records", clues_api.DepartmentRecordViewSet, basename="department-record")
router.register("reviews", monitoring_api.ReviewRoundViewSet, basename="review")
router.register("indicators", indicators_api.IndicatorViewSet, basename="indicator")
router.register("assets", assets_api.AssetViewSet, basename="asset")
router.register("asset-fund-requests", assets_api.FundRequestViewSet, basename="asset-fund-request")
router.register("grades", grading_api.GradeViewSet, basename="grade")
router.register("area-alerts", grading_alert_api.AreaAlertViewSet, basename="area-alert")
router.register("visit-plan", grading_alert_api.VisitPlanViewSet, basename="visit-plan")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start script as a file of its own (the CSP forbids inline scripts); ReDoc writes
    # its styles into <style> elements, so its page alone allows them.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    path("", include(router.urls)),
]
