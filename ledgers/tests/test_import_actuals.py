import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Actual, Indicator, Plan
from ledgers.imports.actuals import HEADERS
from ledgers.models import ImportRun

from .conftest import post_committed


@pytest.fixture
def indicator(regions):
    plan = Plan.objects.create(
        key="test-plan", level=Plan.Level.COUNTY, region=regions["county"], title="测试规划", period_start=2021,
        period_end=2025,
    )  # fmt: skip
    return Indicator.objects.create(
        plan=plan, number="3", order=3, name="农村居民人均可支配收入", unit="元", target_value="20000",
        target_year=2025, target_kind="number", attribute="expected",
    )  # fmt: skip


def book(rows) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(HEADERS)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, content):
    response = post_committed(
        client, reverse("ledgers:imports"), {"kind": "actuals", "file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    return ImportRun.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


ROW = ["test-plan", "3", "500230000000", "2024", "县统计局", "18250.5", "", ""]


def test_actuals_import_commits_through_the_service_and_is_idempotent(client_for, county_user, indicator):
    client = client_for(county_user)
    run = upload(client, book([ROW]))
    assert run.status == ImportRun.Status.VALID and not Actual.objects.exists()
    post_committed(client, reverse("ledgers:import_commit", args=[run.pk]))
    actual = Actual.objects.get()
    assert (actual.year, str(actual.value), actual.source, actual.entered_by) == (
        2024,
        "18250.5000",
        "县统计局",
        county_user,
    )
    again = upload(client, book([ROW]))
    assert again.summary["unchanged"] == 1 and again.summary["new_or_changed"] == 0
    post_committed(client, reverse("ledgers:import_commit", args=[again.pk]))
    assert Actual.history.count() == 1


def test_actuals_errors_name_row_and_reason(client_for, county_user, indicator):
    rows = [ROW, ["test-plan", "99", "500230000000", "2024", "县统计局", "1", "", ""],
            ["test-plan", "3", "500243000000", "2024", "县统计局", "1", "", ""],
            ["test-plan", "3", "500230000000", "2010", "县统计局", "1", "", ""]]  # fmt: skip
    run = upload(client_for(county_user), book(rows))
    assert run.status == ImportRun.Status.INVALID
    found = {(row, column) for row, column, _value, _reason in run.summary["preview"]}
    assert {(3, "序号"), (4, "区域代码"), (5, "序号")} <= found  # row 5: the service refuses year 2010
    assert not Actual.objects.exists()


def test_village_cadre_cannot_import_actuals(client_for, cadre_a, indicator):
    response = client_for(cadre_a).post(
        reverse("ledgers:imports"), {"kind": "actuals", "file": SimpleUploadedFile("a.xlsx", book([ROW]))}
    )
    assert response.status_code == 200 and not ImportRun.objects.exists()
