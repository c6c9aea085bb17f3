from households import demo
from households.idnumbers import parse_id
from households.models import Household, HouseholdFlag, IncomeRecord, Member, MonitoringLine
from regions import demo as regions_demo


def test_demo_builds_valid_people_and_second_run_adds_nothing(db):
    regions_demo.build()
    first = demo.build(households=700, seed=7)
    assert first["households"] == 700 and 1.5 < first["members"] / 700 < 4.5
    planted = Household.objects.filter(number__gte="5002302012019900")  # the duplicates' (households/demo.py)
    assert Household.objects.filter(village__code="500230201201").exclude(pk__in=planted).count() == 70
    sample = Member.objects.order_by("?")[:200]
    assert all(parse_id(m.person_id).birth_date == m.birth_date for m in sample)  # raises if invalid
    household = Household.objects.filter(member_count__gt=1).first()
    assert household.member_count == household.members.count()
    assert household.head_name == household.members.get(relationship="户主").name
    assert household.latest_income == IncomeRecord.objects.get(household=household)
    line_2021 = MonitoringLine.objects.get(year=2021)
    assert line_2021.amount == 6000 and not line_2021.is_demo and "渝委农组" in line_2021.basis
    assert MonitoringLine.objects.exclude(year=2021).filter(is_demo=False).count() == 0
    assert HouseholdFlag.objects.filter(kind="former_poor", exit_year__range=(2014, 2020)).exists()
    counts = (Household.objects.count(), Member.objects.count(), IncomeRecord.objects.count())
    assert demo.build(households=700, seed=7)["households"] == 0
    assert (Household.objects.count(), Member.objects.count(), IncomeRecord.objects.count()) == counts
