"""The five steps through ``POST /api/v1/cases/{id}/transition/`` run the same services as the
case page: the same checks, the same state changes, the same step log."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring import services
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
    assert post(township, through_api, action="review", opinion="同意").status_code == 200
    services.case_township_review(case=through_ui, by=township_user, opinion="同意")
    response = post(county, through_api, action="approve", opinion="")
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
    response = post(api_for(county_user), case, action="approve")
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
