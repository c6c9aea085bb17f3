import os

from django.conf import settings

from accounts.models import Role
from clues import demo
from clues.models import Clue, ClueLog
from conftest import make_user
from monitoring.models import Case

SAMPLES = os.path.join(settings.BASE_DIR, "samples")


def demo_users(regions):
    make_user("township", Role.TOWNSHIP, regions["township"])
    make_user("village_a", Role.VILLAGE, regions["village_a"])
    make_user("village_b", Role.VILLAGE, regions["village_b"])


def test_demo_builds_clues_in_every_state_once(regions):
    demo_users(regions)
    demo.build(seed=1)
    states = set(Clue.objects.values_list("status", flat=True))
    assert states == set(Clue.Status.values)
    assert Clue.objects.count() == 2 * demo.CLUES_PER_VILLAGE
    counts = (Clue.objects.count(), ClueLog.objects.count(), Case.objects.count())
    demo.build(seed=1)
    assert (Clue.objects.count(), ClueLog.objects.count(), Case.objects.count()) == counts


def test_committed_samples_hit_the_demo_people(regions, county_user, upload):
    demo_users(regions)
    demo.build(seed=1)
    with open(os.path.join(SAMPLES, "medical_costs_gbk.csv"), "rb") as sample:
        done = upload(county_user, "medical_costs", sample.read())
    assert done.status == "done", done.message
    assert done.counts["unmatched"] == 3 and done.counts["name_differs"] == 1
    assert done.counts["new_clues"] >= 1
