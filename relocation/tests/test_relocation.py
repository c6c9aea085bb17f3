import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assistance.catalogue import load_catalogue
from assistance.models import Measure, MeasureCategory
from common.errors import ServiceError
from employment.models import EmploymentRecord, EmploymentStatus
from households.choices import HouseholdFlagKind, RelocationMode, SchoolStatus
from households.models import HouseholdFlag
from households.tests.factories import HouseholdFactory, MemberFactory
from ledgers.registry import LEDGERS, Filters
from monitoring.models import Case
from regions.models import Region
from relocation import services
from relocation.models import Relocation
from relocation.selectors import site_figures


@pytest.fixture(autouse=True)
def frozen():
    at = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(at, tick=False):
        yield


def relocated(village, site_text="", **member_fields):
    household = HouseholdFactory(village=village)
    HouseholdFlag.objects.create(
        household=household,
        kind=HouseholdFlagKind.RELOCATED,
        relocation_mode=RelocationMode.CENTRALISED,
        relocation_site=site_text,
        start_date=datetime.date(2019, 6, 1),
    )
    if member_fields is not None:
        MemberFactory(household=household, **member_fields)
    return household


def make_site(user, region, name="栗子乡集中安置点", **kw):
    fields = {"kind": RelocationMode.CENTRALISED, "planned_households": 100, "planned_people": 380,
              "completion_year": 2019, **kw}  # fmt: skip
    return services.site_create(by=user, region=region, name=name, **fields)


@pytest.fixture
def site(regions, township_user):
    return make_site(township_user, regions["township"])


def test_a_new_site_links_the_households_whose_flag_names_it(regions, township_user):
    match_a = relocated(regions["village_a"], " 栗子乡集中安置点 ")
    match_b = relocated(regions["village_b"], "栗子乡集中安置点")
    other = relocated(regions["village_a"], "别处安置点")
    other_county = Region.objects.create(
        code="500243101201", name="某村", level=Region.Level.VILLAGE, parent=regions["other_county"]
    )
    far = relocated(other_county, "栗子乡集中安置点")
    site = make_site(township_user, regions["township"])
    linked = dict(Relocation.objects.values_list("household_id", "site_id"))
    assert linked == {match_a.pk: site.pk, match_b.pk: site.pk}
    assert Relocation.objects.get(household=match_a).moved_on == datetime.date(2019, 6, 1)
    assert Relocation.objects.get(household=match_a).source == Relocation.Source.FLAG
    assert services.relocations_from_flags() == 0  # idempotent
    assert other.pk not in linked and far.pk not in linked


def test_site_names_are_unique_in_a_county_and_only_township_or_county_registers(
    regions, township_user, cadre_a, site
):
    with pytest.raises(ServiceError, match="本县已有同名安置点"):
        make_site(township_user, regions["village_a"])
    with pytest.raises(PermissionDenied):
        make_site(cadre_a, regions["village_a"], name="另一个")


def test_link_by_hand_and_its_refusals(regions, cadre_a, cadre_b, site):
    household = relocated(regions["village_a"], "")
    plain = HouseholdFactory(village=regions["village_a"])
    with pytest.raises(ServiceError, match="没有“易地扶贫搬迁”属性"):
        services.relocation_link(household=plain, site=site, by=cadre_a)
    with pytest.raises(PermissionDenied):
        services.relocation_link(household=household, site=site, by=cadre_b)
    with pytest.raises(ServiceError, match="搬迁入住日期不能晚于今天"):
        services.relocation_link(
            household=household, site=site, by=cadre_a, moved_on=datetime.date(2026, 6, 2)
        )
    relocation = services.relocation_link(
        household=household, site=site, by=cadre_a, moved_on=datetime.date(2020, 1, 1)
    )
    assert (
        relocation.source == Relocation.Source.MANUAL and relocation.history.first().history_user == cadre_a
    )
    with pytest.raises(ServiceError, match="该户已关联安置点“栗子乡集中安置点”"):
        services.relocation_link(household=household, site=site, by=cadre_a)


def test_site_figures_count_people_working_age_work_and_measures(regions, cadre_a, cadre_b, site):
    load_catalogue(MeasureCategory)
    one = relocated(regions["village_a"], "", birth_date=datetime.date(1980, 1, 1), months_worked=6)
    spouse = MemberFactory(
        household=one, birth_date=datetime.date(1990, 1, 1), months_worked=0, relationship="配偶"
    )
    MemberFactory(household=one, birth_date=datetime.date(1950, 1, 1), months_worked=3, relationship="之父")
    MemberFactory(  # in school: not working age
        household=one, birth_date=datetime.date(2008, 1, 1), relationship="之子", education="",
        school_status=SchoolStatus.values[0],
    )  # fmt: skip
    MemberFactory(
        household=one,
        birth_date=datetime.date(1985, 1, 1),
        relationship="之女",
        removed_on=datetime.date(2025, 1, 1),
        removal_reason="moved",
    )
    two = relocated(regions["village_b"], "", birth_date=datetime.date(1970, 1, 1), months_worked=12)
    # 务工人数 is employment's rule (a ledger row in work), not Member.months_worked
    EmploymentRecord.objects.create(member=one.members.get(birth_date=datetime.date(1980, 1, 1)), household=one,
                                    status=EmploymentStatus.LOCAL)  # fmt: skip
    EmploymentRecord.objects.create(member=spouse, household=one, status=EmploymentStatus.OUT_CITY)
    EmploymentRecord.objects.create(
        member=two.members.get(), household=two, status=EmploymentStatus.UNEMPLOYED
    )
    for household in (one, two):
        services.relocation_link(household=household, site=site, by=cadre_a if household is one else cadre_b)
    case = Case.objects.create(
        household=one, village=regions["village_a"], category="脱贫不稳定户", channel="干部走访排查",
        status=Case.Status.MONITORED, step=0, found_on=datetime.date(2026, 1, 1), deadline=datetime.date(2026, 1, 16),
        enrolled_on=datetime.date(2026, 1, 10), created_by=cadre_a,
    )  # fmt: skip
    category = MeasureCategory.objects.get(code="employment")
    for status in (Measure.Status.IMPLEMENTING, Measure.Status.CANCELLED):
        Measure.objects.create(case=case, category=category, content="务工", status=status,
                               planned_start=datetime.date(2026, 2, 1), created_by=cadre_a)  # fmt: skip
    figures = site_figures([site.pk], Relocation.objects.all(), datetime.date(2026, 6, 1))[site.pk]
    # people: 4 current in one + 1 in two; working age (16–59, not in school): 1980, 1990, 1970
    assert figures == {"households": 2, "people": 5, "working_age": 3, "working": 2, "measures": 1}
    village_only = site_figures([site.pk], Relocation.objects.visible_to(cadre_a), datetime.date(2026, 6, 1))
    assert (village_only[site.pk]["households"], village_only[site.pk]["working"]) == (1, 2)


def test_pages_scope_roles_and_dashboard(
    client_for, regions, cadre_a, cadre_b, township_user, department_user, site
):
    own = make_site(township_user, regions["village_b"], name="联合村安置点")
    household = relocated(regions["village_a"], "")
    services.relocation_link(household=household, site=site, by=cadre_a)
    client = client_for(cadre_a)
    page = client.get(reverse("relocation:site_list")).content.decode()
    assert "栗子乡集中安置点" in page and "联合村安置点" not in page  # the site its household moved to
    assert client.get(reverse("relocation:site", args=[own.pk])).status_code == 404
    assert client.get(reverse("relocation:site", args=[site.pk])).status_code == 200
    assert client.get(reverse("relocation:site_add")).status_code == 403
    # cadre_b sees its township's site but not village_a's household; nor village_a's own site
    village_a_site = make_site(township_user, regions["village_a"], name="建龙村安置点")
    other = client_for(cadre_b)
    assert other.get(reverse("relocation:site", args=[village_a_site.pk])).status_code == 404
    assert (
        other.post(reverse("relocation:site_link", args=[village_a_site.pk]), {"household": "x"}).status_code
        == 404
    )
    response = other.post(reverse("relocation:site_link", args=[site.pk]), {"household": household.number})
    assert "本辖区内没有该户编号" in response.content.decode()
    client_for(cadre_a)
    for name, args in [
        ("relocation:site_list", []),
        ("relocation:dashboard", []),
        ("relocation:site", [site.pk]),
    ]:
        assert client_for(department_user).get(reverse(name, args=args)).status_code == 403
    response = client_for(township_user).get(reverse("relocation:dashboard"))
    html = response.content.decode()
    chart = json.loads(
        re.search(r'<script id="site-chart-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert chart["sites"][0] == "栗子乡集中安置点" and chart["households"][0] == 1 and chart["people"][0] == 1
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert "relocation/site_chart" in html


def test_link_page_keeps_input_on_refusal(client_for, regions, cadre_a, site):
    plain = HouseholdFactory(village=regions["village_a"])
    response = client_for(cadre_a).post(
        reverse("relocation:site_link", args=[site.pk]), {"household": plain.number, "moved_on": "2020-01-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "没有“易地扶贫搬迁”属性" in html and plain.number in html


def test_api_scope(regions, cadre_a, township_user, site):
    own = make_site(township_user, regions["village_b"], name="联合村安置点")
    services.relocation_link(household=relocated(regions["village_a"], ""), site=site, by=cadre_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cadre_a).key}")
    data = client.get("/api/v1/relocation-sites/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [(r["id"], r["households_moved"], r["people_moved"]) for r in rows] == [(site.pk, 1, 1)]
    assert client.get(f"/api/v1/relocation-sites/{own.pk}/").status_code == 404


def test_ledger_columns(regions, county_user, cadre_a, site):
    services.relocation_link(household=relocated(regions["village_a"], ""), site=site, by=cadre_a)
    ledger = LEDGERS["relocation_sites"]
    headers = [str(c.header) for c in ledger.columns]
    assert headers == [
        "乡镇（街道）", "村（社区）", "安置点名称", "安置方式", "建成年份", "规划安置户数", "规划安置人数",
        "已搬迁户数", "已搬迁人数", "劳动年龄人口", "务工人数", "后续帮扶措施（项）",
    ]  # fmt: skip
    (row,) = ledger.iter_cells(ledger.rows_for(county_user, Filters()), full_ids=True)
    assert row[2:] == ["栗子乡集中安置点", "集中安置", 2019, 100, 380, 1, 1, 1, 0, 0]
    assert not ledger.allowed(cadre_a)


def test_edit_and_link_from_flags_roles(client_for, regions, cadre_a, township_user, county_user):
    village_b_site = make_site(county_user, regions["village_b"], name="联合村安置点")
    other_township = make_site(county_user, regions["other_township"], name="江池镇安置点")
    edit = reverse("relocation:site_edit", args=[village_b_site.pk])
    assert client_for(cadre_a).get(edit).status_code == 403
    assert client_for(township_user).get(edit).status_code == 200
    assert (
        client_for(township_user).get(reverse("relocation:site_edit", args=[other_township.pk])).status_code
        == 404
    )
    assert client_for(cadre_a).post(reverse("relocation:link_from_flags")).status_code == 403
    household = relocated(regions["village_b"], "联合村安置点")
    response = client_for(township_user).post(reverse("relocation:link_from_flags"))
    assert response.status_code == 302
    assert Relocation.objects.get(household=household).site == village_b_site


def test_renaming_a_site_links_the_households_naming_it(regions, county_user, township_user):
    site = make_site(county_user, regions["township"], name="旧名")
    household = relocated(regions["village_a"], "栗子乡新区安置点")
    services.site_update(
        site=site, by=township_user, region=regions["township"], name="栗子乡新区安置点",
        kind=RelocationMode.CENTRALISED, planned_households=10, planned_people=30,
    )  # fmt: skip
    assert Relocation.objects.get(household=household).site == site
    assert site.history.count() == 2


def test_add_page_refuses_huge_figures_in_chinese_keeping_input(client_for, regions, township_user):
    client = client_for(township_user)
    data = {"name": "新安置点", "region": regions["township"].pk, "kind": RelocationMode.CENTRALISED,
            "planned_households": "99999999999999999999", "planned_people": "99999999999999999999", "completion_year": "2020"}  # fmt: skip
    response = client.post(reverse("relocation:site_add"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "新安置点" in page and "99999999999999999999" in page
    assert "invalid-feedback" in page
