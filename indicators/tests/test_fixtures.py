"""The shipped tables are the published ones: every value in the database equals the JSON
transcription, and rows checked against the seed text match the printed lines."""

import json
from pathlib import Path

from django.core.management import call_command

from indicators.loader import FIXTURE, INDICATOR_FIELDS, load_plans
from indicators.models import Indicator, Metric, Plan

SEEDS = Path("/work/shared/seeds")


def _json():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["plans"]


def test_every_loaded_value_equals_the_transcription(plans):
    for data in _json():
        plan = Plan.objects.get(key=data["key"])
        assert plan.region.code == data["region_code"]
        for name in ("level", "title", "document_number", "period_start", "period_end", "source_file"):
            assert getattr(plan, name) == data[name], (plan.key, name)
        rows = list(plan.indicators.order_by("order"))
        assert len(rows) == len(data["indicators"])
        for row, expected in zip(rows, data["indicators"], strict=True):
            assert row.order == expected["order"]
            for name in INDICATOR_FIELDS:
                # The corrections are optional keys of the transcription (none are published).
                assert getattr(row, name) == expected.get(name, ""), (plan.key, row.order, name)


def test_table_shapes_are_as_published(plans):
    chongqing = plans["chongqing-2021"].indicators.all()
    assert chongqing.count() == 21
    assert len({i.number for i in chongqing}) == 11
    fengdu_numbers = list(plans["fengdu-2021"].indicators.order_by("order").values_list("number", flat=True))
    assert fengdu_numbers[-3:] == ["8", "9", "12"]  # the table jumps from 9 to 12
    assert "10" not in fengdu_numbers and "11" not in fengdu_numbers
    assert plans["pengshui-2021"].indicators.count() == 17


def test_pengshui_table_prints_no_baseline(plans):
    assert not plans["pengshui-2021"].indicators.exclude(baseline_value="").exists()
    assert not plans["pengshui-2021"].indicators.filter(baseline_year__isnull=False).exists()


def _seed_lines(plan):
    return (SEEDS / plan.source_file).read_text(encoding="utf-8").splitlines()


def test_spot_checks_against_the_seed_text(plans):
    checks = [
        # plan, order, text expected on the source line
        ("chongqing-2021", 17, "粮食综合生产能力（万吨）#\t1075\t≥1075\t约束性"),
        ("chongqing-2021", 15, "农产品加工产值与农业总产值比\t1.2: 1\t2: 1\t预期性"),
        ("chongqing-2021", 21, "11\t易返贫致贫监测对象帮扶率（%）\t\t—\t100\t约束性"),
        ("chongqing-2021", 1, "1\t地区生产总值增长 (%)\t3.7\t高于全市平均水平*\t预期性"),
        ("fengdu-2021", 22, "监测户帮扶率"),
        ("fengdu-2021", 16, "粮食综合生产能力"),
        ("pengshui-2021", 9, "常住人口200户或500人以上的农村聚居点污水处理设施建设"),
    ]
    for key, order, text in checks:
        indicator = plans[key].indicators.get(order=order)
        line = _seed_lines(plans[key])[indicator.source_line - 1]
        assert text in line, (key, order, line)
        assert indicator.name.replace(" ", "") in line.replace(" ", "")


def test_fengdu_values_follow_the_printed_lines(plans):
    """In 丰都's table each cell is its own line: name, 2020, 2025, attribute."""
    for order in (3, 16, 19, 22):
        indicator = plans["fengdu-2021"].indicators.get(order=order)
        lines = _seed_lines(plans["fengdu-2021"])[indicator.source_line - 1 : indicator.source_line + 3]
        cells = [cell.strip() for cell in lines]
        assert cells[0] == indicator.name
        assert cells[1] == indicator.baseline_value
        assert cells[2].rstrip("*") == indicator.target_value
        assert cells[3] == indicator.get_attribute_display()


def test_assistance_rates_are_bound_to_the_computed_metric(plans):
    bound = Indicator.objects.filter(metric=Metric.ASSISTANCE_RATE).values_list("plan__key", "name")
    assert set(bound) == {
        ("chongqing-2021", "易返贫致贫监测对象帮扶率"),
        ("pengshui-2021", "易返贫致贫对象帮扶率"),
        ("fengdu-2021", "监测户帮扶率"),
    }


def test_loading_twice_changes_nothing(plans):
    again = load_plans()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)


def test_command_reports_and_corrections_stay_beside_published(plans, tmp_path, capsys):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    row = data["plans"][2]["indicators"][0]
    row["corrected_target_value"], row["correction_note"] = "≥9", "test correction"
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("load_indicators", file=path)
    indicator = plans["fengdu-2021"].indicators.get(order=1)
    assert indicator.target_value == "高于全市平均水平"
    assert indicator.corrected_target_value == "≥9" and indicator.effective_target == "≥9"
    assert "更新 1" in capsys.readouterr().out


def test_missing_plan_regions_are_created_under_the_city(db):
    load_plans()
    pengshui = Plan.objects.get(key="pengshui-2021").region
    assert pengshui.parent.code == "500000000000" and pengshui.level == "county"
