import datetime

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ServiceError
from households.models import HouseholdFlag
from households.tests.factories import HouseholdFactory
from monitoring.models import Case, CaseStep
from monitoring.services import case_nominate

TODAY = datetime.date.today()


def nominate(household, by, **overrides):
    args = dict(
        household=household,
        by=by,
        category="边缘易致贫户",
        risks=[("因病", "")],
        channel="干部走访排查",
        found_on=TODAY,
        evidence="住院自付费用高",
    )
    args.update(overrides)
    return case_nominate(**args)


def test_nomination_opens_case_waiting_for_verification(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"])
    case = nominate(household, cadre_a)
    assert (case.status, case.step, case.village) == (Case.Status.ENROLLING, 2, regions["village_a"])
    assert case.deadline == TODAY + datetime.timedelta(days=15)
    step = case.steps.get()
    assert (step.procedure, step.step, step.decision, step.by) == ("enrolment", 1, "pass", cadre_a)
    assert list(case.risks.values_list("risk_type", flat=True)) == ["因病"]


def test_other_village_cadre_may_not_nominate(regions, cadre_b):
    with pytest.raises(PermissionDenied):
        nominate(HouseholdFactory(village=regions["village_a"]), cadre_b)


def test_township_may_not_nominate(regions, township_user):
    with pytest.raises(PermissionDenied):
        nominate(HouseholdFactory(village=regions["village_a"]), township_user)


def test_unstable_former_poor_needs_a_former_poor_household(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"])
    with pytest.raises(ServiceError, match="不是脱贫户"):
        nominate(household, cadre_a, category="脱贫不稳定户")
    HouseholdFlag.objects.create(household=household, kind="former_poor", exit_year=2019)
    with pytest.raises(ServiceError, match="不能认定为边缘易致贫户"):
        nominate(household, cadre_a, category="边缘易致贫户")
    assert nominate(household, cadre_a, category="脱贫不稳定户").category == "脱贫不稳定户"
    assert (
        not CaseStep.objects.filter(case__household=household).exclude(case__category="脱贫不稳定户").exists()
    )


def test_disaster_needs_subtype_and_only_disaster_has_one(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"])
    with pytest.raises(ServiceError, match="灾害类型"):
        nominate(household, cadre_a, risks=[("因自然灾害", "")])
    with pytest.raises(ServiceError, match="只有因自然灾害"):
        nominate(household, cadre_a, risks=[("因病", "洪涝")])
    assert nominate(household, cadre_a, risks=[("因自然灾害", "洪涝"), ("因病", "")]).risks.count() == 2


def test_one_open_case_per_household(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"])
    nominate(household, cadre_a)
    with pytest.raises(ServiceError, match="未结束的监测记录"):
        nominate(household, cadre_a)
    assert Case.objects.count() == 1


def test_future_discovery_date_refused(regions, cadre_a):
    with pytest.raises(ServiceError, match="不能晚于今天"):
        nominate(
            HouseholdFactory(village=regions["village_a"]),
            cadre_a,
            found_on=TODAY + datetime.timedelta(days=1),
        )
    assert not Case.objects.exists()


def test_re_enrolment_links_the_earlier_case(regions, cadre_a):
    household = HouseholdFactory(village=regions["village_a"])
    first = nominate(household, cadre_a)
    Case.objects.filter(pk=first.pk).update(status=Case.Status.ELIMINATED, step=0)
    second = nominate(household, cadre_a)
    assert second.previous_case == first


def test_nomination_page_starts_from_the_latest_visit(client_for, regions, cadre_a):
    from django.urls import reverse

    from households.models import Visit

    household = HouseholdFactory(village=regions["village_a"])
    secure = dict.fromkeys(Visit.ASSURANCE_FIELDS, "secure")
    Visit.objects.create(household=household, visited_on=datetime.date(2025, 1, 5), visitor=cadre_a, **secure)
    Visit.objects.create(
        household=household, visited_on=datetime.date(2025, 3, 2), visitor=cadre_a, kind="集中排查",
        **{**secure, "medical": "problem"}, medical_note="住院未报销", new_risks=["因残"],
    )  # fmt: skip
    response = client_for(cadre_a).get(reverse("monitoring:nominate", args=[household.pk]))
    initial = response.context["form"].initial
    assert initial["found_on"] == datetime.date(2025, 3, 2)
    assert initial["channel"] == "集中排查"
    assert initial["risk_types"] == ["因病", "因残"]
    assert initial["evidence"] == "住院未报销"
    assert initial["category"] == "边缘易致贫户"
    assert "该户不是脱贫户，建议认定为边缘易致贫户" in response.content.decode()


def test_a_former_poor_household_is_proposed_as_unstable_former_poor(client_for, regions, cadre_a):
    from django.urls import reverse

    household = HouseholdFactory(village=regions["village_a"])
    HouseholdFlag.objects.create(household=household, kind="former_poor", exit_year=2019)
    response = client_for(cadre_a).get(reverse("monitoring:nominate", args=[household.pk]))
    assert response.context["form"].initial["category"] == "脱贫不稳定户"
    assert "该户为脱贫户，建议认定为脱贫不稳定户" in response.content.decode()
    assert response.context["visit"] is None
