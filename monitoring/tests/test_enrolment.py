import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from common.errors import Conflict, ServiceError
from common.models import PolicySetting
from monitoring.models import Case, CaseStep, StepAttachment
from monitoring.services import (
    case_decide,
    case_record_objection,
    case_reject,
    case_resubmit,
    case_return,
    case_township_review,
    case_verify,
)
from monitoring.services.steps import advance

from .conftest import TODAY, authorisation, deliberate, end_notice


def test_case_goes_through_five_steps_to_monitored(nominated, walk, county_user):
    case = walk(nominated, 6)
    assert (case.status, case.step, case.enrolled_on) == (Case.Status.MONITORED, 0, TODAY)
    steps = list(case.steps.values_list("step", "decision", "role"))
    assert steps == [(1, "pass", "village"), (2, "pass", "village"), (3, "pass", "village"),
                     (4, "pass", "township"), (5, "pass", "county")]  # fmt: skip
    assert case.history.filter(history_user=county_user, status="monitored").exists()


def test_verification_of_enrolment_needs_signed_authorisation(nominated, cadre_a):
    with pytest.raises(ServiceError, match="承诺授权书"):
        case_verify(case=nominated, by=cadre_a, opinion="属实")
    assert Case.objects.get(pk=nominated.pk).step == 2
    case_verify(case=nominated, by=cadre_a, opinion="属实", authorisation=authorisation())
    attachment = StepAttachment.objects.get()
    assert (attachment.kind, attachment.step.step) == ("承诺授权书", 2)


@pytest.mark.parametrize("user", ["township_user", "county_user", "viewer", "cadre_b"])
def test_village_steps_refuse_other_roles_and_villages(nominated, user, request):
    with pytest.raises(PermissionDenied):
        case_verify(
            case=nominated, by=request.getfixturevalue(user), opinion="x", authorisation=authorisation()
        )


def test_township_may_not_decide_and_county_may_not_review(nominated, walk, township_user, county_user):
    case = end_notice(walk(nominated, 4))
    with pytest.raises(PermissionDenied):
        case_decide(case=case, by=township_user)
    case = walk(case, 5)
    with pytest.raises(PermissionDenied):
        case_township_review(case=case, by=county_user, opinion="x", office="民政办")


def test_skipping_a_step_is_refused_naming_the_waiting_step(nominated, cadre_a, county_user):
    with pytest.raises(ServiceError, match="入户核实"):
        deliberate(nominated, cadre_a)
    with pytest.raises(ServiceError, match="待办步骤为“入户核实”"):
        case_decide(case=nominated, by=county_user)


def test_repeating_a_step_is_refused(nominated, walk, cadre_a):
    case = walk(nominated, 3)
    with pytest.raises(ServiceError, match="村级评议"):
        case_verify(case=case, by=cadre_a, opinion="again", authorisation=authorisation())


def test_deliberation_opens_notice_of_policy_days(nominated, walk, cadre_a, regions):
    PolicySetting.objects.create(key="notice_days", region=regions["county"], value=7)
    case = walk(nominated, 4)
    assert (case.step, case.notice_start, case.notice_end) == (4, TODAY, TODAY + datetime.timedelta(days=6))
    details = case.steps.get(step=3).details
    assert (details["votes_for"], details["participants"]) == (3, ["甲", "乙", "丙"])


def test_deliberation_without_majority_is_refused(nominated, walk, cadre_a):
    from monitoring.services import case_deliberate

    case = walk(nominated, 3)
    with pytest.raises(ServiceError, match="赞成票未超过"):
        case_deliberate(case=case, by=cadre_a, meeting_date=TODAY, participants="甲,乙", votes_for=1,
                        votes_against=1, votes_abstain=0, minutes="分歧")  # fmt: skip
    with pytest.raises(ServiceError, match="多于参会人数"):
        case_deliberate(case=case, by=cadre_a, meeting_date=TODAY, participants="甲", votes_for=3,
                        votes_against=0, votes_abstain=0, minutes="x")  # fmt: skip
    assert Case.objects.get(pk=case.pk).step == 3


def test_township_review_waits_for_notice_end(nominated, walk, township_user):
    case = walk(nominated, 4)
    with pytest.raises(ServiceError, match="公示期满后"):
        case_township_review(case=case, by=township_user, opinion="同意", office="民政办")
    Case.objects.filter(pk=case.pk).update(notice_end=TODAY)  # last day of notice: still running
    case.refresh_from_db()
    with pytest.raises(ServiceError, match="公示期满后"):
        case_township_review(case=case, by=township_user, opinion="同意", office="民政办")
    case = end_notice(case)
    case_township_review(case=case, by=township_user, opinion="同意", office="民政办")
    assert Case.objects.get(pk=case.pk).step == 5


def test_step_four_needs_k_opinions_from_different_users(nominated, walk, township_user, regions):
    from conftest import make_user

    PolicySetting.objects.create(key="township_opinions", region=regions["county"], value=2)
    second = make_user("township_2", "township", regions["township"])
    case = end_notice(walk(nominated, 4))
    case_township_review(case=case, by=township_user, opinion="民政办同意", office="民政办")
    assert Case.objects.get(pk=case.pk).step == 4
    with pytest.raises(ServiceError, match="已提交过"):
        case_township_review(case=case, by=township_user, opinion="再次", office="农业服务中心")
    case_township_review(case=case, by=second, opinion="农业服务中心同意", office="农业服务中心")
    assert Case.objects.get(pk=case.pk).step == 5


def test_step_four_counts_offices_not_users(nominated, walk, township_user, regions):
    """Two reviewers of one office are one voice: K opinions mean K different 审核科室."""
    from conftest import make_user

    PolicySetting.objects.create(key="township_opinions", region=regions["county"], value=2)
    second = make_user("township_2", "township", regions["township"])
    third = make_user("township_3", "township", regions["township"])
    case = end_notice(walk(nominated, 4))
    case_township_review(case=case, by=township_user, opinion="同意", office="民政办")
    with pytest.raises(ServiceError, match="民政办已提交过审核意见") as refused:
        case_township_review(case=case, by=second, opinion="同意", office=" 民政办 ")
    assert refused.value.field == "office"
    assert Case.objects.get(pk=case.pk).step == 4
    case_township_review(case=case, by=third, opinion="同意", office="乡村振兴办")
    assert Case.objects.get(pk=case.pk).step == 5


def test_township_review_requires_the_office(nominated, walk, township_user, client_for):
    case = end_notice(walk(nominated, 4))
    with pytest.raises(ServiceError, match="请填写审核科室") as refused:
        case_township_review(case=case, by=township_user, opinion="同意", office="  ")
    assert refused.value.field == "office"
    response = client_for(township_user).post(
        reverse("monitoring:act", args=[case.pk, "review"]), {"opinion": "同意"}
    )
    assert response.status_code == 200 and response.context["action_forms"]
    form = dict((a.name, f) for a, f in response.context["action_forms"])["review"]
    assert "office" in form.errors
    assert Case.objects.get(pk=case.pk).step == 4


def test_objection_recorded_only_during_notice(nominated, walk, cadre_a):
    case = walk(nominated, 4)
    case_record_objection(case=case, by=cadre_a, objection="邻居反映家中有车")
    assert case.steps.filter(details__kind="objection").count() == 1
    end_notice(case)
    with pytest.raises(ServiceError, match="公示期内"):
        case_record_objection(case=case, by=cadre_a, objection="迟到的异议")


def test_reject_closes_enrolment_with_reason(nominated, cadre_a):
    with pytest.raises(ServiceError, match="理由"):
        case_reject(case=nominated, by=cadre_a, reason=" ")
    case_reject(case=nominated, by=cadre_a, reason="收入高于监测范围")
    case = Case.objects.get(pk=nominated.pk)
    assert (case.status, case.step) == (Case.Status.REJECTED, 0)
    assert case.steps.last().decision == CaseStep.Decision.REJECT


def test_reject_at_county_step_by_village_is_forbidden(nominated, walk, cadre_a, county_user):
    case = walk(nominated, 5)
    with pytest.raises(PermissionDenied):
        case_reject(case=case, by=cadre_a, reason="x")
    case_reject(case=case, by=county_user, reason="材料不全")
    assert Case.objects.get(pk=case.pk).status == Case.Status.REJECTED


def test_return_goes_one_step_back_and_voids_the_notice(nominated, walk, township_user):
    case = end_notice(walk(nominated, 4))
    case_return(case=case, by=township_user, reason="评议记录不完整")
    case = Case.objects.get(pk=case.pk)
    assert (case.step, case.notice_start, case.notice_end) == (3, None, None)
    assert case.steps.last().details["to_step"] == 3


def test_return_to_nomination_then_resubmit(nominated, cadre_a):
    case_return(case=nominated, by=cadre_a, reason="补充住院材料")
    assert nominated.step == 1
    case_resubmit(case=nominated, by=cadre_a, evidence="已补充住院发票")
    assert Case.objects.get(pk=nominated.pk).step == 2


def test_return_from_county_needs_fresh_township_opinions(nominated, walk, township_user, county_user):
    case = walk(nominated, 5)
    case_return(case=case, by=county_user, reason="请乡镇复核")
    case.refresh_from_db()
    assert case.step == 4
    case_township_review(case=case, by=township_user, opinion="复核同意", office="民政办")
    assert Case.objects.get(pk=case.pk).step == 5


def test_stale_read_cannot_transition(nominated, cadre_a):
    stale = Case.objects.get(pk=nominated.pk)
    advance(nominated, to_status=Case.Status.ENROLLING, to_step=3, by=cadre_a)
    with pytest.raises(Conflict):
        advance(stale, to_status=Case.Status.ENROLLING, to_step=3, by=cadre_a)


def test_deliberation_counts_participants_separated_by_dunhao(nominated, walk, cadre_a):
    from monitoring.services import case_deliberate

    case = walk(nominated, 3)
    case_deliberate(
        case=case, by=cadre_a, meeting_date=TODAY, participants="张三、李四、王五", votes_for=3,
        votes_against=0, votes_abstain=0, minutes="同意",
    )  # fmt: skip
    assert case.steps.get(step=3).details["participants"] == ["张三", "李四", "王五"]
