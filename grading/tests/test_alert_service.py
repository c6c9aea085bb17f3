"""Area alerts: each kind crosses its threshold once (idempotent), notifications, follow-up services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ServiceError
from common.models import Notification, PolicySetting
from grading.models import AreaAlert, AreaAlertNote
from grading.services.alerts import alert_acknowledge, alert_close, alert_note_add, alerts_evaluate, crossings

from .alert_helpers import clue, graded, income

pytestmark = pytest.mark.django_db


def test_grade_share_crosses_once_and_rerun_opens_nothing(regions, township_user, county_user):
    village = regions["village_a"]
    graded(village, "red", 3)
    graded(village, "orange", 2)
    graded(village, "green", 15)  # 5 of 20 = 25% < 30%
    assert alerts_evaluate() == []
    graded(village, "red", 2)  # 7 of 22 = 31.8%
    opened = alerts_evaluate()
    # The village crosses; the township (only village A is graded) has the same households.
    by_region = {a.region_id: a for a in opened}
    assert set(by_region) == {village.pk, regions["township"].pk}
    alert = by_region[village.pk]
    assert (alert.kind, alert.households_count, alert.base_count) == ("grade_share", 7, 22)
    assert alert.households.count() == 7
    assert "红、橙等级户 7 户" in alert.summary
    assert alerts_evaluate() == []  # the same day again
    graded(village, "red", 1)
    assert alerts_evaluate() == []  # still above: the active alert stands
    assert AreaAlert.objects.count() == 2


def test_small_villages_need_the_minimum_households(regions):
    graded(regions["village_a"], "red", 4)  # 100% but fewer than 5 households
    assert crossings() == []


def test_township_alert_from_several_villages(regions):
    PolicySetting.objects.create(key="alert_min_households", region=regions["county"], value=4)
    graded(regions["village_a"], "red", 3)
    graded(regions["village_a"], "green", 7)  # 30% in A, below the minimum of 4
    graded(regions["village_b"], "red", 3)
    graded(regions["village_b"], "green", 7)
    found = {(c.region.level, c.kind): c for c in crossings()}
    assert set(found) == {("township", "grade_share")}
    assert (found[("township", "grade_share")].count, found[("township", "grade_share")].base) == (6, 20)


def test_clue_surge_per_risk_type_within_the_window(regions):
    households = graded(regions["village_a"], "green", 40)
    for household in households[:5]:
        clue(household, "因自然灾害")
    clue(households[5], "因自然灾害", found_on=datetime.date(2026, 6, 1))  # outside 30 days
    for household in households[6:9]:
        clue(household, "因病")  # 3: under the minimum
    found = [c for c in crossings() if c.region == regions["village_a"]]
    assert [(c.kind, c.subject, c.count) for c in found] == [("clue_surge", "因自然灾害", 5)]
    alert = next(a for a in alerts_evaluate() if a.region == regions["village_a"])
    assert alert.subject_label == "因自然灾害"
    assert "近 30 天新增“因自然灾害”预警线索 5 户" in alert.summary
    assert set(alert.households.values_list("pk", flat=True)) == {h.pk for h in households[:5]}


def test_income_drop_counts_households_entered_in_the_window(regions):
    households = graded(regions["village_a"], "green", 20)
    for household in households[:6]:
        income(household, 12000, 2025)
        income(household, 9000, 2026)  # -25%
    for household in households[6:10]:
        income(household, 12000, 2025)
        income(household, 11000, 2026)  # -8%: no drop
    found = [c for c in crossings() if c.region == regions["village_a"]]
    assert [(c.kind, c.count) for c in found] == [("income_drop", 6)]


def test_closed_alert_reopens_only_after_the_window(regions, township_user, frozen_today):
    graded(regions["village_a"], "red", 6)
    alert = next(a for a in alerts_evaluate() if a.region == regions["village_a"])
    alert_close(alert=alert, by=township_user, note="已逐户走访")
    assert alerts_evaluate() == []
    frozen_today.shift(datetime.timedelta(days=31))
    # The village's alert opens again; the township's was never closed and still stands.
    assert [a.region_id for a in alerts_evaluate()] == [regions["village_a"].pk]


def test_township_and_county_are_told_once(regions, township_user, county_user, cadre_a):
    graded(regions["village_a"], "red", 6)
    opened = alerts_evaluate()
    village_alert = next(a for a in opened if a.region == regions["village_a"])
    notes = Notification.objects.filter(kind="area_alert", dedupe_key=f"area-alert:{village_alert.pk}")
    assert set(notes.values_list("recipient__username", flat=True)) == {"township_user", "county_user"}
    assert not Notification.objects.filter(recipient=cadre_a).exists()
    alerts_evaluate()
    assert Notification.objects.filter(kind="area_alert").count() == 2 * len(opened)


def test_acknowledge_note_and_close(regions, township_user, cadre_a):
    graded(regions["village_a"], "red", 6)
    alert = next(a for a in alerts_evaluate() if a.region == regions["village_a"])
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, by=cadre_a)
    alert_acknowledge(alert=alert, by=township_user, note="已安排逐户核查")
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", township_user)
    with pytest.raises(ServiceError):
        alert_acknowledge(alert=alert, by=township_user)  # not twice
    alert_note_add(alert=alert, by=township_user, text="已走访 3 户")
    with pytest.raises(ServiceError) as refused:
        alert_close(alert=alert, by=township_user, note=" ")
    assert refused.value.field == "note"
    alert_close(alert=alert, by=township_user, note="已纳入监测 2 户")
    alert.refresh_from_db()
    assert (alert.status, alert.close_note, alert.closed_by) == ("closed", "已纳入监测 2 户", township_user)
    assert list(AreaAlertNote.objects.filter(alert=alert).values_list("text", flat=True)) == [
        "已安排逐户核查",
        "已走访 3 户",
    ]
    with pytest.raises(ServiceError):
        alert_note_add(alert=alert, by=township_user, text="晚了")
    assert [h.status for h in alert.history.order_by("history_id")][-2:] == ["acknowledged", "closed"]
    assert alert.history.order_by("-history_id").first().history_user == township_user


def test_other_township_may_not_follow_up(regions, township_user):
    from conftest import make_user

    other = make_user("other_tw", "township", regions["other_township"])
    graded(regions["village_a"], "red", 6)
    alert = next(a for a in alerts_evaluate() if a.region == regions["village_a"])
    with pytest.raises(PermissionDenied):
        alert_note_add(alert=alert, by=other, text="x")
