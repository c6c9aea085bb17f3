"""History rows written by a task or a management command have no user: every page that shows a
change log must still render, naming the author "系统"."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from assets.tests.factories import make_asset
from assistance import services as assistance_services
from assistance.catalogue import load_catalogue
from assistance.models import MeasureCategory
from common.policies import POLICIES
from common.services import policy_set
from households.models import MonitoringLine
from households.tests.factories import HouseholdFactory, MemberFactory
from indicators.loader import load_plans
from indicators.models import Actual, Plan
from monitoring.models import Case


def _forget_history_users():
    """As if every row had been written outside a request (a Celery task, ``manage.py``)."""
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_user"):
            model.objects.update(history_user=None)


@pytest.fixture
def logged(regions, cadre_a, county_user):
    load_catalogue(MeasureCategory)
    household = HouseholdFactory(village=regions["village_a"])
    member = MemberFactory(household=household)
    member.name = "改名"
    member.save()
    found = datetime.date(2026, 1, 5)
    case = Case.objects.create(
        household=household,
        village=regions["village_a"],
        category="边缘易致贫户",
        channel="干部走访排查",
        status=Case.Status.MONITORED,
        step=0,
        found_on=found,
        deadline=found,
        enrolled_on=datetime.date(2026, 1, 20),
        created_by=cadre_a,
    )
    measure = assistance_services.measure_create(
        case=case, by=cadre_a, category=MeasureCategory.objects.get(code="health"), content="措施内容"
    )
    category = MeasureCategory.objects.get(code="health")
    category.save()  # one catalogue history row
    asset = make_asset(regions["village_a"])
    MonitoringLine.objects.create(
        year=2026, region=regions["county"], amount=Decimal("7800"), basis="文件", effective_date=found
    )
    policy_set(key=next(iter(POLICIES)), region=regions["county"], value=Decimal("1"), by=county_user)
    load_plans()
    indicator = Plan.objects.get(key="fengdu-2021").indicators.get(order=3)
    Actual.objects.create(indicator=indicator, region=regions["county"], year=2024, value=Decimal("97"))
    _forget_history_users()
    return {"household": household, "case": case, "measure": measure, "asset": asset}


def test_pages_with_history_render_rows_without_user_as_system(logged, client_for, cadre_a, county_user):
    cadre_pages = [
        reverse("households:detail", args=[logged["household"].pk]),
        reverse("monitoring:detail", args=[logged["case"].pk]),
        reverse("assistance:case", args=[logged["case"].pk]),
        reverse("assistance:measure", args=[logged["measure"].pk]),
        reverse("assets:asset", args=[logged["asset"].pk]),
    ]
    county_pages = [
        reverse("assistance:catalogue"),
        reverse("households:lines"),
        reverse("policies:list", args=[logged["case"].village.parent.parent.code]),
        reverse("indicators:actual", args=["fengdu-2021", 3]),
    ]
    for user, urls in ((cadre_a, cadre_pages), (county_user, county_pages)):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "系统" in response.content.decode(), url
