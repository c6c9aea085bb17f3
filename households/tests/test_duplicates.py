"""Duplicate candidates (issue 18 item 6): each reason, the score order, 不是同一对象 remembered,
merges through the services, the pages' and API's scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from common.errors import Conflict, ServiceError
from common.models import Job
from conftest import make_user
from households.choices import Relationship
from households.duplicates import name_keys
from households.idnumbers import synthetic_id
from households.models import DuplicateCandidate, HouseholdFlag, Member, MemberTransfer, Visit
from households.services import (
    duplicate_merge,
    duplicate_not_same,
    duplicates_find,
    duplicates_find_launch,
)

from .conftest import member_data

C = DuplicateCandidate
BORN = datetime.date(1975, 4, 2)


def _find(regions):
    return duplicates_find(regions["county"])


def _pairs(kind=C.Kind.MEMBER, status=C.Status.OPEN):
    return list(C.objects.filter(kind=kind, status=status).order_by("-score", "pk"))


def _member(household, **data):
    return Member.objects.get(household=household, name=data["name"])


@pytest.fixture
def twin(cadre_a, make_household):
    """``twin(name_a, name_b, ...)``: two households of village A, one member each with these
    names (same birth date by default), returned as the two members."""

    def make(name_a, name_b, *, born_b=BORN, id_b=None, village_b="village_a", by_b=None, phones=("", "")):
        h1 = make_household(cadre_a, "village_a", member_data(name=name_a, born=BORN), phone=phones[0])
        extra = {"id_number": id_b} if id_b else {}
        h2 = make_household(
            by_b or cadre_a, village_b, member_data(name=name_b, born=born_b, **extra), phone=phones[1]
        )
        return h1.members.get(), h2.members.get()

    return make


def test_name_keys_fold_traditional_and_sound():
    assert name_keys("張偉") == ("张伟", "zhangwei")
    assert name_keys("章伟")[1] == "zhangwei"
    assert name_keys(" 李 明 ") == ("李明", "liming")


def test_same_name_and_birth_date_in_another_household(regions, twin):
    a, b = twin("王建国", "王建国")
    _find(regions)
    [pair] = _pairs()
    assert (pair.member_a, pair.member_b) == (a, b)
    assert pair.reasons == ["name_birth"]
    assert pair.reason_texts == ["姓名与出生日期相同"]
    assert pair.region == regions["village_a"] and pair.county == regions["county"]


def test_same_name_other_birth_date_is_no_candidate(regions, twin):
    twin("王建国", "王建国", born_b=datetime.date(1976, 4, 2))
    _find(regions)
    assert not _pairs()


def test_traditional_and_pinyin_variants(regions, twin):
    twin("張偉", "张伟")
    twin("李明", "黎明")
    _find(regions)
    pairs = _pairs()
    assert len(pairs) == 2
    assert {tuple(p.reasons) for p in pairs} == {("name_variant",)}
    assert pairs[0].reason_texts == ["姓名繁简/拼音相同，出生日期相同"]


@pytest.fixture
def legacy_pair(cadre_a, make_household):
    a_id = synthetic_id("500230", datetime.date(2005, 4, 2), 31, True)
    b_id = synthetic_id("500230", datetime.date(1905, 4, 2), 31, True)
    h1 = make_household(cadre_a, "village_a", member_data(name="赵一", id_number=a_id))
    h2 = make_household(cadre_a, "village_a", member_data(name="钱二", id_number=b_id))
    return h1.members.get(), h2.members.get()


def test_legacy_number_reason(regions, legacy_pair):
    _find(regions)
    [pair] = _pairs()
    assert pair.reasons == ["legacy_id"]
    assert pair.reason_texts == ["15位旧身份证号与另一人的18位身份证号一致"]
    assert pair.score == 90


def test_same_phone_households(regions, cadre_a, make_household):
    h1 = make_household(cadre_a, "village_a", member_data(name="周大山"), phone="13912345678")
    h2 = make_household(
        cadre_a, "village_a", member_data(name="周大山", born=datetime.date(1990, 1, 1)), phone="13912345678"
    )
    h3 = make_household(cadre_a, "village_a", member_data(name="吴小芳"), phone="13912345678")
    _find(regions)
    pairs = _pairs(C.Kind.HOUSEHOLD)
    assert [(p.household_a, p.household_b) for p in pairs] == [(h1, h2), (h1, h3), (h2, h3)]
    assert pairs[0].reasons == ["head_name", "phone"] and pairs[0].score == 70
    assert pairs[1].reason_texts == ["联系电话相同"] and pairs[1].score == 40


def test_score_order_and_combined_reasons(regions, cadre_a, make_household, twin):
    twin("孙文斌", "孙文斌")  # 70
    twin("張偉", "张伟")  # 60
    a_id = synthetic_id("500230", datetime.date(2005, 4, 2), 41, True)
    b_id = synthetic_id("500230", datetime.date(1905, 4, 2), 41, True)
    make_household(cadre_a, "village_a", member_data(name="马强", id_number=a_id))
    make_household(cadre_a, "village_a", member_data(name="马强", id_number=b_id))  # legacy only
    _find(regions)
    assert [p.score for p in _pairs()] == [90, 70, 60]


def test_cross_village_pair_belongs_to_the_township(regions, twin, cadre_b):
    twin("郑光荣", "郑光荣", village_b="village_b", by_b=cadre_b)
    _find(regions)
    [pair] = _pairs()
    assert pair.region == regions["township"]


def test_not_same_is_remembered(regions, twin, cadre_a):
    twin("王建国", "王建国")
    _find(regions)
    [pair] = _pairs()
    duplicate_not_same(candidate=pair, by=cadre_a, note="同名同生日，两个人")
    counts = _find(regions)
    assert counts["kept"] == 1 and counts["new"] == 0
    pair.refresh_from_db()
    assert pair.status == C.Status.NOT_SAME and pair.resolved_by == cadre_a
    assert not _pairs()
    assert pair.history.first().history_user == cadre_a
    with pytest.raises(Conflict):
        duplicate_not_same(candidate=pair, by=cadre_a, note="again")


def test_not_same_needs_a_note(regions, twin, cadre_a):
    twin("王建国", "王建国")
    _find(regions)
    with pytest.raises(ServiceError) as err:
        duplicate_not_same(candidate=_pairs()[0], by=cadre_a, note=" ")
    assert err.value.field == "note"


def test_pair_no_longer_found_is_gone_then_back(regions, twin, cadre_a):
    from households.services import member_update

    a, b = twin("王建国", "王建国")
    _find(regions)
    data = member_data(name="王建设", id_number=b.id_number)
    data["relationship"] = Relationship.HEAD
    member_update(member=b, by=cadre_a, data=data)
    _find(regions)
    assert C.objects.get().status == C.Status.GONE
    member_update(member=b, by=cadre_a, data={**data, "name": "王建国"})
    _find(regions)
    assert C.objects.get().status == C.Status.OPEN


def test_find_is_idempotent(regions, twin):
    twin("王建国", "王建国")
    _find(regions)
    counts = _find(regions)
    assert counts == {"found": 1, "new": 0, "changed": 0, "gone": 0, "kept": 0}
    assert C.objects.count() == 1


def test_member_merge_moves_references_and_ends_the_other(regions, cadre_a, make_household):
    h1 = make_household(
        cadre_a, "village_a", member_data(name="户主甲"), member_data(Relationship.SON, name="王小明")
    )
    h2 = make_household(
        cadre_a, "village_a", member_data(name="户主乙"), member_data(Relationship.SON, name="王小明")
    )
    kept, dropped = h1.members.get(name="王小明"), h2.members.get(name="王小明")
    # Rows of a higher app that point at the member (moved by the merge without an import): one
    # moves, one the kept member already has stays with the ended record.
    from grading.models import GroupKind, MemberGroup

    start = datetime.date(2024, 1, 1)
    kinds = list(GroupKind.values)
    MemberGroup.objects.create(member=kept, kind=kinds[0], start=start, source="manual")
    clash = MemberGroup.objects.create(member=dropped, kind=kinds[0], start=start, source="manual")
    moves = MemberGroup.objects.create(member=dropped, kind=kinds[1], start=start, source="manual")
    _find(regions)
    [pair] = _pairs()
    keep = "a" if pair.member_a == kept else "b"
    duplicate_merge(candidate=pair, by=cadre_a, keep=keep, note="同一人两处登记")
    dropped.refresh_from_db()
    assert dropped.removed_on and dropped.removal_reason == Member.RemovalReason.DUPLICATE
    assert dropped.history.first().history_user == cadre_a
    h2.refresh_from_db()
    assert h2.member_count == 1
    moves.refresh_from_db()
    clash.refresh_from_db()
    assert (moves.member_id, clash.member_id) == (kept.pk, dropped.pk)
    pair.refresh_from_db()
    assert pair.status == C.Status.MERGED and pair.kept == keep
    _find(regions)
    pair.refresh_from_db()
    assert pair.status == C.Status.MERGED and not _pairs()


def test_member_merge_refuses_to_end_a_head_with_others(regions, cadre_a, make_household):
    h1 = make_household(cadre_a, "village_a", member_data(name="王建国"))
    make_household(
        cadre_a, "village_a", member_data(name="王建国"), member_data(Relationship.SPOUSE, male=False)
    )
    _find(regions)
    [pair] = _pairs()
    drop_h2 = "a" if pair.household_a == h1 else "b"
    with pytest.raises(ServiceError) as err:
        duplicate_merge(candidate=pair, by=cadre_a, keep=drop_h2)
    assert err.value.code == "head_merge"
    assert Member.objects.filter(removed_on__isnull=True).count() == 3


def test_household_merge_moves_members_and_open_records(regions, cadre_a, make_household):
    from households.services import flag_set, visit_record  # noqa: F401

    kept = make_household(cadre_a, "village_a", member_data(name="周大山"), phone="13912345678")
    other = make_household(
        cadre_a,
        "village_a",
        member_data(name="周大山", born=datetime.date(1990, 1, 1)),
        member_data(Relationship.SPOUSE, male=False, name="李秀英"),
        phone="13912345678",
    )
    HouseholdFlag.objects.create(household=other, kind="dibao", start_date=datetime.date(2024, 1, 1))
    visit = Visit.objects.create(
        household=other,
        visited_on=datetime.date(2025, 3, 1),
        visitor=cadre_a,
        food_clothing="secure",
        education="secure",
        medical="secure",
        housing="secure",
        water="secure",
    )
    _find(regions)
    [pair] = _pairs(C.Kind.HOUSEHOLD)
    keep = "a" if pair.household_a == kept else "b"
    duplicate_merge(candidate=pair, by=cadre_a, keep=keep)
    other.refresh_from_db()
    kept.refresh_from_db()
    assert other.merged_into == kept and other.member_count == 0
    assert kept.member_count == 3
    moved = MemberTransfer.objects.filter(from_household=other, to_household=kept)
    assert {(t.old_relationship, t.new_relationship) for t in moved} == {("户主", "其他"), ("配偶", "配偶")}
    assert HouseholdFlag.objects.get(kind="dibao").household == kept
    visit.refresh_from_db()
    assert visit.household == kept
    assert other.history.first().history_user == cadre_a
    # The closed household drops out of the next search.
    _find(regions)
    assert not _pairs(C.Kind.HOUSEHOLD)


def test_merge_is_all_or_nothing_on_a_clash(regions, cadre_a, make_household, monkeypatch):
    from households.services import duplicates as service

    kept = make_household(cadre_a, "village_a", member_data(name="周大山"), phone="13912345678")
    other = make_household(cadre_a, "village_a", member_data(name="吴小芳"), phone="13912345678")
    _find(regions)
    [pair] = _pairs(C.Kind.HOUSEHOLD)

    def clash(*args, **kwargs):
        raise ServiceError("两条记录都有“监测对象”且不能并存，请先处理后再合并。", code="merge_clash")

    monkeypatch.setattr(service, "move_references", clash)
    with pytest.raises(ServiceError):
        duplicate_merge(candidate=pair, by=cadre_a, keep="a" if pair.household_a == kept else "b")
    other.refresh_from_db()
    assert other.merged_into is None and other.members.current().count() == 1
    assert not MemberTransfer.objects.exists()
    pair.refresh_from_db()
    assert pair.status == C.Status.OPEN


def test_two_open_cases_refuse_the_household_merge(regions, cadre_a, make_household):
    """The monitoring cases move through the generic mover; two open ones cannot share a household."""
    from monitoring.models import Case
    from monitoring.services import case_nominate

    kept = make_household(cadre_a, "village_a", member_data(name="周大山"), phone="13912345678")
    other = make_household(cadre_a, "village_a", member_data(name="吴小芳"), phone="13912345678")
    for household in (kept, other):
        case_nominate(
            household=household, by=cadre_a, category="边缘易致贫户", risks=[("因病", "")],
            channel="干部走访排查", found_on=datetime.date.today(), evidence="住院",
        )  # fmt: skip
    _find(regions)
    [pair] = _pairs(C.Kind.HOUSEHOLD)
    with pytest.raises(ServiceError) as err:
        duplicate_merge(candidate=pair, by=cadre_a, keep="a" if pair.household_a == kept else "b")
    assert err.value.code == "merge_clash" and "不能并存" in err.value.message
    assert Case.objects.filter(household=other).count() == 1
    other.refresh_from_db()
    assert other.merged_into is None and other.members.current().count() == 1
    assert not MemberTransfer.objects.exists()


def test_resolver_roles(regions, twin, cadre_b, township_user, county_user, viewer):
    twin("王建国", "王建国")
    _find(regions)
    [pair] = _pairs()
    for user in (cadre_b, township_user, county_user, viewer):
        with pytest.raises(PermissionDenied):
            duplicate_not_same(candidate=pair, by=user, note="x")


def test_township_resolves_a_cross_village_pair(regions, twin, cadre_a, cadre_b, township_user):
    twin("郑光荣", "郑光荣", village_b="village_b", by_b=cadre_b)
    _find(regions)
    [pair] = _pairs()
    with pytest.raises(PermissionDenied):
        duplicate_not_same(candidate=pair, by=cadre_a, note="x")
    duplicate_merge(candidate=pair, by=township_user, keep="a")
    assert Member.objects.filter(removal_reason=Member.RemovalReason.DUPLICATE).count() == 1


def test_launch_queues_a_job(regions, twin, county_user, cadre_a, django_capture_on_commit_callbacks):
    twin("王建国", "王建国")
    with django_capture_on_commit_callbacks(execute=True):
        job = duplicates_find_launch(county=regions["county"], by=county_user)
    job.refresh_from_db()
    assert job.status == "done" and "1" in job.message
    assert C.objects.count() == 1
    with pytest.raises(PermissionDenied):
        duplicates_find_launch(county=regions["county"], by=cadre_a)


def test_a_second_launch_while_one_waits_returns_the_same_job(regions, county_user):
    """重新查找 clicked twice before the search ran: one job (its progress page), not two searches."""
    first = duplicates_find_launch(county=regions["county"], by=county_user)  # not committed: pending
    assert duplicates_find_launch(county=regions["county"], by=county_user) == first
    assert Job.objects.count() == 1
    first.status = "done"
    first.save(update_fields=["status"])
    assert duplicates_find_launch(county=regions["county"], by=county_user) != first


# -- pages and API -------------------------------------------------------------------------------


@pytest.fixture
def found(regions, twin, cadre_b):
    twin("王建国", "王建国")
    twin("郑光荣", "郑光荣", village_b="village_b", by_b=cadre_b)
    _find(regions)
    return {p.region.level: p for p in C.objects.select_related("region")}


def test_list_page_scope(client_for, found, cadre_a, cadre_b, township_user, regions, twin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("households:duplicates")
    page = client_for(cadre_a).get(url)
    assert page.status_code == 200
    assert list(page.context["page_obj"]) == [found["village"]]
    assert list(client_for(cadre_b).get(url).context["page_obj"]) == []
    client = client_for(township_user)
    with CaptureQueriesContext(connection) as two:
        page = client.get(url)
    assert len(page.context["page_obj"]) == 2
    assert "姓名与出生日期相同" in page.content.decode()
    for name in ("孙文斌", "马强", "周大山"):
        twin(name, name)
    _find(regions)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url)
    assert len(page.context["page_obj"]) == 5
    assert len(five.captured_queries) == len(two.captured_queries)  # no query per row


def test_list_page_forbidden_without_register_role(client_for, found, department_user):
    assert client_for(department_user).get(reverse("households:duplicates")).status_code == 403


def test_pair_page_masks_for_township(client_for, found, township_user, cadre_a):
    pair = found["township"]
    page = client_for(township_user).get(reverse("households:duplicate", args=[pair.pk]))
    body = page.content.decode()
    assert pair.member_a.id_number not in body and pair.member_a.id_number[:6] in body
    assert "data-confirm" in body  # the township resolves this one: the merge button asks first
    assert client_for(cadre_a).get(reverse("households:duplicate", args=[pair.pk])).status_code == 404


def test_pair_page_other_village_404(client_for, found, cadre_b):
    pair = found["village"]
    assert client_for(cadre_b).get(reverse("households:duplicate", args=[pair.pk])).status_code == 404
    url = reverse("households:duplicate_resolve", args=[pair.pk, "not_same"])
    assert client_for(cadre_b).post(url, {"note": "x"}).status_code == 404


def test_wrong_role_403_on_resolve(client_for, found, township_user, viewer):
    pair = found["village"]
    url = reverse("households:duplicate_resolve", args=[pair.pk, "merge"])
    assert client_for(township_user).post(url, {"keep": "a"}).status_code == 403
    assert client_for(viewer).post(url, {"keep": "a"}).status_code == 403
    pair.refresh_from_db()
    assert pair.status == C.Status.OPEN


def test_resolve_through_the_page(client_for, found, cadre_a):
    pair = found["village"]
    client = client_for(cadre_a)
    url = reverse("households:duplicate_resolve", args=[pair.pk, "not_same"])
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200 and "请说明核实情况" in refused.content.decode()
    done = client.post(url, {"note": "两个人"})
    assert done.status_code == 302
    pair.refresh_from_db()
    assert pair.status == C.Status.NOT_SAME
    merge = client.post(reverse("households:duplicate_resolve", args=[pair.pk, "merge"]), {"keep": "a"})
    assert merge.status_code == 409 and "已处理" in merge.content.decode()  # someone resolved it first


def test_api_scope(client_for, found, cadre_a, township_user, department_user):
    url = "/api/v1/duplicates/"
    rows = client_for(cadre_a).get(url).json()["results"]
    assert [r["id"] for r in rows] == [found["village"].pk]
    assert rows[0]["reason_texts"] == ["姓名与出生日期相同"]
    assert len(client_for(township_user).get(url).json()["results"]) == 2
    answer = client_for(department_user).get(url)
    assert (answer.status_code, answer.json().get("results")) == (200, [])


def test_api_masks_ids_for_township(client_for, found, township_user):
    rows = client_for(township_user).get("/api/v1/duplicates/").json()["results"]
    pair = found["township"]
    text = str(rows)
    assert pair.member_a.id_number not in text


def test_other_county_user_sees_nothing(client_for, found, regions):
    other = make_user("other_county", Role.COUNTY, regions["other_county"])
    assert client_for(other).get("/api/v1/duplicates/").json()["results"] == []


def test_ledger_lists_pairs_in_scope(client_for, found, cadre_a, township_user):
    from ledgers.tests.conftest import download, read_book, sheet_rows

    def rows(user):
        response = client_for(user).post(reverse("ledgers:export", args=["duplicates"]), {})
        assert response.status_code == 200
        return sheet_rows(read_book(download(response)).worksheets[0])

    mine = rows(cadre_a)
    assert mine[1][:4] == ["乡镇（街道）", "村（社区）", "类别", "甲方户编号"]
    [row] = mine[2:]
    assert row[2] == "人员" and row[4] == "王建国" and row[9] == 70 and row[10] == "姓名与出生日期相同"
    assert len(rows(township_user)[2:]) == 2


def test_demo_plants_and_resolves_every_state(db):
    from accounts import demo as accounts_demo
    from households import demo
    from regions import demo as regions_demo

    regions_demo.build()
    accounts_demo.build()
    demo.build(households=700, seed=7)
    statuses = set(C.objects.values_list("status", flat=True))
    assert {C.Status.OPEN, C.Status.NOT_SAME, C.Status.MERGED} <= statuses
    reasons = {code for row in C.objects.values_list("reasons", flat=True) for code in row}
    assert {"name_birth", "name_variant", "legacy_id", "phone"} <= reasons
    assert Member.objects.filter(removal_reason=Member.RemovalReason.DUPLICATE).count() == 1


def test_find_again_from_the_page(
    client_for, regions, twin, county_user, cadre_a, django_capture_on_commit_callbacks
):
    twin("王建国", "王建国")
    url = reverse("households:duplicates_find")
    county = regions["county"].pk
    assert client_for(cadre_a).post(url, {"county": county}).status_code == 403
    client = client_for(county_user)
    assert f'value="{county}"' in client.get(reverse("households:duplicates")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {"county": county})
    assert answer.status_code == 302 and "/jobs/" in answer["Location"]
    assert C.objects.filter(status=C.Status.OPEN).count() == 1


def test_nightly_task_searches_every_county(regions, twin, settings):
    from households.tasks import find_duplicates_nightly

    twin("王建国", "王建国")
    assert find_duplicates_nightly.delay().get() == 1  # eager in tests
    assert C.objects.get().county == regions["county"]
    beat = settings.CELERY_BEAT_SCHEDULE["households-find-duplicates"]
    assert beat["task"] == "households.tasks.find_duplicates_nightly"


def test_a_merged_household_leaves_the_household_list(client_for, cadre_a, make_household):
    from households.models import Household

    kept, closed = make_household(cadre_a), make_household(cadre_a)
    Household.objects.filter(pk=closed.pk).update(merged_into=kept)
    html = client_for(cadre_a).get(reverse("households:list")).content.decode()
    assert reverse("households:detail", args=[kept.pk]) in html
    assert reverse("households:detail", args=[closed.pk]) not in html
