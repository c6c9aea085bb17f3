"""Read side of the employment register: the 务工 figures and the 公益岗位 share, one definition each.

* ``work_figures(records)``: over a (scoped) queryset of ledger rows, in one query — the labour
  force followed, 务工就业人数 (every status but 待随访 and 未就业, ``models.EMPLOYED``), 外出务工
  (县外市内 + 市外), 公益岗位, 自主创业, 未就业, 待随访, and this year's income and months.
* ``in_work()``: the member-level 务工就业 condition (a ledger row in work), for other apps' counts
  (relocation's per-site 务工人数).
* ``welfare_post_share(members, on)``: 公益岗位脱贫人口就业比重 = members of 脱贫 and monitored
  households holding a post (在岗) / members of those households in work (a ledger row employed,
  or holding a post). Bound to the plan row of that name (``indicators.metrics``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from assistance.insurance import covered_households
from households.models import Member

from .models import EMPLOYED, OUTSIDE_COUNTY, Appointment, EmploymentRecord, EmploymentStatus, FollowUp


@dataclass(frozen=True)
class WorkFigures:
    labour: int
    employed: int
    outside_county: int
    welfare_post: int
    self_employed: int
    unemployed: int
    unknown: int
    income: Decimal


def work_figures(records: QuerySet[EmploymentRecord]) -> WorkFigures:
    row = records.aggregate(
        labour=Count("id"),
        employed=Count("id", filter=Q(status__in=EMPLOYED)),
        outside_county=Count("id", filter=Q(status__in=OUTSIDE_COUNTY)),
        welfare_post=Count("id", filter=Q(status=EmploymentStatus.WELFARE_POST)),
        self_employed=Count("id", filter=Q(status=EmploymentStatus.SELF_EMPLOYED)),
        unemployed=Count("id", filter=Q(status=EmploymentStatus.UNEMPLOYED)),
        unknown=Count("id", filter=Q(status=EmploymentStatus.UNKNOWN)),
        income=Sum("income"),
    )
    row["income"] = row["income"] or Decimal(0)
    return WorkFigures(**row)


def in_work(prefix: str = "") -> Q:
    """务工就业 of a member (``prefix`` leads from the queried model to the member): a ledger row
    whose status is in work (``models.EMPLOYED``)."""
    return Q(**{f"{prefix}employment__status__in": EMPLOYED})


def welfare_post_share(members: QuerySet[Member], on: datetime.date) -> tuple[int, int]:
    """(members in a post, members in work) among the current members of ``members`` living in a
    脱贫 or monitored household on ``on``."""
    checked = members.filter(removed_on__isnull=True, household__in=covered_households(on).values("pk"))
    in_post = Appointment.objects.filter(status=Appointment.Status.IN_POST).values("member_id")
    holding = checked.filter(pk__in=in_post).count()
    working = checked.filter(Q(pk__in=in_post) | in_work()).count()
    return holding, working


def due_follow_ups(follow_ups: QuerySet[FollowUp], on: datetime.date) -> QuerySet[FollowUp]:
    """The follow-ups still to do, the oldest quarter first (a missed quarter stays due)."""
    return (
        follow_ups.filter(status=FollowUp.Status.DUE, quarter__lte=on)
        .select_related("member", "household__village")
        .order_by("quarter", "household__number", "member_id")
    )
