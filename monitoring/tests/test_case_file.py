"""The printable case file (案卷): every step with who, when, decision, opinion, office, details and
attachments; IDs masked per reader; scoped like the case."""

import re

import pytest
from django.urls import reverse

from common.masking import mask_id
from monitoring.services import case_township_review

from .conftest import end_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(nominated, walk, township_user):
    case = end_notice(walk(nominated, 4))
    case_township_review(case=case, by=township_user, opinion="同意纳入监测", office="民政办")
    return case


def test_case_file_lists_every_step_with_office_and_attachments(reviewed, client_for, cadre_a):
    url = reverse("monitoring:case_file", args=[reviewed.pk])
    assert url in client_for(cadre_a).get(reviewed.get_absolute_url()).content.decode()  # linked
    html = client_for(cadre_a).get(url).content.decode()
    steps = re.search(r'<table[^>]*id="case-steps".*?</table>', html, re.S).group(0)
    assert steps.count("<tr>") == 1 + 4  # header + 村提名, 入户核实, 村级评议, 乡镇联合审核
    assert "民政办" in steps and "同意纳入监测" in steps and "赞成 3" in steps
    authorisation = reviewed.steps.get(step=2).attachments.get()
    assert authorisation.file.url in steps and "承诺授权书" in steps
    assert "data-print" in html and "<script" not in html.split("</main>")[0].split("<main")[-1]


def test_case_file_masks_ids_for_a_reader_who_may_not_see_them(reviewed, client_for, cadre_a, viewer):
    head = reviewed.household.members.get()
    assert (
        head.id_number
        in client_for(cadre_a).get(reverse("monitoring:case_file", args=[reviewed.pk])).content.decode()
    )
    html = client_for(viewer).get(reverse("monitoring:case_file", args=[reviewed.pk])).content.decode()
    assert mask_id(head.id_number) in html and head.id_number not in html


def test_case_file_of_another_village_is_404(reviewed, client_for, cadre_b):
    assert client_for(cadre_b).get(reverse("monitoring:case_file", args=[reviewed.pk])).status_code == 404


def test_case_file_for_a_wrong_role_is_403(reviewed, client_for, department_user):
    assert (
        client_for(department_user).get(reverse("monitoring:case_file", args=[reviewed.pk])).status_code
        == 403
    )
