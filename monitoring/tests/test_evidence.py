"""Evidence at every step (issue 16, item 3): photos or PDF scans checked by content, required or
optional per step by policy, exit step 2's structured verification, all on the timeline."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.errors import ServiceError
from common.models import PolicySetting
from monitoring.models import Case, StepAttachment
from monitoring.services import case_decide, case_township_review, case_verify

from .conftest import EXIT_VERIFIED, authorisation, deliberate, end_notice, household_in
from .test_exit import exit_, monitored  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 scanned page", content_type="application/pdf")


def timeline(client, case) -> str:
    html = client.get(case.get_absolute_url()).content.decode()
    return re.search(r'<ol[^>]*id="timeline".*?</ol>', html, re.S).group(0)


def test_a_text_file_is_refused_as_the_signed_authorisation(nominated, cadre_a):
    text = SimpleUploadedFile("承诺授权书.txt", b"signed by the household", content_type="text/plain")
    with pytest.raises(ServiceError) as refused:
        case_verify(case=nominated, by=cadre_a, opinion="属实", authorisation=text)
    assert refused.value.field == "authorisation" and refused.value.code == "file_type"
    assert Case.objects.get(pk=nominated.pk).step == 2
    assert not StepAttachment.objects.exists()


def test_every_step_takes_evidence_shown_on_the_timeline_through_private_media(
    nominated, cadre_a, cadre_b, township_user, county_user, client_for
):
    case_verify(case=nominated, by=cadre_a, opinion="属实", authorisation=authorisation(), attachment=pdf())
    case = Case.objects.get(pk=nominated.pk)
    from monitoring.services import case_deliberate

    case_deliberate(
        case=case, by=cadre_a, meeting_date=case.found_on, participants="甲,乙,丙", votes_for=3,
        votes_against=0, votes_abstain=0, minutes="一致同意", attachment=pdf("minutes.pdf"),
    )  # fmt: skip
    case = end_notice(case)
    case_township_review(case=case, by=township_user, opinion="同意", office="民政办", attachment=pdf())
    case_decide(case=case, by=county_user, attachment=pdf())
    kinds = list(StepAttachment.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["承诺授权书", "入户核实材料", "评议会议记录", "审核意见材料", "审定文件"]
    items = timeline(client_for(cadre_a), case)
    for attachment in StepAttachment.objects.all():
        url = attachment.file.url
        assert url in items
        assert client_for(cadre_a).get(url).status_code == 200
        assert client_for(cadre_b).get(url).status_code == 404  # another village's file


def test_a_step_requires_evidence_when_its_policy_says_so(nominated, walk, cadre_a, regions):
    PolicySetting.objects.create(key="evidence_enrolment_step3", region=regions["county"], value=1)
    case = walk(nominated, 3)
    with pytest.raises(ServiceError, match="须上传材料") as refused:
        deliberate(case, cadre_a)
    assert refused.value.field == "attachment"
    assert Case.objects.get(pk=case.pk).step == 3


def test_the_authorisation_is_optional_when_the_county_says_so(nominated, cadre_a, regions):
    with pytest.raises(ServiceError, match="承诺授权书"):
        case_verify(case=nominated, by=cadre_a, opinion="属实")
    PolicySetting.objects.create(key="evidence_enrolment_step2", region=regions["county"], value=0)
    case_verify(case=nominated, by=cadre_a, opinion="属实")
    assert nominated.step == 3


def test_exit_verification_records_income_assurances_and_labour(monitored, cadre_a, client_for):  # noqa: F811
    exit_(monitored, cadre_a)
    with pytest.raises(ServiceError, match="人均纯收入") as refused:
        case_verify(case=monitored, by=cadre_a, opinion="属实")
    assert refused.value.field == "verified_income"
    with pytest.raises(ServiceError, match="存在问题") as refused:
        case_verify(case=monitored, by=cadre_a, opinion="属实", **{**EXIT_VERIFIED, "water": "problem"})
    assert refused.value.field == "water"
    with pytest.raises(ServiceError, match="整户无劳动能力"):
        case_verify(
            case=monitored, by=cadre_a, opinion="属实", **{**EXIT_VERIFIED, "labour_check": "no_labour"}
        )
    case_verify(case=monitored, by=cadre_a, opinion="属实", **EXIT_VERIFIED)
    step = monitored.steps.get(procedure="exit", step=2)
    assert step.details["verified_income"] == "9000"
    assert step.details["assurances"] == dict.fromkeys(
        ("food_clothing", "education", "medical", "housing", "water"), "secure"
    )
    assert step.details["labour_check"] == "able"
    items = timeline(client_for(cadre_a), monitored)
    for shown in ("核实人均纯收入：9000", "饮水安全：有保障", "义务教育：有保障", "劳动能力：有劳动能力"):
        assert shown in items


def test_verify_form_asks_each_procedure_its_own_fields(monitored, cadre_a, client_for, regions):  # noqa: F811
    from monitoring.services import case_nominate

    client = client_for(cadre_a)
    nominated = case_nominate(
        household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
        risks=[("因病", "")], channel="干部走访排查", found_on=monitored.found_on, evidence="住院",
    )  # fmt: skip
    enrolment = client.get(nominated.get_absolute_url()).content.decode()
    assert 'name="authorisation"' in enrolment and 'name="verified_income"' not in enrolment
    exit_(monitored, cadre_a)
    page = client.get(monitored.get_absolute_url()).content.decode()
    assert 'name="verified_income"' in page and 'name="water"' in page and 'name="authorisation"' not in page
    response = client.post(
        reverse("monitoring:act", args=[monitored.pk, "verify"]),
        {"opinion": "属实", **EXIT_VERIFIED, "attachment": pdf()},
    )
    assert response.status_code == 302
    assert monitored.steps.get(procedure="exit", step=2).attachments.get().kind == "入户核实材料"
