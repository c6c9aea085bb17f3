"""Who the employment register follows, and who may hold a public-welfare post.

* Labour force (劳动力): current members of households monitored now or holding an active 脱贫户
  flag (``assistance.insurance.covered_households``, the one definition of the households checked),
  of working age — the 16–59 band of ``assistance.insurance.PENSION_AGES``, the one home of that
  age rule — not in school, and able to work (``households.choices.ABLE_TO_WORK``: 普通, 技能,
  弱劳动力或半劳动力).
* Post eligibility (``appointment_refusal``): the member lives in the post's village, in a 脱贫户 or
  monitored household, is able to work (弱劳动力/半劳动力 included: seed 000 l.391 places them
  first), holds no other post (拟聘 or 在岗), and the post has a free place.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from assistance.insurance import PENSION_AGES, covered_households, years_before
from households.choices import ABLE_TO_WORK
from households.models import Member

from .models import Appointment, WelfarePost


def working_age(on: datetime.date) -> Q:
    """Aged 16–59 on ``on`` and not in school."""
    low, high = PENSION_AGES
    return Q(birth_date__gt=years_before(on, high), birth_date__lte=years_before(on, low), school_status="")


def labour_force(members: QuerySet[Member], on: datetime.date) -> QuerySet[Member]:
    """The members of ``members`` the employment register follows on ``on``."""
    return members.filter(
        working_age(on),
        removed_on__isnull=True,
        labour_skill__in=ABLE_TO_WORK,
        household__in=covered_households(on).values("pk"),
    )


def free_places(post: WelfarePost) -> int:
    return post.places - Appointment.objects.holding().filter(post=post).count()


def appointment_refusal(member: Member, post: WelfarePost, on: datetime.date) -> str | None:
    """Why ``member`` may not be proposed for ``post`` on ``on`` (a Chinese sentence), or None."""
    if member.removed_on is not None:
        return _("该成员已不是家庭成员。")
    if member.household.village_id != post.village_id:
        return _("只能聘用本村的成员。")
    if not covered_households(on).filter(pk=member.household_id).exists():
        return _("只能聘用脱贫户或监测户的成员。")
    if member.labour_skill not in ABLE_TO_WORK:
        return _("该成员“%(skill)s”，不能胜任公益岗位。") % {"skill": member.get_labour_skill_display()}
    if Appointment.objects.holding().filter(member=member).exists():
        return _("该成员已有公益岗位（拟聘或在岗），不能重复聘用。")
    if free_places(post) <= 0:
        return _("该岗位已无空余名额。")
    return None
