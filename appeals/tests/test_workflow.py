"""The appeal workflow through its services: each transition, refusals, deadlines, notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from appeals import services
from appeals.models import Appeal, AppealStep
from common.errors import ServiceError
from common.models import Notification, PolicySetting
from monitoring.models import Case, CaseStep

from .conftest import TODAY

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def notified(user):
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def test_register_opens_the_appeal_at_the_township_with_its_deadline(rejected, register_appeal, cadre_a):
    case, decision = rejected
    appeal = register_appeal(case, decision)
    assert (appeal.status, appeal.kind, appeal.household_id, appeal.village_id) == (
        Appeal.Status.TOWNSHIP, Appeal.Kind.REJECTION, case.household_id, case.village_id,
    )  # fmt: skip
    assert appeal.appellant == "王大山"  # the head when nobody else is named
    assert appeal.due_on == TODAY + datetime.timedelta(days=10)  # policy appeal_township_days
    assert list(appeal.steps.values_list("action", flat=True)) == ["register"]
    assert appeal.history.count() == 1


def test_each_kind_of_decision_may_be_appealed(eliminated, objection, register_appeal):
    assert register_appeal(*eliminated).kind == Appeal.Kind.ELIMINATION
    assert register_appeal(*objection).kind == Appeal.Kind.OBJECTION


def test_other_decisions_are_refused(rejected, eliminated, register_appeal):
    case, _ = rejected
    passed = case.steps.filter(step=1).first()
    with pytest.raises(ServiceError, match="只能对不予纳入、风险消除或公示异议提出申诉") as refused:
        register_appeal(case, passed)
    assert refused.value.field == "decision"
    # The enrolment's county decision of an eliminated case is no elimination.
    elim_case, _ = eliminated
    enrol_decision = elim_case.steps.get(procedure="enrolment", step=5)
    with pytest.raises(ServiceError, match="只能对"):
        register_appeal(elim_case, enrol_decision)


def test_an_elimination_rolled_back_since_is_not_appealable(eliminated, register_appeal):
    case, decision = eliminated
    Case.objects.filter(pk=case.pk).update(status=Case.Status.MONITORED)
    case.refresh_from_db()
    with pytest.raises(ServiceError, match="只能对"):
        register_appeal(case, decision)


def test_a_decision_of_another_case_is_refused(rejected, eliminated, register_appeal):
    with pytest.raises(ServiceError, match="不属于该监测记录"):
        register_appeal(rejected[0], eliminated[1])


def test_one_open_appeal_per_decision(rejected, register_appeal):
    register_appeal(*rejected)
    with pytest.raises(ServiceError, match="已有正在办理的申诉"):
        register_appeal(*rejected)


def test_register_checks_dates_grounds_and_files(rejected, register_appeal):
    case, decision = rejected
    with pytest.raises(ServiceError, match="收到申诉日期") as refused:
        register_appeal(case, decision, received_on=TODAY + datetime.timedelta(days=1))
    assert refused.value.field == "received_on"
    with pytest.raises(ServiceError, match="请填写申诉理由"):
        register_appeal(case, decision, grounds="  ")
    with pytest.raises(ServiceError) as refused:
        register_appeal(case, decision, attachments=[SimpleUploadedFile("a.pdf", b"just text")])
    assert refused.value.field == "attachments"
    appeal = register_appeal(case, decision, attachments=[SimpleUploadedFile("scan.pdf", PDF)])
    assert appeal.attachments.count() == 1


def test_register_wrong_role_and_other_village_are_403(rejected, register_appeal, township_user, cadre_b):
    for user in (township_user, cadre_b):
        with pytest.raises(PermissionDenied):
            register_appeal(*rejected, by=user)


def test_forward_then_overturn_a_rejection_then_inform(
    rejected, register_appeal, township_user, county_user, cadre_a
):
    appeal = register_appeal(*rejected)
    services.appeal_forward(appeal=appeal, by=township_user, opinion="收入核算漏计医疗支出，支持申诉")
    assert appeal.status == Appeal.Status.COUNTY
    assert appeal.township_on == TODAY and appeal.due_on == TODAY + datetime.timedelta(days=15)
    services.appeal_overturn(appeal=appeal, by=county_user, opinion="撤销不予纳入决定")
    assert (appeal.status, appeal.outcome) == (Appeal.Status.INFORMING, Appeal.Outcome.OVERTURNED)
    assert "重新提名" in appeal.follow_up
    assert appeal.due_on == TODAY + datetime.timedelta(days=5)
    case = Case.objects.get(pk=appeal.case_id)
    assert case.status == Case.Status.REJECTED  # the five steps decide, not the appeal
    services.appeal_inform(
        appeal=appeal, by=cadre_a, informed_on=TODAY, way=Appeal.Way.PHONE, note="户主知悉"
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.informed_on, appeal.inform_way) == (Appeal.Status.CLOSED, TODAY, "phone")
    assert list(appeal.steps.values_list("action", flat=True)) == [
        "register",
        "forward",
        "overturn",
        "inform",
    ]
    assert appeal.history.count() == 4


def test_dismiss_goes_straight_to_informing(rejected, register_appeal, township_user):
    appeal = register_appeal(*rejected)
    services.appeal_dismiss(appeal=appeal, by=township_user, opinion="理由不成立")
    assert (appeal.status, appeal.outcome, appeal.township_opinion) == (
        Appeal.Status.INFORMING, Appeal.Outcome.DISMISSED, "理由不成立",
    )  # fmt: skip


def test_uphold_keeps_the_decision(eliminated, register_appeal, township_user, county_user):
    appeal = register_appeal(*eliminated)
    services.appeal_forward(appeal=appeal, by=township_user, opinion="报县")
    services.appeal_uphold(appeal=appeal, by=county_user, opinion="维持")
    assert appeal.outcome == Appeal.Outcome.UPHELD
    assert Case.objects.get(pk=appeal.case_id).status == Case.Status.ELIMINATED


def test_overturned_elimination_is_rolled_back_by_the_county(
    eliminated, register_appeal, township_user, county_user
):
    appeal = register_appeal(*eliminated)
    services.appeal_forward(appeal=appeal, by=township_user, opinion="报县")
    services.appeal_overturn(appeal=appeal, by=county_user, opinion="收入不实")
    case = Case.objects.get(pk=appeal.case_id)
    assert case.status == Case.Status.MONITORED
    rollback = case.steps.get(procedure=CaseStep.Procedure.ROLLBACK)
    assert rollback.by == county_user and "收入不实" in rollback.opinion
    assert "回退" in appeal.follow_up


def test_overturned_elimination_with_another_open_case_is_recorded_only(
    eliminated, register_appeal, township_user, county_user, cadre_a
):
    appeal = register_appeal(*eliminated)
    services.appeal_forward(appeal=appeal, by=township_user, opinion="报县")
    Case.objects.create(
        household=appeal.household, village=appeal.village, category="边缘易致贫户", channel="干部走访排查",
        status=Case.Status.ENROLLING, step=2, found_on=TODAY, deadline=TODAY, created_by=cadre_a,
    )  # fmt: skip
    services.appeal_overturn(appeal=appeal, by=county_user, opinion="撤销")
    assert Case.objects.get(pk=appeal.case_id).status == Case.Status.ELIMINATED
    assert "未回退" in appeal.follow_up


def test_overturned_objection_changes_nothing_and_says_what_to_do(
    objection, register_appeal, township_user, county_user
):
    appeal = register_appeal(*objection)
    services.appeal_forward(appeal=appeal, by=township_user, opinion="报县")
    services.appeal_overturn(appeal=appeal, by=county_user, opinion="异议不实")
    case = Case.objects.get(pk=appeal.case_id)
    assert (case.status, case.step) == (Case.Status.ENROLLING, 4)
    assert "公示异议" in appeal.follow_up


@pytest.mark.parametrize(
    ("action", "by", "message"),
    [
        ("appeal_uphold", "county_user", "申诉当前状态为“待乡镇复核”，不能进行此操作。"),
        ("appeal_overturn", "county_user", "申诉当前状态为“待乡镇复核”，不能进行此操作。"),
    ],
)
def test_a_step_out_of_order_is_refused_in_chinese(rejected, register_appeal, request, action, by, message):
    appeal = register_appeal(*rejected)
    with pytest.raises(ServiceError) as refused:
        getattr(services, action)(appeal=appeal, by=request.getfixturevalue(by), opinion="x")
    assert refused.value.message == message
    assert appeal.steps.count() == 1


def test_inform_before_the_review_and_twice_are_refused(rejected, register_appeal, township_user, cadre_a):
    appeal = register_appeal(*rejected)
    with pytest.raises(ServiceError, match="待乡镇复核"):
        services.appeal_inform(appeal=appeal, by=cadre_a, informed_on=TODAY, way="phone")
    services.appeal_dismiss(appeal=appeal, by=township_user, opinion="不成立")
    with pytest.raises(ServiceError, match="告知日期") as refused:
        services.appeal_inform(
            appeal=appeal, by=cadre_a, informed_on=TODAY - datetime.timedelta(days=1), way="phone"
        )
    assert refused.value.field == "informed_on"
    services.appeal_inform(appeal=appeal, by=cadre_a, informed_on=TODAY, way="in_person")
    with pytest.raises(ServiceError, match="已办结"):
        services.appeal_inform(appeal=appeal, by=cadre_a, informed_on=TODAY, way="in_person")
    with pytest.raises(ServiceError, match="已办结"):
        services.appeal_forward(appeal=appeal, by=township_user, opinion="x")


def test_wrong_role_is_403_whatever_the_state(
    rejected, register_appeal, cadre_a, county_user, township_user, cadre_b
):
    appeal = register_appeal(*rejected)
    with pytest.raises(PermissionDenied):
        services.appeal_forward(appeal=appeal, by=county_user, opinion="x")
    with pytest.raises(PermissionDenied):
        services.appeal_forward(appeal=appeal, by=cadre_a, opinion="x")
    with pytest.raises(PermissionDenied):
        services.appeal_uphold(appeal=appeal, by=township_user, opinion="x")
    with pytest.raises(PermissionDenied):
        services.appeal_inform(appeal=appeal, by=cadre_b, informed_on=TODAY, way="phone")


def test_township_of_another_township_is_403(rejected, register_appeal, regions):
    from conftest import make_user

    other = make_user("other_township", "township", regions["other_township"])
    appeal = register_appeal(*rejected)
    with pytest.raises(PermissionDenied):
        services.appeal_dismiss(appeal=appeal, by=other, opinion="x")


def test_opinions_are_required(rejected, register_appeal, township_user):
    appeal = register_appeal(*rejected)
    with pytest.raises(ServiceError, match="请填写乡镇复核意见") as refused:
        services.appeal_forward(appeal=appeal, by=township_user, opinion=" ")
    assert refused.value.field == "opinion"


def test_deadlines_follow_the_county_policy_and_overdue_shows(
    rejected, register_appeal, regions, frozen_clock
):
    PolicySetting.objects.create(key="appeal_township_days", region=regions["county"], value=3)
    appeal = register_appeal(*rejected)
    assert appeal.due_on == TODAY + datetime.timedelta(days=3)
    assert not appeal.is_overdue and appeal.days_left == 3
    assert not Appeal.objects.overdue().exists()
    frozen_clock.move_to(datetime.datetime(2026, 6, 5, 1, 0, tzinfo=datetime.UTC))
    appeal.refresh_from_db()
    assert appeal.is_overdue and appeal.days_left == -1
    assert list(Appeal.objects.overdue()) == [appeal]


def test_each_transition_notifies_the_next_step_and_the_village(
    rejected, register_appeal, cadre_a, township_user, county_user, regions
):
    from conftest import make_user

    colleague = make_user("cadre_a2", "village", regions["village_a"])
    other_township = make_user("other_township", "township", regions["other_township"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        appeal = register_appeal(*rejected)
    assert any("请于 2026-06-11 前完成乡镇复核" in m for m in notified(township_user))
    assert notified(county_user) == [] and notified(other_township) == []
    assert len(notified(colleague)) == 1 and notified(cadre_a) == []  # never the one who acted
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.appeal_forward(appeal=appeal, by=township_user, opinion="报县")
    assert any("报县级复核" in m for m in notified(county_user))
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.appeal_overturn(appeal=appeal, by=county_user, opinion="撤销")
    assert any("撤销原决定" in m and "重新提名" in m for m in notified(cadre_a))
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.appeal_inform(appeal=appeal, by=cadre_a, informed_on=TODAY, way="phone")
    assert any("已告知农户" in m for m in notified(township_user))
    assert any("已告知农户" in m for m in notified(county_user))
    links = set(Notification.objects.values_list("link", flat=True))
    assert links == {f"/appeals/{appeal.pk}/"}


def test_a_refused_step_notifies_no_one(rejected, register_appeal, township_user, county_user):
    appeal = register_appeal(*rejected)
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(ServiceError):
        services.appeal_uphold(appeal=appeal, by=county_user, opinion="x")
    assert notified(county_user) == [] and AppealStep.objects.filter(action="uphold").count() == 0


def test_overdue_appeals_remind_their_step_once_a_day(
    rejected, register_appeal, township_user, county_user, cadre_a, frozen_clock
):
    from appeals.tasks import appeals_remind_overdue_task

    appeal = register_appeal(*rejected)
    assert services.appeals_remind_overdue() == 0  # not overdue yet
    frozen_clock.move_to(datetime.datetime(2026, 6, 13, 1, 0, tzinfo=datetime.UTC))  # due 06-11
    assert appeals_remind_overdue_task.delay().get() == 2  # the township and the village cadre
    assert services.appeals_remind_overdue() == 0  # once a day
    assert any("“乡镇复核”已逾期 2 天" in m for m in notified(township_user))
    assert notified(county_user) == []
    services.appeal_forward(appeal=appeal, by=township_user, opinion="报县")
    frozen_clock.move_to(datetime.datetime(2026, 6, 29, 1, 0, tzinfo=datetime.UTC))  # due 06-28
    assert services.appeals_remind_overdue() == 2
    assert any("“县级复核”已逾期 1 天" in m for m in notified(county_user))
