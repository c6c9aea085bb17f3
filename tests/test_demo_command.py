from django.core.management import call_command

from accounts.models import RoleAssignment, User
from regions.models import Region


def snapshot():
    return (
        sorted(Region.objects.values_list("code", "name", "path")),
        sorted(User.objects.values_list("username", "password")),
        sorted(RoleAssignment.objects.values_list("user__username", "role", "regions__code")),
    )


def test_demo_county_builds_regions_and_users_idempotently(db, capsys):
    call_command("demo", households=0)
    first = snapshot()
    call_command("demo", households=0)
    assert snapshot() == first
    county = Region.objects.get(code="500230000000")
    assert county.name == "丰都县"
    assert Region.objects.filter(level=Region.Level.TOWNSHIP, parent=county).count() == 30
    assert Region.objects.filter(level=Region.Level.VILLAGE, path__startswith=county.path).count() == 334
    assert Region.objects.get(code="500230001000").name == "三合街道"
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {"village", "township", "county", "department", "viewer"}
    assert "village_a" in capsys.readouterr().out


def test_demo_lets_a_newcomer_approve_at_once(db, settings):
    """Issue 17 item 9: right after `make run` the township has cases past their public notice to
    review and the county has cases waiting for 县审定, in the demo users' own villages."""
    from django.utils import timezone

    from monitoring.models import Case
    from monitoring.selectors import waiting_for

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=40, stdout=open("/dev/null", "w"))
    today = timezone.localdate()
    mine = Case.objects.filter(household__village__code="500230201201", status=Case.Status.ENROLLING)
    assert mine.filter(step=4, notice_end__lt=today).exists()
    assert mine.filter(step=5).exists()
    assert waiting_for(User.objects.get(username="township")).filter(step=4).exists()
    assert waiting_for(User.objects.get(username="county")).filter(step=5).exists()
