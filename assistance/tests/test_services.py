import datetime

import pytest
from django.core.exceptions import PermissionDenied

from assistance import services
from assistance.models import CaseContact, Contact, Measure, MeasureCategory
from common.errors import Conflict, ServiceError
from households.tests.factories import MemberFactory
from monitoring.models import Case


def category(code="health"):
    return MeasureCategory.objects.get(code=code)


def create(case, by, **fields):
    return services.measure_create(case=case, by=by, category=category(), content="慢病签约服务", **fields)


def test_create_start_complete_writes_a_history_row_each(case_a, cadre_a):
    measure = create(case_a, cadre_a, amount=1200, planned_end=datetime.date(2026, 6, 30))
    services.measure_start(measure=measure, by=cadre_a, actual_start=datetime.date(2026, 2, 1))
    services.measure_complete(
        measure=measure, by=cadre_a, actual_end=datetime.date(2026, 3, 1), effect="已报销"
    )
    measure.refresh_from_db()
    assert measure.status == Measure.Status.COMPLETED
    assert (measure.actual_start, measure.actual_end, measure.effect) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
        "已报销",
    )
    records = list(measure.history.order_by("history_id"))
    assert [r.status for r in records] == ["planned", "implementing", "completed"]
    assert {r.history_user for r in records} == {cadre_a}


def test_complete_refused_from_planned(case_a, cadre_a):
    measure = create(case_a, cadre_a)
    with pytest.raises(ServiceError, match="计划"):
        services.measure_complete(measure=measure, by=cadre_a)
    assert Measure.objects.get(pk=measure.pk).status == "planned"


def test_cancel_needs_a_reason_and_is_final(case_a, cadre_a):
    measure = create(case_a, cadre_a)
    with pytest.raises(ServiceError):
        services.measure_cancel(measure=measure, by=cadre_a, reason=" ")
    services.measure_cancel(measure=measure, by=cadre_a, reason="户主已外出务工")
    assert measure.history.first().history_change_reason == "户主已外出务工"
    with pytest.raises(ServiceError):
        services.measure_start(measure=measure, by=cadre_a)
    with pytest.raises(ServiceError):
        services.measure_update(measure=measure, by=cadre_a, content="改")


def test_second_click_on_a_stale_measure_conflicts(case_a, cadre_a):
    measure = create(case_a, cadre_a)
    stale = Measure.objects.get(pk=measure.pk)
    services.measure_start(measure=measure, by=cadre_a)
    with pytest.raises(Conflict):
        services.measure_start(measure=stale, by=cadre_a)
    assert measure.history.count() == 2


def test_only_the_village_cadre_of_the_case_writes(case_a, cadre_b, township_user, viewer):
    for user in (cadre_b, township_user, viewer):
        with pytest.raises(PermissionDenied):
            create(case_a, user)
    assert not Measure.objects.exists()


def test_member_must_belong_to_the_household(case_a, cadre_a):
    stranger = MemberFactory(household__village=case_a.village)
    with pytest.raises(ServiceError, match="不属于该户"):
        create(case_a, cadre_a, member=stranger)
    own = case_a.household.members.first()
    assert create(case_a, cadre_a, member=own).member == own


def test_bad_dates_and_amounts_are_refused(case_a, cadre_a):
    with pytest.raises(ServiceError):
        create(
            case_a, cadre_a, planned_start=datetime.date(2026, 5, 1), planned_end=datetime.date(2026, 4, 1)
        )
    with pytest.raises(ServiceError):
        create(case_a, cadre_a, amount=-1)
    measure = create(case_a, cadre_a)
    with pytest.raises(ServiceError):
        services.measure_start(
            measure=measure, by=cadre_a, actual_start=datetime.date.today() + datetime.timedelta(3)
        )
    assert Measure.objects.count() == 1


def test_no_measure_on_a_closed_case(make_case, cadre_a):
    closed = make_case(status=Case.Status.ELIMINATED)
    with pytest.raises(ServiceError, match="结束监测"):
        create(closed, cadre_a)


def test_inactive_category_refused(case_a, cadre_a):
    MeasureCategory.objects.filter(code="health").update(active=False)
    with pytest.raises(ServiceError):
        create(case_a, cadre_a)


def test_contact_assignment_reuses_the_person_and_ends_once(case_a, make_case, cadre_a, township_user):
    other_case = make_case()
    first = services.contact_assign(
        case=case_a,
        by=cadre_a,
        name="周红",
        unit="县农业农村委",
        phone="13900001111",
        username="township_user",
    )
    services.contact_assign(case=other_case, by=cadre_a, name="周红", phone="13900001111")
    assert Contact.objects.count() == 1
    assert Contact.objects.get().user == township_user
    with pytest.raises(ServiceError, match="已是"):
        services.contact_assign(case=case_a, by=cadre_a, name="周红", phone="13900001111")
    services.contact_end(assignment=first, by=cadre_a)
    with pytest.raises(ServiceError):
        services.contact_end(assignment=CaseContact.objects.get(pk=first.pk), by=cadre_a)
    assert first.history.count() == 2


def test_contact_assignment_validates_input(case_a, cadre_a, township_user):
    with pytest.raises(ServiceError):
        services.contact_assign(case=case_a, by=cadre_a, name="")
    with pytest.raises(ServiceError):
        services.contact_assign(case=case_a, by=cadre_a, name="周红", phone="123")
    with pytest.raises(ServiceError):
        services.contact_assign(case=case_a, by=cadre_a, name="周红", username="no-such-user")
    with pytest.raises(PermissionDenied):
        services.contact_assign(case=case_a, by=township_user, name="周红")
    assert not Contact.objects.exists()


def test_catalogue_edit_by_county_only_with_history(county_user, township_user):
    item = MeasureCategory.objects.get(code="motivation")
    with pytest.raises(PermissionDenied):
        services.category_update(item=item, by=township_user, name="x")
    services.category_update(
        item=item, by=county_user, name="扶志扶智（志智双扶）", addresses=["其他", "因学"]
    )
    assert item.history.first().history_user == county_user
    with pytest.raises(ServiceError):
        services.category_update(item=item, by=county_user, addresses=["不存在"])
    with pytest.raises(ServiceError):
        services.category_create(by=county_user, code="motivation", name="重复", kind="other")
    created = services.category_create(
        by=county_user,
        code="employment.e_commerce",
        name="电商就业",
        kind="development",
        parent=category("employment"),
    )
    assert created.parent.code == "employment"
