import datetime
import io

from assistance import demo
from assistance.models import CaseContact, HousingProblem, Measure
from assistance.rules import RULES
from monitoring.models import Case


def test_demo_without_cases_creates_nothing_and_says_so(db):
    out = io.StringIO()
    demo.build(stdout=out, seed=1)
    assert not Measure.objects.exists() and not CaseContact.objects.exists()
    assert "没有演示监测对象" in out.getvalue()


def test_demo_breaks_every_rule_and_is_idempotent(make_case):
    old = datetime.date(2025, 1, 10)
    for risks in (
        ["因病"],
        ["因安全饮水"],
        ["因安全住房", "因学"],
        ["因务工就业不稳"],
        ["缺劳动力"],
        ["因残"],
    ):
        make_case(risks=risks, enrolled_on=old)
    make_case(risks=["因病"], able=False, enrolled_on=old)
    demo.build(stdout=io.StringIO(), seed=3)
    counts = (Measure.objects.count(), CaseContact.objects.count(), Measure.history.count())
    assert counts[0] > 0 and counts[1] == Case.objects.count()
    for rule in RULES:
        assert rule.find(Case.objects.all()).exists(), rule.code
    # The case at risk 因安全住房 gets a housing problem in the ledger.
    housing_case = Case.objects.get(risks__risk_type="因安全住房")
    assert HousingProblem.objects.get().household_id == housing_case.household_id
    demo.build(stdout=io.StringIO(), seed=3)
    assert (Measure.objects.count(), CaseContact.objects.count(), Measure.history.count()) == counts
    assert HousingProblem.objects.count() == 1
