"""Demo: a few hand-set special groups (三留守, 失能老年人), then every household graded, then the area
alerts: an open, an acknowledged and a closed one in the demo county."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from common.models import PolicySetting
from households.models import Member
from regions.models import Region

from .models import AreaAlert, Grade, GroupKind, HouseholdGrade, MemberGroup
from .services import grades_recompute
from .services.alerts import alert_acknowledge, alert_close, alert_note_add, alerts_evaluate


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
    _alerts(stdout)


def _alerts(stdout) -> None:
    """Three villages with the most red/orange households get an alert each: their own threshold
    (a village policy setting, shown at /policies/ with its basis) is set just below their share
    when the county's default would not fire there. One is acknowledged, one closed."""
    if not AreaAlert.objects.exists():
        villages = (
            HouseholdGrade.objects.values("household__village_id")
            .annotate(n=Count("pk"), rising=Count("pk", filter=Q(grade__in=(Grade.RED, Grade.ORANGE))))
            .filter(rising__gt=0)
            .order_by("-rising", "household__village_id")[:3]
        )
        for row in villages:
            share = (Decimal(row["rising"]) / Decimal(row["n"])).quantize(Decimal("0.01"), "ROUND_DOWN")
            region = Region.objects.get(pk=row["household__village_id"])
            for key, value in (("alert_grade_share", share), ("alert_min_households", Decimal(1))):
                PolicySetting.objects.update_or_create(
                    key=key, region=region, defaults={"value": value, "basis": "演示数据：使本村生成区域预警"}
                )
        alerts_evaluate()
    township = User.objects.filter(username="township").first()
    county = User.objects.filter(username="county").first() or township
    alerts = list(AreaAlert.objects.select_related("region").order_by("pk"))
    if (
        township
        and county
        and len(alerts) >= 3
        and not AreaAlert.objects.exclude(status=AreaAlert.Status.OPEN).exists()
    ):
        acting = [a for a in alerts if _may(township, a)] or alerts
        first, second = acting[0], next(a for a in alerts if a.pk != acting[0].pk)
        alert_acknowledge(alert=first, by=_actor(first, township, county), note="已安排包村干部逐户核查")
        alert_note_add(alert=first, by=_actor(first, township, county), text="已走访 5 户，2 户拟提名监测")
        actor = _actor(second, township, county)
        alert_acknowledge(alert=second, by=actor)
        alert_close(alert=second, by=actor, note="逐户核实：收入下降为季节性，已落实务工帮扶，关闭预警")
    counts = {s.label: AreaAlert.objects.filter(status=s).count() for s in AreaAlert.Status}
    stdout.write("  区域预警：" + "，".join(f"{label} {n}" for label, n in counts.items()))


def _may(user: User, alert: AreaAlert) -> bool:
    from accounts.scope import user_may

    return user_may(user, "township", region=alert.region)


def _actor(alert: AreaAlert, township: User, county: User) -> User:
    return township if _may(township, alert) else county
