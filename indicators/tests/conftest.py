import datetime

import pytest
from django.utils import timezone

from assistance.models import Measure, MeasureCategory
from households.tests.factories import HouseholdFactory
from indicators.loader import load_plans
from indicators.models import Plan
from monitoring.models import Case, CaseRisk


@pytest.fixture
def plans(regions):
    """The three published tables, loaded over the persona regions (彭水 exists, 重庆 is the city)."""
    load_plans()
    return {p.key: p for p in Plan.objects.all()}


@pytest.fixture
def make_case(regions, superuser):
    """``make_case(village_key, status, step=0, category=..., deadline=..., risks=(), measures=())``."""

    def make(village, status, *, step=0, category="边缘易致贫户", deadline=None, risks=(), measures=()):
        deadline = deadline or timezone.localdate() + datetime.timedelta(days=10)
        household = HouseholdFactory(village=regions[village])
        case = Case.objects.create(
            household=household,
            village=household.village,
            category=category,
            channel="干部走访排查",
            status=status,
            step=step,
            found_on=deadline - datetime.timedelta(days=15),
            deadline=deadline,
            created_by=superuser,
        )
        for risk in risks:
            CaseRisk.objects.create(case=case, risk_type=risk)
        if measures:
            category_obj, _ = MeasureCategory.objects.get_or_create(
                code="t-industry", defaults={"name": "产业帮扶", "kind": "development"}
            )
            for measure_status in measures:
                Measure.objects.create(
                    case=case,
                    category=category_obj,
                    content="帮扶",
                    status=measure_status,
                    created_by=superuser,
                )
        return case

    return make


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """The dashboard caches per (area, day): each test gets its own empty local cache, never the
    shared Redis (flushing it would touch other processes' data)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "indicators-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _eager_tasks(monkeypatch):
    """Tasks run in the test process even when REDIS_URL names a broker: nothing is queued on the
    shared Redis for a worker that is not there."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
