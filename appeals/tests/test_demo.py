"""The demo county has every appeal status and outcome, some overdue, and runs twice unchanged."""

import io

import pytest
from django.core.management import call_command

from appeals.models import Appeal


@pytest.fixture
def demo(db, settings):
    # 26 households in each demo village: enough for the monitoring demo's every state there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=260, stdout=io.StringIO())


def test_demo_has_every_state_and_outcome_and_is_idempotent(demo):
    assert set(Appeal.objects.values_list("status", flat=True)) == set(Appeal.Status.values)
    assert set(Appeal.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(
        Appeal.Outcome.values
    )
    assert set(Appeal.objects.values_list("kind", flat=True)) == set(Appeal.Kind.values)
    assert Appeal.objects.overdue().exists()
    # Work for each demo user: the township, the county and the village cadre.
    assert Appeal.objects.filter(status="township", village__code="500230201201").exists()
    assert Appeal.objects.filter(status="county", village__code__startswith="500230").exists()
    assert Appeal.objects.filter(status="informing", village__code="500230201201").exists()
    count = Appeal.objects.count()
    from appeals import demo as appeals_demo

    appeals_demo.build(stdout=io.StringIO())
    assert Appeal.objects.count() == count
