"""帮扶责任人 (issue 16, item 6): at 县审定 of an enrolment (policy ``contact_required_block``:
block or warn), a data-quality check for monitored cases without one, a mark on the work queue."""

import datetime

import pytest
from django.urls import reverse

from assistance.services import contact_assign, contact_end
from common.errors import ServiceError
from common.models import PolicySetting
from common.quality import REGISTRY
from monitoring.models import Case
from monitoring.services import case_decide
from monitoring.tests.conftest import nominated, walk  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_decision(nominated, walk):  # noqa: F811
    return walk(nominated, 5)


def test_county_decision_without_contact_passes_with_a_warning_by_default(
    at_decision, client_for, county_user
):
    response = client_for(county_user).post(
        reverse("monitoring:act", args=[at_decision.pk, "decide"]), {"opinion": "同意"}, follow=True
    )
    assert Case.objects.get(pk=at_decision.pk).status == "monitored"
    shown = [str(m) for m in response.context["messages"]]
    assert any("尚未安排帮扶责任人" in m for m in shown), shown
    step = at_decision.steps.get(step=5)
    assert "尚未安排帮扶责任人" in step.details["warnings"][0]
    assert "尚未安排帮扶责任人" in response.content.decode().split('id="timeline"')[1]


def test_county_decision_without_contact_is_refused_when_the_policy_blocks(
    at_decision, county_user, cadre_a, regions
):
    PolicySetting.objects.create(key="contact_required_block", region=regions["county"], value=1)
    with pytest.raises(ServiceError, match="尚未安排帮扶责任人") as refused:
        case_decide(case=at_decision, by=county_user)
    assert refused.value.code == "contact"
    assert Case.objects.get(pk=at_decision.pk).status == "enrolling"
    contact_assign(case=at_decision, by=cadre_a, name="周红", phone="13900001111")
    case_decide(case=at_decision, by=county_user)
    assert at_decision.status == "monitored"
    assert "warnings" not in at_decision.steps.get(step=5).details


def test_data_quality_check_lists_monitored_cases_without_a_current_contact(
    at_decision, county_user, cadre_a
):
    check = REGISTRY["monitored_without_contact"]
    assert at_decision.pk not in check.run().values_list("pk", flat=True)  # enrolling: not yet due
    case_decide(case=at_decision, by=county_user)
    assert at_decision.pk in check.run(county_user).values_list("pk", flat=True)
    assignment = contact_assign(
        case=at_decision,
        by=cadre_a,
        name="周红",
        start_date=datetime.date.today() - datetime.timedelta(days=2),
    )
    assert at_decision.pk not in check.run().values_list("pk", flat=True)
    contact_end(assignment=assignment, by=cadre_a)  # ended today: no longer current
    assert at_decision.pk in check.run().values_list("pk", flat=True)


def test_work_queue_rows_show_cases_without_contact(at_decision, client_for, county_user, cadre_a):
    queue = reverse("monitoring:queue")
    assert "无帮扶责任人" in client_for(county_user).get(queue).content.decode()
    contact_assign(case=at_decision, by=cadre_a, name="周红")
    body = client_for(county_user).get(queue).content.decode()
    assert at_decision.household.head_name in body and "无帮扶责任人" not in body
