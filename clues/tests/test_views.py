"""Pages: scope (other village 404, wrong role 403), lists per role, downloads."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Department, Role
from clues.models import Clue, DepartmentUpload
from clues.tests.conftest import csv_bytes
from conftest import make_user
from households.tests.factories import HouseholdFactory
from monitoring.models import Case

YEAR = str(timezone.localdate().year - 1)


def make_clue(village, by, status=Clue.Status.NEW, **fields):
    return Clue.objects.create(
        household=HouseholdFactory(village=village, head_name="户主"),
        source=Clue.Source.DEPARTMENT,
        rule="water_unsafe",
        risk_type="因安全饮水",
        status=status,
        found_on=timezone.localdate(),
        dispatch_due=timezone.localdate() + datetime.timedelta(days=3),
        verify_due=timezone.localdate() + datetime.timedelta(days=7) if status != Clue.Status.NEW else None,
        created_by=by,
        **fields,
    )


@pytest.fixture
def clue_a(regions, county_user):
    return make_clue(regions["village_a"], county_user, Clue.Status.DISPATCHED)


def test_village_list_shows_own_clues_to_verify(
    regions, county_user, cadre_a, client_for, django_assert_max_num_queries
):
    for _ in range(5):
        make_clue(regions["village_a"], county_user, Clue.Status.DISPATCHED)
    make_clue(regions["village_b"], county_user, Clue.Status.DISPATCHED)
    make_clue(regions["village_a"], county_user)  # not dispatched yet: not in the verify tab
    client = client_for(cadre_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("clues:list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 5
    assert response.context["tab"] == "verify"


def test_township_list_defaults_to_dispatch_and_dispatches_ticked_clues(
    regions, county_user, township_user, cadre_a, client_for
):
    clues = [make_clue(regions["village_a"], county_user) for _ in range(3)]
    make_clue(regions["village_c"], county_user)  # another township
    client = client_for(township_user)
    response = client.get(reverse("clues:list"))
    assert response.context["tab"] == "dispatch" and response.context["may_dispatch"]
    assert len(response.context["page_obj"].object_list) == 3
    response = client.post(reverse("clues:dispatch_selected"), {"clue": [clues[0].pk, clues[1].pk]})
    assert response.status_code == 302
    assert Clue.objects.filter(status=Clue.Status.DISPATCHED).count() == 2
    assert cadre_a.notifications.count() == 2


def test_other_village_clue_is_404(clue_a, cadre_b, client_for):
    client = client_for(cadre_b)
    assert client.get(reverse("clues:detail", args=[clue_a.pk])).status_code == 404
    assert client.post(reverse("clues:act", args=[clue_a.pk, "start"])).status_code == 404


def test_department_user_may_not_open_clue_list(department_user, client_for):
    assert client_for(department_user).get(reverse("clues:list")).status_code == 403


def test_township_may_not_start_verification(clue_a, township_user, client_for):
    response = client_for(township_user).post(reverse("clues:act", args=[clue_a.pk, "start"]))
    assert response.status_code == 403
    assert Clue.objects.get(pk=clue_a.pk).status == Clue.Status.DISPATCHED


def test_village_verifies_and_confirms_through_the_pages(clue_a, cadre_a, client_for):
    client = client_for(cadre_a)
    assert client.get(reverse("clues:detail", args=[clue_a.pk])).context["actions"] == ["start", "exclude"]
    client.post(reverse("clues:act", args=[clue_a.pk, "start"]))
    response = client.post(
        reverse("clues:act", args=[clue_a.pk, "confirm"]),
        {"category": "突发严重困难户", "risk_type": "因安全饮水", "note": "入户核实"},
    )
    assert response.status_code == 302
    clue = Clue.objects.get(pk=clue_a.pk)
    assert clue.status == Clue.Status.CONFIRMED and clue.case.channel == "部门筛查预警"
    assert Case.objects.count() == 1


def test_exclusion_without_reason_shows_error_and_keeps_state(clue_a, cadre_a, client_for):
    client = client_for(cadre_a)
    response = client.post(reverse("clues:act", args=[clue_a.pk, "exclude"]), {"reason": ""}, follow=True)
    assert "原因" in response.content.decode()
    assert Clue.objects.get(pk=clue_a.pk).status == Clue.Status.DISPATCHED


def test_refused_confirmation_keeps_what_was_typed(clue_a, cadre_a, client_for):
    client = client_for(cadre_a)
    client.post(reverse("clues:act", args=[clue_a.pk, "start"]))
    data = {"category": "脱贫不稳定户", "risk_type": "因安全饮水", "note": "水井干涸三个月"}
    response = client.post(reverse("clues:act", args=[clue_a.pk, "confirm"]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "水井干涸三个月" in body and "不是脱贫户" in body
    assert response.context["confirm_form"].errors["category"]
    assert Clue.objects.get(pk=clue_a.pk).status == Clue.Status.VERIFYING


def test_transition_is_post_only(clue_a, cadre_a, client_for):
    assert client_for(cadre_a).get(reverse("clues:act", args=[clue_a.pk, "start"])).status_code == 405


def test_village_cadre_may_not_open_department_data(cadre_a, client_for):
    assert client_for(cadre_a).get(reverse("clues:uploads")).status_code == 403


def _named(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_upload_page_runs_the_match_and_shows_lists(
    regions, member_in, client_for, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    yibao = make_user(
        "yibao_user", Role.DEPARTMENT, regions["county"], department=Department.MEDICAL_INSURANCE
    )
    member = member_in(regions["village_a"], name="张三")
    client = client_for(yibao)
    assert [c for c, _l in client.get(reverse("clues:uploads")).context["form"].fields["kind"].choices] == [
        "medical_enrolment",
        "medical_costs",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("clues:uploads"),
            {
                "kind": "medical_costs",
                "file": _named(
                    csv_bytes("medical_costs", [[member.person_id, "张三", YEAR, "20000"]]), "m.csv"
                ),
            },
        )
    upload = DepartmentUpload.objects.get()
    assert response.status_code == 302 and response.url == reverse("clues:upload", args=[upload.pk])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("clues:upload", args=[upload.pk]) + "?outcome=clue")
    assert len(page.context["page_obj"].object_list) == 1
    results = client.get(reverse("ledgers:clue_results", args=[upload.pk]))
    book = load_workbook(io.BytesIO(b"".join(results.streaming_content)), read_only=True)
    assert [row[1] for row in book["风险预警"].iter_rows(min_row=2, values_only=True)] == [member.person_id]


def test_refused_upload_shows_the_reason_on_the_form(county_user, client_for):
    response = client_for(county_user).post(
        reverse("clues:uploads"), {"kind": "water_unsafe", "file": _named(b"a,b\n1,2\n", "w.csv")}
    )
    assert response.status_code == 200
    assert "缺少列" in response.content.decode()
    assert not DepartmentUpload.objects.exists()


def test_department_sees_only_its_own_uploads(
    regions, department_user, county_user, member_in, upload, client_for
):
    member = member_in(regions["village_a"], name="张三")
    theirs = upload(
        county_user, "water_unsafe", csv_bytes("water_unsafe", [[member.person_id, "张三", "2025-01-02", ""]])
    )
    client = client_for(department_user)
    assert client.get(reverse("clues:upload", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("ledgers:clue_results", args=[theirs.pk])).status_code == 404
    assert list(client.get(reverse("clues:uploads")).context["page_obj"].object_list) == []
    assert client_for(county_user).get(reverse("clues:upload", args=[theirs.pk])).status_code == 200


def test_invalid_upload_offers_its_error_report(regions, county_user, upload, client_for):
    bad = upload(county_user, "water_unsafe", csv_bytes("water_unsafe", [["123", "张三", "2025-01-02", ""]]))
    response = client_for(county_user).get(reverse("clues:upload_errors", args=[bad.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert list(book.active.iter_rows(min_row=2, values_only=True))[0][:2] == (2, "户主身份证号")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_have_the_declared_headers(county_user, client_for, fmt):
    response = client_for(county_user).get(reverse("clues:template", args=["medical_costs", fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0]
        assert header == "身份证号,姓名,年度,合规自付医疗费用（元）"
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == ["身份证号", "姓名", "年度", "合规自付医疗费用（元）"]


def test_template_needs_department_or_county_role(cadre_a, client_for):
    assert (
        client_for(cadre_a).get(reverse("clues:template", args=["medical_costs", "csv"])).status_code == 403
    )


def test_large_results_export_runs_as_a_job(
    regions, county_user, member_in, upload, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from common.models import Job
    from ledgers.definitions import clues as clue_exports

    monkeypatch.setattr(clue_exports, "RESULTS_SYNC_MAX_ROWS", 0)
    member = member_in(regions["village_a"], name="张三")
    done = upload(
        county_user, "water_unsafe", csv_bytes("water_unsafe", [[member.person_id, "张三", "2025-01-02", ""]])
    )
    client = client_for(county_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("ledgers:clue_results", args=[done.pk]))
    job = Job.objects.get(kind="clues.results")
    assert response.url == reverse("common:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result.name.endswith(".xlsx")


def test_township_filters_its_dispatch_list_by_village(regions, county_user, township_user, client_for):
    make_clue(regions["village_a"], county_user)
    theirs = make_clue(regions["village_b"], county_user)
    response = client_for(township_user).get(reverse("clues:list"), {"village": regions["village_b"].pk})
    assert list(response.context["page_obj"].object_list) == [theirs]
    village_choices = list(response.context["filters"].fields["village"].queryset)
    assert village_choices == [regions["village_a"], regions["village_b"]]


def test_clue_page_shows_evidence_under_chinese_labels(regions, county_user, cadre_a, client_for):
    """The evidence keys of a visit clue were shown raw ("note：", "visited_on：")."""
    clue = make_clue(
        regions["village_a"],
        county_user,
        Clue.Status.DISPATCHED,
        evidence={"visit": 7, "visited_on": "2026-05-06", "note": "饮水不稳定"},
    )
    page = client_for(cadre_a).get(reverse("clues:detail", args=[clue.pk])).content.decode()
    assert "走访日期：2026-05-06" in page and "说明：饮水不稳定" in page
    assert "visited_on" not in page and "note：" not in page
