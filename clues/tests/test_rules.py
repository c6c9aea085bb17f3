"""Each dataset rule, at its edges, through the real upload → validate → match path."""

import datetime
from decimal import Decimal

from django.utils import timezone

from clues.models import Clue, MatchResult
from clues.tests.conftest import csv_bytes
from common.models import PolicySetting
from households.models import HouseholdFlag, IncomeRecord, MonitoringLine
from monitoring.models import Case

YEAR = str(timezone.localdate().year - 1)
DAY = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()


def results(upload, outcome):
    return sorted(MatchResult.objects.filter(upload=upload, outcome=outcome).values_list("name", "rule"))


def clue_names(upload):
    return sorted(Clue.objects.filter(upload=upload).values_list("member__name", flat=True))


def income(household, net_income, members=1):
    today = timezone.localdate()
    return IncomeRecord.objects.create(
        household=household,
        year=today.year,
        period_start=today - datetime.timedelta(days=365),
        period_end=today - datetime.timedelta(days=10),
        wage=Decimal(net_income),
        business=Decimal(0),
        property=Decimal(0),
        transfer=Decimal(0),
        business_expense=Decimal(0),
        insurance_claims=Decimal(0),
        compliant_self_paid=Decimal(0),
        members=members,
    )


def test_self_paid_threshold_edge(regions, county_user, member_in, upload):
    below = member_in(regions["village_a"], name="甲")
    at = member_in(regions["village_a"], name="乙")
    done = upload(
        county_user,
        "medical_costs",
        csv_bytes(
            "medical_costs", [[below.person_id, "甲", YEAR, "9999.99"], [at.person_id, "乙", YEAR, "10000"]]
        ),
    )
    assert clue_names(done) == ["乙"]
    clue = Clue.objects.get()
    assert (clue.risk_type, clue.rule, clue.status) == ("因病", "medical_self_paid", Clue.Status.NEW)


def test_self_paid_threshold_follows_the_county_policy(regions, county_user, member_in, upload):
    PolicySetting.objects.create(
        key="medical_self_paid_threshold", region=regions["county"], value=Decimal(5000)
    )
    member = member_in(regions["village_a"], name="甲")
    done = upload(
        county_user, "medical_costs", csv_bytes("medical_costs", [[member.person_id, "甲", YEAR, "5000"]])
    )
    assert clue_names(done) == ["甲"]


def test_self_paid_share_of_household_income_edge(regions, county_user, member_in, upload):
    half = member_in(regions["village_a"], name="甲")
    income(half.household, 8000)
    under = member_in(regions["village_b"], name="乙")
    income(under.household, "8000.02")
    done = upload(
        county_user,
        "medical_costs",
        csv_bytes(
            "medical_costs", [[half.person_id, "甲", YEAR, "4000"], [under.person_id, "乙", YEAR, "4000"]]
        ),
    )
    assert clue_names(done) == ["甲"]


def test_medical_not_enrolled_raises_clue_and_register_mismatch_is_listed(
    regions, county_user, member_in, upload
):
    registered = member_in(regions["village_a"], name="甲")  # 城乡居民医保 in the register
    enrolled = member_in(regions["village_a"], name="乙")
    done = upload(
        county_user,
        "medical_enrolment",
        csv_bytes(
            "medical_enrolment",
            [[registered.person_id, "甲", YEAR, "未参保"], [enrolled.person_id, "乙", YEAR, "已参保"]],
        ),
    )
    assert clue_names(done) == ["甲"]
    assert results(done, "correction") == [("甲", "medical_enrolment_differs")]


def test_assistance_recipient_not_monitored_and_below_line(regions, county_user, cadre_a, member_in, upload):
    MonitoringLine.objects.create(
        year=timezone.localdate().year,
        region=regions["county"],
        amount=Decimal(7000),
        effective_date=timezone.localdate(),
    )
    poor = member_in(regions["village_a"], name="甲", dibao=True)
    income(poor.household, "6999.99")
    at_line = member_in(regions["village_a"], name="乙", dibao=True)
    income(at_line.household, 7000)
    no_income = member_in(regions["village_a"], name="丙", dibao=True)
    monitored = member_in(regions["village_a"], name="丁", dibao=True)
    Case.objects.create(
        household=monitored.household,
        village=regions["village_a"],
        category="边缘易致贫户",
        channel="干部走访排查",
        status=Case.Status.MONITORED,
        found_on=timezone.localdate(),
        deadline=timezone.localdate(),
        created_by=cadre_a,
    )
    rows = [[m.person_id, m.name, "低保", DAY, ""] for m in (poor, at_line, no_income, monitored)]
    done = upload(county_user, "civil_assistance", csv_bytes("civil_assistance", rows))
    assert clue_names(done) == ["丙", "甲"]


def test_assistance_flag_differences_are_corrections(regions, county_user, member_in, upload):
    dibao = member_in(regions["village_a"], name="甲", dibao=True)
    not_tekun = member_in(regions["village_a"], name="乙")
    edge = member_in(regions["village_a"], name="丙")
    HouseholdFlag.objects.create(
        household=edge.household, kind="dibao_edge", start_date=datetime.date(2024, 1, 1)
    )
    not_edge = member_in(regions["village_a"], name="丁")
    rows = [
        [dibao.person_id, "甲", "低保", DAY, ""],
        [not_tekun.person_id, "乙", "特困", DAY, ""],
        [edge.person_id, "丙", "低保边缘", DAY, ""],
        [not_edge.person_id, "丁", "低保边缘", DAY, ""],
    ]
    done = upload(county_user, "civil_assistance", csv_bytes("civil_assistance", rows))
    assert results(done, "correction") == [
        ("丁", "assistance_flag_differs"),
        ("乙", "assistance_flag_differs"),
    ]


def test_dropout_raises_schooling_clue(regions, county_user, member_in, upload):
    pupil = member_in(regions["village_a"], name="甲", birth_date=datetime.date(2012, 3, 1))
    done = upload(
        county_user,
        "education_dropout",
        csv_bytes("education_dropout", [[pupil.person_id, "甲", "中心小学", DAY]]),
    )
    assert Clue.objects.get(upload=done).risk_type == "因学"


def test_housing_c_and_d_raise_clues_a_and_b_do_not(regions, county_user, member_in, upload):
    people = {g: member_in(regions["village_a"], name=g) for g in "ABCD"}
    rows = [[m.person_id, g, g, DAY] for g, m in people.items()]
    done = upload(county_user, "housing_appraisal", csv_bytes("housing_appraisal", rows))
    assert clue_names(done) == ["C", "D"]
    assert set(Clue.objects.values_list("risk_type", flat=True)) == {"因安全住房"}
    # The C and D rows also open problems in the housing ledger, with their grade.
    from assistance.models import HousingProblem

    opened = HousingProblem.objects.order_by("grade")
    assert [(p.household_id, p.grade, p.source) for p in opened] == [
        (people["C"].household_id, "C", "department"),
        (people["D"].household_id, "D", "department"),
    ]


def test_unemployment_raises_work_clue(regions, county_user, member_in, upload):
    worker = member_in(regions["village_a"], name="甲")
    done = upload(
        county_user,
        "hr_unemployment",
        csv_bytes("hr_unemployment", [[worker.person_id, "甲", "返乡失业", DAY]]),
    )
    assert Clue.objects.get(upload=done).risk_type == "因务工就业不稳"


def test_disability_grades_one_and_two_only(regions, county_user, member_in, upload):
    grades = {g: member_in(regions["village_a"], name=g) for g in ("一级", "二级", "三级")}
    rows = [[m.person_id + "11", g, g, DAY] for g, m in grades.items()]  # 20-digit certificate numbers
    done = upload(county_user, "disability_certificate", csv_bytes("disability_certificate", rows))
    assert clue_names(done) == sorted(["一级", "二级"])
    assert len(results(done, "correction")) == 3  # none is marked disabled in the register


def test_deaths_and_moves_are_corrections_not_clues(regions, county_user, member_in, upload):
    dead = member_in(regions["village_a"], name="甲")
    moved = member_in(regions["village_a"], name="乙")
    already = member_in(
        regions["village_a"], name="丙", removed_on=datetime.date(2024, 1, 1), removal_reason="死亡"
    )
    rows = [[dead.person_id, "甲", "死亡", DAY, ""], [moved.person_id, "乙", "迁出", DAY, "重庆市渝中区"]]
    rows.append([already.person_id, "丙", "死亡", DAY, ""])
    done = upload(county_user, "public_security", csv_bytes("public_security", rows))
    assert results(done, "correction") == [("乙", "member_moved"), ("甲", "member_deceased")]
    assert not Clue.objects.exists()


def test_disaster_clue_carries_the_subtype(regions, county_user, member_in, upload):
    head = member_in(regions["village_a"], name="甲")
    done = upload(
        county_user,
        "emergency_disaster",
        csv_bytes("emergency_disaster", [[head.person_id, "甲", "地质", DAY, "30000"]]),
    )
    clue = Clue.objects.get(upload=done)
    assert (clue.risk_type, clue.disaster_subtype) == ("因自然灾害", "地质")


def test_unsafe_water_raises_water_clue(regions, county_user, member_in, upload):
    head = member_in(regions["village_a"], name="甲")
    done = upload(
        county_user, "water_unsafe", csv_bytes("water_unsafe", [[head.person_id, "甲", DAY, "季节性缺水"]])
    )
    assert Clue.objects.get(upload=done).risk_type == "因安全饮水"


def test_removed_member_raises_no_clue(regions, county_user, member_in, upload):
    gone = member_in(
        regions["village_a"], name="甲", removed_on=datetime.date(2024, 1, 1), removal_reason="死亡"
    )
    done = upload(county_user, "water_unsafe", csv_bytes("water_unsafe", [[gone.person_id, "甲", DAY, ""]]))
    assert done.status == "done" and not Clue.objects.exists()


def test_rule_thresholds_and_deadlines_are_policies():
    from common.policies import POLICIES

    assert {
        "medical_self_paid_threshold",
        "medical_income_share",
        "clue_dispatch_days",
        "clue_verify_days",
    } <= set(POLICIES)
