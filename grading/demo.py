"""Demo: a few hand-set special groups (三留守, 失能老年人), then every household graded."""

import datetime

from django.utils import timezone

from households.models import Member

from .models import GroupKind, MemberGroup
from .services import grades_recompute


def build(*, stdout, **options) -> None:
    today = timezone.localdate()
    if not MemberGroup.objects.filter(source=MemberGroup.Source.MANUAL).exists():
        elderly = Member.objects.current().filter(birth_date__lte=today - datetime.timedelta(days=70 * 365))
        children = Member.objects.current().filter(birth_date__gte=today - datetime.timedelta(days=14 * 365))
        rows = [
            MemberGroup(member_id=pk, kind=kind, start=today, source=MemberGroup.Source.MANUAL)
            for query, kind in (
                (elderly, GroupKind.LEFT_BEHIND_ELDERLY),
                (elderly.filter(healthy=False), GroupKind.DISABLED_ELDERLY),
                (children, GroupKind.LEFT_BEHIND_CHILD),
            )
            for pk in query.order_by("pk").values_list("pk", flat=True)[::40]
        ]
        MemberGroup.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    graded = grades_recompute()
    stdout.write(f"  风险等级：{graded} 户")
