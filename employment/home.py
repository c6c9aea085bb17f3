"""The home page's lines for employment (``common.home.add_home_counter``): the quarter's
follow-ups still to record (village) and appointments waiting for the township's approval."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import user_may

from .models import Appointment, FollowUp
from .selectors import due_follow_ups


def employment_counters(user: User) -> list[tuple[str, int, str]]:
    found = []
    if user_may(user, Role.VILLAGE):
        due = due_follow_ups(FollowUp.objects.visible_to(user), timezone.localdate()).count()
        found.append((_("就业跟踪随访待完成"), due, reverse("employment:follow_ups")))
    if user_may(user, Role.TOWNSHIP):
        proposed = Appointment.objects.visible_to(user).filter(status=Appointment.Status.PROPOSED).count()
        found.append((_("公益岗位拟聘待审批"), proposed, reverse("employment:posts")))
    return found
