"""Pages and endpoints: rules through the page, wrong role 403, other village 404, input kept."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from employment import services
from employment.models import Appointment, Attendance, EmploymentRecord, FollowUp, WelfarePost
from ledgers.registry import LEDGERS, Filters

from .conftest import former_poor

NOW = datetime.datetime(2026, 5, 6, 9)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def follow_up(worker_a):
    services.follow_ups_open(datetime.date(2026, 4, 1))
    return FollowUp.objects.get(member=worker_a)


@pytest.fixture
def post(regions, township_user):
    return services.post_create(
        village=regions["village_a"],
        by=township_user,
        kind=WelfarePost.Kind.CLEANING,
        name="保洁员",
        places=2,
        monthly_pay=Decimal("500"),
        funding_source=WelfarePost.Funding.LINKAGE,
    )


@pytest.fixture
def appointment(post, worker_a, cadre_a):
    return services.appointment_propose(
        post=post, member=worker_a, by=cadre_a, proposed_on=datetime.date(2026, 4, 2)
    )


@pytest.fixture
def attendance(appointment, township_user, cadre_a):
    services.appointment_approve(
        appointment=appointment, by=township_user, start_on=datetime.date(2026, 4, 3)
    )
    return services.attendance_record(
        appointment=appointment, by=cadre_a, month=datetime.date(2026, 4, 1), days_worked=22, passed=True
    )


def test_records_list_scope_filters_and_roles(
    follow_up, regions, cadre_a, cadre_b, county_user, nobody, department_user, client_for
):
    other = former_poor(regions["village_b"])
    from households.tests.factories import MemberFactory

    MemberFactory(household=other, birth_date=datetime.date(1990, 1, 1))
    services.follow_ups_open(datetime.date(2026, 4, 1))
    url = reverse("employment:records")
    page = client_for(cadre_a).get(url)
    assert page.status_code == 200 and [r.household.village_id for r in page.context["page_obj"]] == [
        regions["village_a"].pk
    ]
    county = client_for(county_user).get(url, {"village": regions["village_b"].code})
    assert [r.household_id for r in county.context["page_obj"]] == [other.pk]
    assert county.context["figures"].labour == 1
    assert client_for(department_user).get(url).status_code == 403
    assert client_for(nobody).get(url).status_code == 403


def test_record_list_queries_do_not_grow_with_rows(
    follow_up, regions, county_user, client_for, make_member, poor_a
):
    client = client_for(county_user)
    url = reverse("employment:records")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        make_member(poor_a)
    services.follow_ups_open(datetime.date(2026, 4, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 6
    assert len(many) == len(few)


def test_follow_up_pages(follow_up, cadre_a, cadre_b, township_user, client_for):
    listing = client_for(cadre_a).get(reverse("employment:follow_ups"))
    assert list(listing.context["page_obj"]) == [follow_up]
    assert client_for(cadre_b).get(reverse("employment:follow_ups")).context["page_obj"].paginator.count == 0
    assert client_for(township_user).get(reverse("employment:follow_ups")).status_code == 403
    url = reverse("employment:follow_up", args=[follow_up.pk])
    assert client_for(cadre_b).get(url).status_code == 404
    assert client_for(township_user).get(url).status_code == 403
    refused = client_for(cadre_a).post(
        url,
        {
            "employment_status": "out_city",
            "employer": "",
            "months": "4",
            "income": "8000",
            "note": "春节后外出",
        },
    )
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "用工单位或务工地点" in body and "春节后外出" in body and 'value="8000"' in body
    done = client_for(cadre_a).post(
        url, {"employment_status": "out_city", "employer": "浙江宁波", "months": "4", "income": "8000"}
    )
    assert done.status_code == 302
    assert EmploymentRecord.objects.get(member=follow_up.member).employer == "浙江宁波"


def test_post_pages(post, regions, cadre_a, cadre_b, viewer, department_user, client_for):
    assert client_for(viewer).get(reverse("employment:posts")).status_code == 200
    assert client_for(department_user).get(reverse("employment:posts")).status_code == 403
    assert client_for(viewer).get(reverse("employment:post_add")).status_code == 403
    assert client_for(cadre_b).get(reverse("employment:post", args=[post.pk])).status_code == 404
    assert client_for(cadre_a).get(reverse("employment:post", args=[post.pk])).status_code == 200
    refused = client_for(cadre_a).post(
        reverse("employment:post_add"),
        {"village": regions["village_b"].code, "kind": "forest", "name": "护林员甲", "places": "2",
         "monthly_pay": "600", "funding_source": "linkage"},
    )  # fmt: skip
    assert refused.status_code == 200 and "护林员甲" in refused.content.decode()
    assert WelfarePost.objects.count() == 1


def test_propose_page_shows_the_eligibility_refusal(
    post, poor_a, make_member, cadre_a, cadre_b, township_user, client_for
):
    from households.choices import LabourSkill

    unable = make_member(poor_a, labour_skill=LabourSkill.NONE)
    url = reverse("employment:propose", args=[post.pk])
    refused = client_for(cadre_a).post(url, {"member": unable.pk, "proposed_on": "2026-04-02"})
    assert refused.status_code == 200 and "不能胜任公益岗位" in refused.content.decode()
    assert (
        client_for(cadre_b).post(url, {"member": unable.pk, "proposed_on": "2026-04-02"}).status_code == 404
    )
    assert (
        client_for(township_user).post(url, {"member": unable.pk, "proposed_on": "2026-04-02"}).status_code
        == 403
    )
    assert not Appointment.objects.exists()


def test_appointment_pages(appointment, cadre_a, cadre_b, township_user, department_user, client_for):
    url = reverse("employment:appointment", args=[appointment.pk])
    assert client_for(cadre_b).get(url).status_code == 404
    assert client_for(department_user).get(url).status_code == 403
    approve = reverse("employment:appointment_approve", args=[appointment.pk])
    assert client_for(cadre_a).post(approve, {"start_on": "2026-04-03"}).status_code == 403
    assert client_for(cadre_b).post(approve, {"start_on": "2026-04-03"}).status_code == 404
    early = client_for(township_user).post(approve, {"start_on": "2026-04-01"})
    assert early.status_code == 200 and "不能早于拟聘日期" in early.content.decode()
    assert client_for(township_user).post(approve, {"start_on": "2026-04-03"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.IN_POST
    add = reverse("employment:attendance_add", args=[appointment.pk])
    assert (
        client_for(township_user)
        .post(add, {"month": "2026-04-01", "days_worked": "20", "passed": "on"})
        .status_code
        == 403
    )
    assert client_for(cadre_b).post(add, {"month": "2026-04-01", "days_worked": "20"}).status_code == 404
    assert (
        client_for(cadre_a)
        .post(add, {"month": "2026-04-01", "days_worked": "20", "passed": "on"})
        .status_code
        == 302
    )
    exit_url = reverse("employment:appointment_exit", args=[appointment.pk])
    leave = {"end_on": "2026-05-01", "exit_reason": "own_request"}
    assert client_for(cadre_b).post(exit_url, leave).status_code == 404
    assert client_for(department_user).post(exit_url, leave).status_code == 403
    kept = client_for(cadre_a).post(
        exit_url, {"end_on": "2026-05-01", "exit_reason": "other", "exit_note": ""}
    )
    assert kept.status_code == 200 and "退岗说明" in kept.content.decode()


def test_subsidy_pay_page(attendance, cadre_a, cadre_b, township_user, client_for):
    url = reverse("employment:subsidy_pay", args=[attendance.pk])
    assert client_for(cadre_b).post(url, {"paid_on": "2026-05-02"}).status_code == 404
    assert client_for(cadre_a).post(url, {"paid_on": "2026-05-02"}).status_code == 403
    assert client_for(township_user).post(url, {"paid_on": "2026-05-02"}).status_code == 302
    assert Attendance.objects.get().paid_on == datetime.date(2026, 5, 2)


def test_api_is_scoped(follow_up, post, regions, cadre_a, cadre_b, department_user, nobody):
    client = APIClient()
    client.force_authenticate(cadre_a)
    rows = client.get("/api/v1/employment/").json()["results"]
    assert [r["member"] for r in rows] == [follow_up.member_id] and rows[0]["status"] == "unknown"
    posts = client.get("/api/v1/welfare-posts/").json()["results"]
    assert [(p["id"], p["places"], p["held"]) for p in posts] == [(post.pk, 2, 0)]
    record = EmploymentRecord.objects.get()
    client.force_authenticate(cadre_b)
    assert client.get("/api/v1/employment/").json()["results"] == []
    assert client.get(f"/api/v1/employment/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/welfare-posts/{post.pk}/").status_code == 404
    for user in (department_user, nobody):
        client.force_authenticate(user)
        assert client.get("/api/v1/employment/").status_code == 403
        assert client.get("/api/v1/welfare-posts/").status_code == 403


def test_ledgers_are_scoped(attendance, follow_up, cadre_a, cadre_b, county_user):
    employment = LEDGERS["employment"]
    assert employment.rows_for(cadre_a, Filters()).count() == 1
    assert employment.rows_for(cadre_b, Filters()).count() == 0
    posts = LEDGERS["welfare_posts"]
    row = posts.rows_for(county_user, Filters()).get()
    assert row.months_passed == 1 and row.subsidy_paid is None
    assert posts.rows_for(cadre_b, Filters()).count() == 0


def test_both_ledgers_export(attendance, follow_up, township_user, county_user, tmp_path):
    from openpyxl import load_workbook

    from ledgers.services import ledger_export

    services.subsidy_pay(attendance=attendance, by=township_user, paid_on=datetime.date(2026, 5, 2))
    for key, expected in (("employment", "公益岗位"), ("welfare_posts", "500")):
        path = tmp_path / f"{key}.xlsx"
        log = ledger_export(ledger=LEDGERS[key], by=county_user, filters=Filters(), path=str(path))
        assert log.rows == 1
        cells = [str(c.value) for row in load_workbook(path).active.iter_rows() for c in row]
        assert any(expected in c for c in cells), key


def test_exit_asks_for_confirmation_and_a_second_payment_is_refused(
    attendance, cadre_a, township_user, client_for
):
    page = client_for(cadre_a).get(reverse("employment:appointment", args=[attendance.appointment.pk]))
    exit_url = reverse("employment:appointment_exit", args=[attendance.appointment.pk])
    form = re.search(rf'<form[^>]*action="{exit_url}"[^>]*>', page.content.decode())
    assert form and "data-confirm=" in form.group(0)
    url = reverse("employment:subsidy_pay", args=[attendance.pk])
    assert client_for(township_user).post(url, {"paid_on": "2026-05-02"}).status_code == 302
    again = client_for(township_user).post(url, {"paid_on": "2026-05-03"}, follow=True)
    assert again.status_code == 200 and "该月补贴已发放" in again.content.decode()
    assert Attendance.objects.get().paid_on == datetime.date(2026, 5, 2)


def test_due_follow_ups_are_counted_on_the_cadres_home(follow_up, cadre_a, cadre_b, client_for):
    html = client_for(cadre_a).get(reverse("home")).content.decode()
    assert "就业跟踪随访待完成" in html and reverse("employment:follow_ups") in html
    assert "就业跟踪随访待完成" not in client_for(cadre_b).get(reverse("home")).content.decode()
