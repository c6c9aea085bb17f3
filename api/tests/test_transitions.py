"""The five steps through ``POST /api/v1/cases/{id}/transition/`` run the same services as the
case page: the same checks, the same state changes, the same step log."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring import services
from monitoring.actions import ACTIONS, API_ALIASES
from monitoring.models import Case, StepAttachment

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DELIBERATION = {
    "meeting_date": TODAY.isoformat(),
    "participants": "甲,乙,丙",
    "votes_for": 3,
    "votes_against": 0,
    "votes_abstain": 0,
    "minutes": "一致同意",
}


def authorisation():
    return SimpleUploadedFile("承诺授权书.pdf", b"%PDF-1.4 signed", content_type="application/pdf")


def nominate(village, by) -> Case:
    household = HouseholdFactory(village=village)
    MemberFactory(household=household)
    return services.case_nominate(
        household=household, by=by, category="边缘易致贫户", risks=[("因病", "")],
        channel="干部走访排查", found_on=TODAY, evidence="住院",
    )  # fmt: skip


def end_notice(case: Case) -> None:
    """The public notice lies in the past (as in the monitoring tests): the township may review."""
    Case.objects.filter(pk=case.pk).update(
        notice_start=TODAY - datetime.timedelta(days=6), notice_end=TODAY - datetime.timedelta(days=1)
    )


def step_log(case: Case) -> list:
    return [
        (s.procedure, s.step, s.decision, s.opinion, s.role, s.by.username, s.details)
        for s in case.steps.select_related("by").order_by("at", "id")
    ]


def post(client, case, **data):
    fmt = "multipart" if "authorisation" in data else "json"
    return client.post(f"/api/v1/cases/{case.pk}/transition/", data, format=fmt)


def test_five_steps_through_the_api_equal_the_services(api_for, regions, cadre_a, township_user, county_user):
    through_api = nominate(regions["village_a"], cadre_a)
    through_ui = nominate(regions["village_a"], cadre_a)
    village, township, county = api_for(cadre_a), api_for(township_user), api_for(county_user)

    assert (
        post(village, through_api, action="verify", opinion="属实", authorisation=authorisation()).status_code
        == 200
    )
    services.case_verify(case=through_ui, by=cadre_a, opinion="属实", authorisation=authorisation())
    assert post(village, through_api, action="deliberate", **DELIBERATION).status_code == 200
    services.case_deliberate(case=through_ui, by=cadre_a, **{**DELIBERATION, "meeting_date": TODAY})
    end_notice(through_api), end_notice(through_ui)
    through_ui.refresh_from_db()
    assert post(township, through_api, action="review", opinion="同意", office="民政办").status_code == 200
    services.case_township_review(case=through_ui, by=township_user, opinion="同意", office="民政办")
    response = post(county, through_api, action="decide", opinion="")
    services.case_decide(case=through_ui, by=county_user, opinion="")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["step"]) == ("monitored", 0)
    through_api.refresh_from_db(), through_ui.refresh_from_db()
    assert (through_api.status, through_api.step, through_api.enrolled_on) == (
        through_ui.status, through_ui.step, through_ui.enrolled_on,
    )  # fmt: skip
    assert step_log(through_api) == step_log(through_ui)
    assert [s["step"] for s in response.json()["steps"]] == [1, 2, 3, 4, 5]
    assert StepAttachment.objects.filter(step__case=through_api, kind="承诺授权书").exists()


def test_verify_without_the_signed_authorisation_is_refused(api_for, regions, cadre_a):
    case = nominate(regions["village_a"], cadre_a)
    response = post(api_for(cadre_a), case, action="verify", opinion="属实")
    assert response.status_code == 400
    assert response.json()["code"] == "authorisation"
    case.refresh_from_db()
    assert case.step == 2


def test_a_missing_parameter_is_named(api_for, regions, cadre_a):
    case = nominate(regions["village_a"], cadre_a)
    response = post(api_for(cadre_a), case, action="deliberate", minutes="x")
    assert response.status_code == 400
    assert {"meeting_date", "participants", "votes_for"} <= set(response.json()["errors"])


@pytest.mark.parametrize("persona", ["township_user", "county_user", "viewer"])
def test_village_step_refuses_other_roles(persona, request, api_for, regions, cadre_a):
    case = nominate(regions["village_a"], cadre_a)
    response = post(api_for(request.getfixturevalue(persona)), case, action="reject", reason="不符合")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.ENROLLING


def test_other_village_case_is_404(api_for, regions, cadre_a, cadre_b):
    case = nominate(regions["village_a"], cadre_a)
    assert post(api_for(cadre_b), case, action="reject", reason="x").status_code == 404


def test_skipping_a_step_is_a_chinese_error(api_for, regions, cadre_a, county_user):
    case = nominate(regions["village_a"], cadre_a)
    response = post(api_for(county_user), case, action="decide")
    assert response.status_code in (400, 403)
    case.refresh_from_db()
    assert case.status == Case.Status.ENROLLING


def test_a_transition_moves_the_case_into_an_incremental_pull(api_for, regions, cadre_a):
    case = nominate(regions["village_a"], cadre_a)
    before = Case.objects.get(pk=case.pk).updated_at
    client = api_for(cadre_a)
    post(client, case, action="verify", opinion="属实", authorisation=authorisation())
    rows = client.get("/api/v1/cases/", {"updated_since": before.isoformat()}).json()["results"]
    assert [(r["id"], r["step"]) for r in rows] == [(case.pk, 3)]


def returned_to_step_1(case: Case, by) -> Case:
    services.case_verify(case=case, by=by, opinion="属实", authorisation=authorisation())
    services.case_return(case=case, by=by, reason="核实情况有误")
    services.case_return(case=case, by=by, reason="请补充提名材料")
    case.refresh_from_db()
    return case


def test_return_at_step_1_is_a_chinese_400_not_a_500(api_for, regions, cadre_a):
    case = nominate(regions["village_a"], cadre_a)
    case = returned_to_step_1(case, cadre_a)
    assert case.step == 1
    response = post(api_for(cadre_a), case, action="return", reason="再退回")
    assert response.status_code == 400, response.content
    assert "第一步" in response.json()["message"]
    case.refresh_from_db()
    assert case.step == 1


def test_return_of_a_case_out_of_procedure_is_a_400(api_for, regions, cadre_a, county_user):
    case = nominate(regions["village_a"], cadre_a)
    services.case_reject(case=case, by=cadre_a, reason="不符合")
    response = post(api_for(cadre_a), case, action="return", reason="x")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "state"


@pytest.mark.parametrize("name", list(ACTIONS))
def test_page_and_api_accept_every_registered_action_name(name, api_for, client_for, regions, cadre_a):
    """A name the registry holds is an action on both entry points (a refusal, never "unknown")."""
    case = nominate(regions["village_a"], cadre_a)
    page = client_for(cadre_a).post(reverse("monitoring:act", args=[case.pk, name]), {})
    assert page.status_code in (200, 302, 403)
    api = post(api_for(cadre_a), case, action=name)
    assert "action" not in api.json().get("errors", {}), api.content


def test_an_unknown_action_is_refused_by_page_and_api(api_for, client_for, regions, cadre_a):
    case = nominate(regions["village_a"], cadre_a)
    assert client_for(cadre_a).post(reverse("monitoring:act", args=[case.pk, "township"])).status_code == 404
    assert "action" in post(api_for(cadre_a), case, action="township").json()["errors"]


def test_old_api_names_still_work_and_say_they_are_deprecated(
    api_for, regions, cadre_a, township_user, county_user
):
    case = nominate(regions["village_a"], cadre_a)
    village = api_for(cadre_a)
    post(village, case, action="verify", opinion="属实", authorisation=authorisation())
    post(village, case, action="deliberate", **DELIBERATION)
    objection = post(village, case, action="object", objection="有村民反映收入偏高")
    assert objection.status_code == 200, objection.content
    assert objection["Deprecation"] == "true"
    assert case.steps.filter(details__kind="objection").exists()
    end_notice(case)
    assert (
        post(api_for(township_user), case, action="review", opinion="同意", office="民政办").status_code
        == 200
    )
    approved = post(api_for(county_user), case, action="approve", opinion="")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "monitored"


def test_schema_marks_the_old_action_names_deprecated(client_for, viewer):
    schema = client_for(viewer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    action = schema["components"]["schemas"]["TransitionRequest"]["properties"]["action"]
    deprecated = [s for s in action["oneOf"] if s.get("deprecated")]
    assert [set(s["enum"]) for s in deprecated] == [set(API_ALIASES)]
    current = [s for s in action["oneOf"] if not s.get("deprecated")]
    assert set(current[0]["enum"]) == set(ACTIONS)


def test_a_second_click_read_before_the_first_answers_409(api_for, regions, cadre_a, monkeypatch):
    from monitoring.api import CaseViewSet

    case = nominate(regions["village_a"], cadre_a)
    stale = Case.objects.select_related("village").get(pk=case.pk)
    client = api_for(cadre_a)
    assert post(client, case, action="reject", reason="不符合").status_code == 200
    # The second request read the case before the first one committed.
    monkeypatch.setattr(CaseViewSet, "get_object", lambda self: stale)
    response = post(client, case, action="reject", reason="不符合")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "stale" and "已被他人办理" in response.json()["message"]
    assert case.steps.filter(decision="reject").count() == 1
