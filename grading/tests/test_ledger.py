"""风险等级台账: one row per graded household with its reasons, scoped like every ledger."""

import pytest
from django.urls import reverse

from ledgers.tests.conftest import download, read_book, sheet_rows

pytestmark = pytest.mark.django_db

HEADERS = ["乡镇（街道）", "村（社区）", "网格", "户编号", "户主姓名", "风险等级", "风险分", "定级理由",
           "最近走访", "走访周期", "下次走访日期"]  # fmt: skip


def export_rows(client):
    response = client.post(reverse("ledgers:export", args=["grades"]), {})
    assert response.status_code == 200
    return sheet_rows(read_book(download(response)).worksheets[0])


def test_grade_ledger_lists_grades_with_reasons(line, make_household, county_user, client_for):
    household = make_household(per_capita=9000, able=1, unable=2)
    rows = export_rows(client_for(county_user))
    assert rows[1] == HEADERS
    [row] = rows[2:]
    assert row[3] == household.number
    assert row[5:8] == ["红", 60, "人均纯收入低于监测范围、有劳动能力成员仅占 33%"]


def test_grade_ledger_shows_a_cadre_only_their_village(line, make_household, cadre_b, client_for):
    make_household(per_capita=9000)
    assert export_rows(client_for(cadre_b))[2:] == []
