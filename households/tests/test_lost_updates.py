"""No lost updates: a stale edit is refused with 409 "已被他人修改", parallel writers keep the
derived fields (member_count, head_name) true."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from common.errors import Conflict
from conftest import require_or_skip
from households.choices import Relationship
from households.models import Household, Member
from households.services import household_update
from households.tests.conftest import member_data


def current_pairs(household):
    return [
        (m, {**member_data(m.relationship), "name": m.name, "id_number": m.id_number})
        for m in Member.objects.current().filter(household=household).order_by("pk")
    ]


def test_a_stale_household_edit_is_refused_saying_what_changed(cadre_a, make_household):
    household = make_household(cadre_a)
    seen = household.updated_at.isoformat()
    household_update(household=household, by=cadre_a, data={"phone": "13900002222", "version": seen})
    with pytest.raises(Conflict) as stale:
        household_update(household=household, by=cadre_a, data={"address": "二组", "version": seen})
    assert "已被他人修改" in stale.value.message and "联系电话" in stale.value.message
    household.refresh_from_db()
    assert household.address != "二组"


def test_a_current_version_saves(cadre_a, make_household):
    household = make_household(cadre_a)
    saved = household_update(
        household=household, by=cadre_a, data={"phone": "13900002222", "version": household.updated_at}
    )
    assert saved.phone == "13900002222"


def test_a_member_change_moves_the_version(cadre_a, make_household):
    household = make_household(cadre_a)
    seen = household.updated_at
    pairs = current_pairs(household) + [(None, member_data(Relationship.SON))]
    household_update(household=household, by=cadre_a, data={}, members=pairs)
    with pytest.raises(Conflict, match="已被他人修改"):
        household_update(household=household, by=cadre_a, data={"phone": "13900003333", "version": seen})


def posted(form) -> dict:
    """What the browser would send back for an unbound form, as rendered."""
    data = {}
    for field in form:
        value = field.value()
        if value is False or value is None:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def test_the_edit_page_carries_the_version_and_shows_the_conflict(client_for, cadre_a, make_household):
    household = make_household(cadre_a)
    client = client_for(cadre_a)
    url = reverse("households:edit", args=[household.pk])
    page = client.get(url)
    assert f'value="{household.updated_at.isoformat()}"' in page.content.decode()
    data = posted(page.context["form"])
    formset = page.context["formset"]
    data.update({f"members-{k}": v for k, v in formset.management_form.initial.items()})
    for form in formset.forms:
        data.update(posted(form))
    household_update(household=household, by=cadre_a, data={"phone": "13900002222"})  # someone else
    response = client.post(url, {**data, "address": "三组"})
    assert response.status_code == 409  # the page says so, like the API
    assert "已被他人修改" in response.content.decode() and "联系电话" in response.content.decode()
    household.refresh_from_db()
    assert household.address != "三组"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_member_list_writers_keep_count_and_head_true(regions, cadre_a):
    """Each writer sends the member list it read plus one new member (the issue's PATCH race)."""
    if connection.vendor != "postgresql":
        require_or_skip("row locks need PostgreSQL; SQLite serialises writers")
    from households.services import household_create

    household = household_create(
        by=cadre_a,
        village=regions["village_a"],
        data={},
        members=[member_data(), member_data(Relationship.SPOUSE, male=False)],
    )
    cadre_a.assignments  # noqa: B018 - roles loaded before the race, like a request would
    read = current_pairs(household)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def write(n: int) -> None:
        try:
            stale = Household.objects.select_related("village").get(pk=household.pk)
            pairs = [(m, dict(d)) for m, d in read] + [(None, member_data(Relationship.OTHER, name=f"新{n}"))]
            barrier.wait(timeout=30)
            household_update(household=stale, by=cadre_a, data={}, members=pairs)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == ["conflict"] * 19 + ["ok"]
    household.refresh_from_db()
    current = Member.objects.current().filter(household=household)
    assert household.member_count == current.count() == 3
    assert household.head_name == current.get(relationship=Relationship.HEAD).name


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_edits_of_one_field_with_a_version_make_one_change(regions, cadre_a):
    if connection.vendor != "postgresql":
        require_or_skip("row locks need PostgreSQL; SQLite serialises writers")
    from households.services import household_create

    household = household_create(by=cadre_a, village=regions["village_a"], data={}, members=[member_data()])
    cadre_a.assignments  # noqa: B018
    seen = household.updated_at
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def write(n: int) -> None:
        try:
            stale = Household.objects.select_related("village").get(pk=household.pk)
            barrier.wait(timeout=30)
            household_update(household=stale, by=cadre_a, data={"address": f"{n}号", "version": seen})
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == ["conflict"] * 19 + ["ok"]
