from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from accounts.scope import require_role, user_may
from common.models import PolicySetting
from common.policies import policy_value
from regions.models import Region


def test_subtree_uses_the_path(regions):
    subtree = set(Region.objects.subtree_of(regions["township"]).values_list("name", flat=True))
    assert subtree == {"栗子乡", "建龙村", "联合村"}


def test_village_cadre_sees_only_own_village(cadre_a, regions):
    visible = set(Region.objects.visible_to(cadre_a))
    assert visible == {regions["village_a"]}


def test_township_sees_its_villages_not_other_townships(township_user, regions):
    visible = set(Region.objects.visible_to(township_user))
    assert visible == {regions["township"], regions["village_a"], regions["village_b"]}


def test_user_without_assignment_sees_nothing(nobody):
    assert not Region.objects.visible_to(nobody).exists()


def test_department_user_does_not_read_the_register(department_user):
    assert not Region.objects.visible_to(department_user).exists()


def test_row_without_region_is_for_superusers_only(county_user, superuser, regions):
    from django.contrib.auth.models import AnonymousUser

    # PolicySetting is a scoped model; its region is required, so scope on Region with a null
    # parent is the nearest case: the city row has no ancestor but is outside the county scope.
    assert regions["city"] not in Region.objects.visible_to(county_user)
    assert regions["city"] in Region.objects.visible_to(superuser)
    assert not Region.objects.visible_to(AnonymousUser()).exists()


def test_role_check_is_bounded_by_region(township_user, regions):
    assert user_may(township_user, Role.TOWNSHIP, region=regions["village_a"])
    assert not user_may(township_user, Role.TOWNSHIP, region=regions["village_c"])
    assert not user_may(township_user, Role.COUNTY)
    with pytest.raises(PermissionDenied):
        require_role(township_user, Role.COUNTY)


def test_anonymous_holds_no_role(regions):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not user_may(anonymous, Role.VILLAGE, Role.COUNTY, region=regions["village_a"])
    with pytest.raises(PermissionDenied):
        require_role(anonymous, Role.VILLAGE)


def test_policy_defaults_and_nearest_override(county_user, regions):
    assert policy_value("notice_days", regions["village_a"]) == Decimal(5)
    PolicySetting.objects.create(key="notice_days", region=regions["city"], value=6)
    PolicySetting.objects.create(key="notice_days", region=regions["county"], value=7)
    assert policy_value("notice_days", regions["village_a"]) == Decimal(7)
    assert policy_value("notice_days", regions["other_county"]) == Decimal(6)


def test_county_user_changes_a_policy_with_history(client_for, county_user, regions):
    client = client_for(county_user)
    url = reverse("policies:update", args=[regions["county"].code])
    response = client.post(url, {"key": "notice_days", "value": "7", "basis": "丰都县文件"})
    assert response.status_code == 302
    setting = PolicySetting.objects.get(key="notice_days", region=regions["county"])
    assert setting.value == 7
    assert setting.history.get().history_user == county_user
    page = client.get(reverse("policies:list", args=[regions["county"].code]))
    assert "丰都县文件" in page.content.decode()


def test_policy_below_minimum_is_refused_and_nothing_written(client_for, county_user, regions):
    client = client_for(county_user)
    url = reverse("policies:update", args=[regions["county"].code])
    response = client.post(url, {"key": "notice_days", "value": "0"}, follow=True)
    assert "取值不能小于" in response.content.decode()
    assert not PolicySetting.objects.exists()


def test_refused_policy_keeps_what_was_typed(client_for, county_user, regions):
    url = reverse("policies:update", args=[regions["county"].code])
    response = client_for(county_user).post(url, {"key": "notice_days", "value": "0", "basis": "县文件12号"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "取值不能小于" in str(form.non_field_errors())
    assert 'value="县文件12号"' in response.content.decode()


def test_viewer_may_read_but_not_change_policies(client_for, viewer, regions):
    client = client_for(viewer)
    assert client.get(reverse("policies:list", args=[regions["county"].code])).status_code == 200
    response = client.post(
        reverse("policies:update", args=[regions["county"].code]), {"key": "notice_days", "value": "9"}
    )
    assert response.status_code == 403
    assert not PolicySetting.objects.exists()


def test_other_county_is_not_found(client_for, county_user, regions):
    client = client_for(county_user)
    assert client.get(reverse("policies:list", args=[regions["other_county"].code])).status_code == 404
    response = client.post(
        reverse("policies:update", args=[regions["other_county"].code]), {"key": "notice_days", "value": "9"}
    )
    assert response.status_code == 404


def test_village_cadre_gets_403_on_policies(client_for, cadre_a, regions):
    client = client_for(cadre_a)
    assert client.get(reverse("policies:list", args=[regions["village_a"].code])).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
