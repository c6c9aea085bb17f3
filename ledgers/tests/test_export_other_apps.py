"""Ledgers over the clues and indicators apps: columns, a sample row, scope and masking."""

import datetime

import pytest
from django.urls import reverse

from clues.models import Clue, DepartmentUpload, MatchResult
from indicators.models import Actual, Indicator, Plan

from .conftest import read_book, sheet_rows
from .test_export import export


@pytest.fixture
def clue_data(register, regions, county_user, department_user):
    a1 = register["a1"]
    head = a1.members.get(relationship="户主")
    Clue.objects.create(
        status=Clue.Status.NEW, source=Clue.Source.VISIT, rule="visit", risk_type="因病", household=a1,
        member=head, person_id=head.person_id, found_on=datetime.date(2026, 5, 6),
        dispatch_due=datetime.date(2026, 5, 13),
    )  # fmt: skip
    Clue.objects.create(
        status=Clue.Status.NEW, source=Clue.Source.VISIT, rule="visit", risk_type="因学",
        household=register["c1"], found_on=datetime.date(2026, 5, 6), dispatch_due=datetime.date(2026, 5, 13),
    )  # fmt: skip
    upload = DepartmentUpload.objects.create(
        kind="medical_self_paid", department="civil_affairs", region=regions["county"], uploaded_by=department_user,
        file="department_uploads/x.csv", original_name="低保名单.csv", file_format="csv", sha256="0" * 64,
    )  # fmt: skip
    MatchResult.objects.create(
        upload=upload, row_number=2, person_id=head.person_id, name="张三", member=head,
        outcome=MatchResult.Outcome.MATCHED,
    )  # fmt: skip
    return head


def test_clue_ledger_columns_sample_row_and_scope(client_for, cadre_a, clue_data):
    rows = sheet_rows(export(client_for(cadre_a), "clues").worksheets[0])
    assert rows[1] == ["乡镇（街道）", "村（社区）", "户编号", "户主姓名", "涉及成员", "身份证号", "来源", "规则",
                       "风险类型", "灾害类型", "状态", "发现日期", "分派时限", "核验时限", "排除原因"]  # fmt: skip
    assert rows[2:] == [
        ["栗子乡", "建龙村", "500230201201001", "张三", "张三", clue_data.person_id, "走访发现", "visit", "因病",
         None, "新线索", datetime.datetime(2026, 5, 6), datetime.datetime(2026, 5, 13), None, None]
    ]  # fmt: skip


def test_match_ledger_masks_ids_for_department_user(client_for, department_user, clue_data):
    rows = sheet_rows(export(client_for(department_user), "matches").worksheets[0])
    assert rows[1][:7] == ["部门", "数据文件", "上传日期", "行号", "姓名", "身份证号", "比对结果"]
    assert rows[2][3:7] == [
        2,
        "张三",
        clue_data.person_id[:6] + "********" + clue_data.person_id[-4:],
        "匹配成功",
    ]
    assert rows[2][-1] == "500230201201001"


def test_match_ledger_is_refused_to_village_cadres(client_for, cadre_a, clue_data):
    assert client_for(cadre_a).get(reverse("ledgers:export", args=["matches"])).status_code == 403


def test_department_user_sees_only_the_match_ledger(client_for, department_user, clue_data):
    html = client_for(department_user).get(reverse("ledgers:index")).content.decode()
    assert "部门比对结果" in html and "监测对象台账" not in html


def test_indicator_ledger_sample_row(client_for, county_user, regions):
    plan = Plan.objects.create(
        key="test-plan", level=Plan.Level.COUNTY, region=regions["county"], title="测试规划", period_start=2021,
        period_end=2025,
    )  # fmt: skip
    indicator = Indicator.objects.create(
        plan=plan, number="1", order=1, group="巩固成果", name="监测对象帮扶率", unit="%", target_value="100",
        target_year=2025, target_kind="number", attribute="binding",
    )  # fmt: skip
    Actual.objects.create(
        indicator=indicator, region=regions["county"], year=2025, value="98.5", source="系统"
    )
    ws = read_book(
        b"".join(
            client_for(county_user).post(reverse("ledgers:export", args=["indicators"])).streaming_content
        )
    ).worksheets[0]
    row = next(r for r in sheet_rows(ws)[2:] if r[0] == "测试规划")
    assert row == ["测试规划", "1", "巩固成果", "监测对象帮扶率", "%", None, "100", 2025, "约束性", "丰都县", 2025,
                   98.5, None, None, "系统", "否"]  # fmt: skip
