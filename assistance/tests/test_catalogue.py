from assistance.catalogue import catalogue_rows, load_catalogue
from assistance.models import MeasureCategory


def test_migration_loads_the_national_catalogue(db):
    top = MeasureCategory.objects.filter(parent__isnull=True)
    assert top.count() == 15
    assert MeasureCategory.objects.count() == len(catalogue_rows()) == 44
    employment = MeasureCategory.objects.get(code="employment")
    assert set(employment.children.values_list("name", flat=True)) == {
        "技能培训",
        "以工代赈",
        "就业帮扶车间",
        "劳务输出",
    }
    assert employment.kind == MeasureCategory.Kind.DEVELOPMENT
    assert MeasureCategory.objects.get(code="other_education.yulu").name == "雨露计划"
    assert MeasureCategory.objects.get(code="finance.insurance").parent.code == "finance"


def test_comprehensive_security_is_the_category_and_its_children(db):
    flagged = set(
        MeasureCategory.objects.filter(is_comprehensive_security=True).values_list("code", flat=True)
    )
    assert flagged == {
        "social_security",
        "social_security.dibao",
        "social_security.tekun",
        "social_security.temp_urgent",
        "social_security.temp_expense",
    }


def test_development_kind_is_industry_employment_finance_and_posts(db):
    top_development = set(
        MeasureCategory.objects.filter(parent__isnull=True, kind="development").values_list("code", flat=True)
    )
    assert top_development == {"industry", "employment", "finance", "welfare_post"}


def test_water_and_housing_risks_are_addressed_by_their_measures(db):
    water = [c.code for c in MeasureCategory.objects.all() if "因安全饮水" in c.addresses]
    housing = {
        c.code for c in MeasureCategory.objects.filter(parent__isnull=True) if "因安全住房" in c.addresses
    }
    assert set(water) == {"water", "water.supply_project", "water.treatment"}
    assert housing == {"housing", "relocation"}


def test_loading_again_creates_nothing_and_keeps_county_edits(db):
    MeasureCategory.objects.filter(code="motivation").update(name="扶志扶智（县改）")
    assert load_catalogue(MeasureCategory) == 0
    assert MeasureCategory.objects.get(code="motivation").name == "扶志扶智（县改）"
    MeasureCategory.objects.filter(code="water.treatment").delete()
    assert load_catalogue(MeasureCategory) == 1
