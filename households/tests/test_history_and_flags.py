import datetime

import pytest

from common.errors import Conflict, ServiceError
from households.history import household_history
from households.models import HouseholdFlag, IncomeRecord, Visit
from households.services import flag_end, flag_set, income_record, visit_record

YEAR = datetime.date.today().year - 1
TODAY = datetime.date.today()
SECURE = {f: "secure" for f in Visit.ASSURANCE_FIELDS}


def test_income_correction_is_kept_with_user_and_changed_fields(cadre_a, cadre_b, make_household):
    household = make_household(cadre_a)
    income_record(household=household, by=cadre_a, year=YEAR, amounts={"wage": "20000"})
    income_record(household=household, by=cadre_a, year=YEAR, amounts={"wage": "18000"}, replace=True)
    rows = IncomeRecord.history.filter(household_id=household.pk).order_by("history_id")
    assert [r.history_type for r in rows] == ["+", "~"]
    assert rows[1].diff_against(rows[0]).changed_fields == ["wage"]
    assert rows[1].per_capita_net < rows[0].per_capita_net
    assert rows[1].history_user == cadre_a
    entry = next(e for e in household_history(household) if e["what"] == "收支" and e["changes"])
    assert ("工资性收入", "20000.00", "18000.00") in entry["changes"]


def test_visit_history_row_names_visitor(cadre_a, make_household):
    household = make_household(cadre_a)
    visit = visit_record(household=household, by=cadre_a, visited_on=TODAY, checks=SECURE)
    assert visit.all_secure
    assert visit.history.get().history_user == cadre_a


def test_visit_in_future_or_unanswered_is_refused(cadre_a, make_household):
    household = make_household(cadre_a)
    with pytest.raises(ServiceError, match="不能晚于今天"):
        visit_record(
            household=household, by=cadre_a, visited_on=TODAY + datetime.timedelta(days=1), checks=SECURE
        )
    with pytest.raises(ServiceError, match="饮水安全"):
        visit_record(household=household, by=cadre_a, visited_on=TODAY, checks={**SECURE, "water": ""})
    assert not Visit.objects.exists()


def test_visit_with_problem_keeps_note_per_item(cadre_a, make_household):
    household = make_household(cadre_a)
    visit = visit_record(
        household=household,
        by=cadre_a,
        visited_on=TODAY,
        checks={**SECURE, "medical": "problem"},
        check_notes={"medical": "未续缴医保"},
        new_risks=["因病"],
    )
    assert visit.medical_note == "未续缴医保" and not visit.all_secure and visit.problem_note == "未续缴医保"


def test_flags_are_dated_and_one_open_per_kind(cadre_a, make_household):
    household = make_household(cadre_a)
    with pytest.raises(ServiceError, match="脱贫年度"):
        flag_set(household=household, by=cadre_a, kind="former_poor")
    flag = flag_set(household=household, by=cadre_a, kind="dibao", start_date=datetime.date(2023, 1, 1))
    with pytest.raises(ServiceError, match="不能重复登记"):
        flag_set(household=household, by=cadre_a, kind="dibao")
    flag_end(flag=flag, by=cadre_a, end_date=datetime.date(2025, 6, 30))
    with pytest.raises(Conflict):
        flag_end(flag=flag, by=cadre_a, end_date=datetime.date(2025, 7, 1))
    assert not household.__class__.objects.with_flag("dibao").exists()
    assert household.__class__.objects.with_flag("dibao", on=datetime.date(2024, 1, 1)).get() == household
    assert HouseholdFlag.history.filter(id=flag.pk).count() == 2
