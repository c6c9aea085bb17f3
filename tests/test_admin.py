"""The admin is read-only for domain models; reference tables write through their services
(issue 14 item 7)."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import TokenProxy

from accounts.models import User
from assets.models import Disposal
from assets.tests.factories import make_asset
from assistance.models import MeasureCategory
from common.admin import ReadOnlyAdmin
from common.models import PolicySetting
from households.models import MonitoringLine
from indicators.models import Indicator, Plan
from ledgers.tests.conftest import make_case, make_household
from monitoring.models import Case
from regions.models import Region

# What the admin may edit (issue 14: regions, users, roles, policy settings, catalogues).
EDITABLE = {Region, User, Group, TokenProxy, PolicySetting, MonitoringLine, MeasureCategory, Plan, Indicator}
# django-axes' login records are not domain data: deleting an attempt there lifts a lockout.
THIRD_PARTY = {"axes"}
DOMAIN_ADMINS = sorted(
    (
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model not in EDITABLE and model._meta.app_label not in THIRD_PARTY
    ),
    key=lambda model_admin: model_admin.model._meta.label,
)


@pytest.mark.parametrize("model_admin", DOMAIN_ADMINS, ids=lambda a: a.model._meta.label)
def test_every_domain_model_admin_is_read_only(model_admin, superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    assert isinstance(model_admin, ReadOnlyAdmin)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_workflow_models_are_registered_read_only():
    registered = {model._meta.label for model in admin.site._registry}
    assert {"monitoring.Case", "assets.Disposal", "clues.Clue", "assistance.Measure"} <= registered
    assert {
        "households.Household",
        "households.Member",
        "indicators.Actual",
        "ledgers.ImportRun",
    } <= registered


@pytest.fixture
def case(regions, cadre_a):
    return make_case(make_household(regions["village_a"], "500230201201001"), cadre_a)


def test_admin_cannot_change_a_case_status(client_for, superuser, case):
    client = client_for(superuser)
    url = reverse("admin:monitoring_case_change", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="status"' not in page.content
    response = client.post(url, {"status": Case.Status.ELIMINATED, "step": 0})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.MONITORED


def test_admin_history_page_cannot_revert_a_case(client_for, superuser, case):
    version = case.history.first()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ELIMINATED)
    url = reverse("admin:monitoring_case_simple_history", args=[case.pk, version.history_id])
    response = client_for(superuser).post(url, {"status": Case.Status.MONITORED})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == Case.Status.ELIMINATED


def test_admin_cannot_change_a_disposal_status(client_for, superuser, regions, cadre_a):
    disposal = Disposal.objects.create(
        asset=make_asset(regions["village_a"]), kind=Disposal.Kind.SCRAP, reason="损坏", requested_by=cadre_a
    )
    client = client_for(superuser)
    url = reverse("admin:assets_disposal_change", args=[disposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": Disposal.Status.APPROVED, "kind": "scrap", "reason": "损坏"})
    assert response.status_code == 403
    disposal.refresh_from_db()
    assert disposal.status == Disposal.Status.REQUESTED


def line_form(region, amount):
    return {"year": 2026, "region": region.pk, "amount": amount, "basis": "渝府办〔2026〕1号",
            "effective_date": "2026-01-01", "is_demo": ""}  # fmt: skip


def test_admin_monitoring_line_is_saved_by_its_service(client_for, superuser, regions):
    client = client_for(superuser)
    url = reverse("admin:households_monitoringline_add")
    client.post(url, line_form(regions["county"], "7000"))
    line = MonitoringLine.objects.get()
    assert line.amount == Decimal("7000") and line.history.get().history_user == superuser


def test_admin_monitoring_line_below_the_floor_is_refused_with_the_services_message(
    client_for, superuser, regions
):
    client = client_for(superuser)
    response = client.post(
        reverse("admin:households_monitoringline_add"), line_form(regions["county"], "100"), follow=True
    )
    assert not MonitoringLine.objects.exists()
    assert "监测范围不得低于" in response.content.decode()


def test_every_admin_list_opens(client_for, superuser, case):
    client = client_for(superuser)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
