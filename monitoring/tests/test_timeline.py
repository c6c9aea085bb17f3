"""The case timeline shows who gave each opinion and, for township review, from which office."""

import re

import pytest

from monitoring.services import case_township_review

from .conftest import end_notice

pytestmark = pytest.mark.django_db


def test_timeline_names_the_township_office_with_the_reviewer(
    client_for, cadre_a, township_user, nominated, walk
):
    case = end_notice(walk(nominated, 4))
    case_township_review(case=case, by=township_user, opinion="同意纳入", office="民政办")
    html = client_for(cadre_a).get(case.get_absolute_url()).content.decode()
    timeline = re.search(r'<ol[^>]*id="timeline".*?</ol>', html, re.S).group(0)
    item = next(li for li in timeline.split("<li") if "同意纳入" in li)
    assert "民政办" in item
