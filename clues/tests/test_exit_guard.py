"""An open clue of the household blocks its exit (issue 16, item 2), through the exit-guard
registry monitoring exposes and clues fills at ready()."""

import pytest

from clues.models import Clue
from common.errors import ServiceError
from monitoring.services import exit_refusals
from monitoring.tests.conftest import nominated, walk  # noqa: F401 - fixtures of monitored
from monitoring.tests.test_exit import exit_, monitored  # noqa: F401 - the fixture

from .test_lifecycle import new_clue

pytestmark = pytest.mark.django_db


def test_open_clue_of_the_household_blocks_exit_and_is_named(monitored, cadre_a, county_user):  # noqa: F811
    clue = new_clue(monitored.household, county_user, risk_type="因意外事故")
    with pytest.raises(ServiceError, match="未办结的预警线索：因意外事故"):
        exit_(monitored, cadre_a)
    Clue.objects.filter(pk=clue.pk).update(status=Clue.Status.EXCLUDED, exclusion_reason="核实无风险")
    assert exit_refusals(monitored, "帮扶消除") == []


def test_a_clue_of_another_household_does_not_block(monitored, cadre_a, county_user, regions):  # noqa: F811
    from households.tests.factories import HouseholdFactory

    new_clue(HouseholdFactory(village=regions["village_a"]), county_user)
    exit_(monitored, cadre_a)
    assert monitored.status == "exiting"
