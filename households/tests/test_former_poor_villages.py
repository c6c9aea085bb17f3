"""脱贫村 set by the county on a page of its own, with history (issue 20 item 7)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from common.errors import ServiceError
from households.services.villages import former_poor_village_set


def test_county_flags_a_village_with_its_exit_year_and_history(county_user, regions):
    village = former_poor_village_set(
        village=regions["village_a"], by=county_user, former_poor=True, exit_year=2017
    )
    village.refresh_from_db()
    assert (village.former_poor_village, village.former_poor_exit_year) == (True, 2017)
    last = village.history.first()
    assert (last.former_poor_village, last.history_user) == (True, county_user)
    former_poor_village_set(village=village, by=county_user, former_poor=False, exit_year=2017)
    village.refresh_from_db()
    assert (village.former_poor_village, village.former_poor_exit_year) == (False, None)


@pytest.mark.parametrize("year", [None, 2013, 2021])
def test_the_exit_year_is_required_and_within_the_campaign(county_user, regions, year):
    with pytest.raises(ServiceError, match="脱贫年度") as refused:
        former_poor_village_set(
            village=regions["village_a"], by=county_user, former_poor=True, exit_year=year
        )
    assert refused.value.field == "exit_year"


def test_only_villages_and_only_the_county(county_user, township_user, regions):
    with pytest.raises(ServiceError, match="村"):
        former_poor_village_set(village=regions["township"], by=county_user, former_poor=True, exit_year=2017)
    with pytest.raises(PermissionDenied):
        former_poor_village_set(
            village=regions["village_a"], by=township_user, former_poor=True, exit_year=2017
        )


def test_the_page_saves_for_the_county(client_for, county_user, regions):
    client = client_for(county_user)
    page = client.get(reverse("households:former_poor_villages")).content.decode()
    assert "建龙村" in page and "徐坪村" in page
    response = client.post(
        reverse("households:former_poor_village", args=["500230201201"]),
        {"former_poor": "on", "exit_year": "2018"},
    )
    assert response.status_code == 302
    regions["village_a"].refresh_from_db()
    assert regions["village_a"].former_poor_village
    only = client.get(reverse("households:former_poor_villages"), {"only": "1"}).content.decode()
    assert "建龙村" in only and "徐坪村" not in only


def test_township_reads_but_cannot_save(client_for, township_user, regions):
    client = client_for(township_user)
    page = client.get(reverse("households:former_poor_villages")).content.decode()
    assert "建龙村" in page and "徐坪村" not in page
    assert reverse("households:former_poor_village", args=["500230201201"]) not in page  # no save form
    response = client.post(
        reverse("households:former_poor_village", args=["500230201201"]),
        {"former_poor": "on", "exit_year": "2018"},
    )
    assert response.status_code == 403


def test_a_village_outside_scope_is_404(client_for, cadre_a, county_user, regions):
    response = client_for(county_user).post(
        reverse("households:former_poor_village", args=["500243000000"]),
        {"former_poor": "on", "exit_year": "2018"},
    )
    assert response.status_code == 404


def test_refused_to_roles_without_the_register(client_for, department_user):
    assert client_for(department_user).get(reverse("households:former_poor_villages")).status_code == 403


def test_a_refused_save_keeps_what_was_typed_on_its_row(client_for, county_user, regions):
    client = client_for(county_user)
    url = reverse("households:former_poor_village", args=[regions["village_a"].code])
    listing = reverse("households:former_poor_villages") + "?only=0"
    response = client.post(url, {"former_poor": "on", "exit_year": "2023", "next": listing}, follow=True)
    page = response.content.decode()
    assert "请填写脱贫年度" in page
    row = page.split(f'id="fy-{regions["village_a"].code}"')[1].split(">")[0]
    assert (
        'value="2023"' in row and "is-invalid" in page.split(f'id="fy-{regions["village_a"].code}"')[0][-200:]
    )
    assert f'id="fp-{regions["village_a"].code}" checked' in page
    regions["village_a"].refresh_from_db()
    assert regions["village_a"].former_poor_village is False  # nothing saved
    other = regions["village_b"].code
    assert 'value=""' in page.split(f'id="fy-{other}"')[1].split(">")[0]  # other rows as stored
