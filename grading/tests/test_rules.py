"""Each grading rule and its reason text, on plain facts (no database)."""

import datetime
from decimal import Decimal

from common.policies import POLICIES
from grading.rules import (
    Facts,
    case_risks,
    department_matches,
    evaluate,
    income_margin,
    income_trend,
    labour_capacity,
    open_clues,
    special_groups,
    visit_problems,
)
from households.choices import Assurance
from households.models import IncomeRecord, MonitoringLine
from households.selectors import IncomeStatus

P = {key: policy.default for key, policy in POLICIES.items()}
LINE = MonitoringLine(year=2026, amount=Decimal(10000))


def status(per_capita) -> IncomeStatus:
    record = IncomeRecord(period_end=datetime.date(2026, 6, 30), per_capita_net=Decimal(per_capita))
    return IncomeStatus(record=record, line=LINE)


def facts(**kwargs) -> Facts:
    return Facts(income=kwargs.pop("income", status(20000)), **kwargs)


def test_income_just_above_the_line_says_by_how_much():
    assert income_margin(facts(income=status(10800)), P) == [(25, "人均纯收入仅高于监测范围 8%")]


def test_income_well_above_the_line_adds_nothing():
    assert income_margin(facts(income=status(12000)), P) == []


def test_income_below_the_line():
    assert income_margin(facts(income=status(9000)), P) == [(50, "人均纯收入低于监测范围")]


def test_no_income_record_in_the_window():
    assert income_margin(facts(income=IncomeStatus(None, None)), P) == [(10, "收入核算窗口内无收入记录")]


def test_income_drop_over_the_window():
    assert income_trend(facts(income=status(15000), previous_per_capita=Decimal(20000)), P) == [
        (15, "人均纯收入较上期下降 25%")
    ]
    assert income_trend(facts(income=status(19000), previous_per_capita=Decimal(20000)), P) == []


def test_case_risks_count_each_type():
    assert case_risks(facts(case_risks=["因病", "因学", "因病"]), P) == [(20, "监测中风险：因学、因病")]


def test_open_clues_are_counted_with_their_kinds():
    assert open_clues(facts(open_clue_risks=["因病", "因病"]), P) == [(20, "有 2 条未办结预警线索（因病）")]


def test_medical_self_paid_reason_in_wan_yuan():
    found = department_matches(facts(department=[("medical_self_paid", "x", Decimal(20500))]), P)
    assert found == [(10, "医保自付超过 2 万元")]


def test_other_department_match_names_the_rule():
    found = department_matches(facts(department=[("housing_unsafe", "住房鉴定为C级或D级危房", None)]), P)
    assert found == [(10, "部门比对：住房鉴定为C级或D级危房")]


def test_visit_problems_name_each_item():
    answers = {"food_clothing": Assurance.SECURE, "housing": Assurance.PROBLEM, "water": Assurance.PROBLEM}
    assert visit_problems(facts(visit_answers=answers), P) == [(30, "最近走访发现问题：住房安全、饮水安全")]


def test_labour_capacity_share():
    assert labour_capacity(facts(members=3, able=1), P) == [(10, "有劳动能力成员仅占 33%")]
    assert labour_capacity(facts(members=2, able=0), P) == [(10, "家庭成员均无劳动能力")]
    assert labour_capacity(facts(members=2, able=1), P) == []


def test_special_groups_are_listed():
    assert special_groups(facts(groups={"dibao", "left_behind_child"}), P) == [
        (10, "特殊群体：低保对象、留守儿童")
    ]


def test_grade_thresholds_and_reasons_highest_first():
    assert evaluate(facts(), P) == ("green", 0, [])
    grade, score, reasons = evaluate(facts(income=status(9000), members=2, able=0), P)
    assert (grade, score) == ("red", 60)
    assert reasons == ["人均纯收入低于监测范围", "家庭成员均无劳动能力"]


def test_thresholds_are_policy():
    p = {**P, "grade_yellow_score": Decimal(5)}
    assert evaluate(facts(members=2, able=0), P)[0] == "green"
    assert evaluate(facts(members=2, able=0), p)[0] == "yellow"
