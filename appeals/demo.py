"""Demo appeals: every status and every outcome, some overdue, in the demo villages first.

Runs after ``monitoring.demo`` and appeals its rejections and eliminations (and one objection
recorded during a notice of 建龙村). Written directly with their timeline rows, as the services
would leave them; an overturned elimination here is not rolled back (the case data stays as the
monitoring demo built it). Idempotent: with appeals present it does nothing.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from monitoring.models import Case, CaseStep
from monitoring.services import case_record_objection

from .models import Appeal, AppealStep
from .selectors import decision_kind

DEMO_VILLAGES = ("500230201201", "500230201202")  # 建龙村, 联合村
S, OC = Appeal.Status, Appeal.Outcome

# (status, outcome, days since received, overdue): each demo village starts at the top (so its
# cadre, the township and the county have work); the other villages' decisions go through the rest.
PLAN = [
    (S.TOWNSHIP, "", 2, False),
    (S.COUNTY, "", 6, False),
    (S.INFORMING, OC.OVERTURNED, 20, False),
    (S.TOWNSHIP, "", 14, True),
    (S.INFORMING, OC.DISMISSED, 8, False),
    (S.CLOSED, OC.UPHELD, 40, False),
    (S.INFORMING, OC.UPHELD, 30, True),
    (S.CLOSED, OC.DISMISSED, 50, False),
]
FOLLOW_UP: dict[str, str] = {
    Appeal.Kind.REJECTION: "请村级重新提名（村提名），按五步法重新办理。",
    Appeal.Kind.ELIMINATION: "监测记录已有变化，未回退；请核实后按程序办理。",
    Appeal.Kind.OBJECTION: "请村级、乡镇按程序重新处理该公示异议（退回、不予通过或重新提名）。",
}


def _users() -> dict[str, User | None]:
    found = {
        u.username: u
        for u in User.objects.filter(username__in=["village_a", "village_b", "township", "county"])
    }
    fallback = User.objects.filter(is_superuser=True).first()
    return {
        DEMO_VILLAGES[0]: found.get("village_a", fallback),
        DEMO_VILLAGES[1]: found.get("village_b", fallback),
        "village": fallback,
        "township": found.get("township", fallback),
        "county": found.get("county", fallback),
    }


def _decisions() -> list[tuple[Case, CaseStep, str]]:
    """Appealable decisions, the demo villages first."""
    cases = (
        Case.objects.filter(status__in=(Case.Status.REJECTED, Case.Status.ELIMINATED))
        .select_related("household", "village")
        .prefetch_related("steps")
        .order_by("pk")
    )
    found = []
    for case in cases:
        steps = sorted(case.steps.all(), key=lambda s: (s.at, s.pk))
        for step in reversed(steps):
            kind = decision_kind(step, case, steps)
            if kind is not None:
                found.append((case, step, kind))
                break
    found.sort(key=lambda row: (row[0].village.code not in DEMO_VILLAGES, row[0].village.code, row[0].pk))
    return found


def _objection(users: dict[str, Any], today: datetime.date) -> tuple[Case, CaseStep, str] | None:
    """An objection recorded through the monitoring service on a case in its notice in 建龙村."""
    case = (
        Case.objects.in_notice(today)
        .filter(village__code=DEMO_VILLAGES[0])
        .select_related("household", "village")
        .first()
    )
    by = users[DEMO_VILLAGES[0]]
    if case is None or by is None:
        return None
    step = case_record_objection(case=case, by=by, objection="村民反映该户有稳定经营收入（演示）")
    return case, step, Appeal.Kind.OBJECTION


def _write(
    case: Case,
    decision: CaseStep,
    kind: str,
    plan: tuple[Any, ...],
    users: dict[str, Any],
    today: datetime.date,
) -> None:
    status, outcome, age, overdue = plan
    village_user = users.get(case.village.code) or users["village"]
    received = today - datetime.timedelta(days=age)
    since = today - datetime.timedelta(days=max(age // 2, 1))
    due = today + datetime.timedelta(days=-2 if overdue else 3)
    fields: dict[str, Any] = {}
    steps: list[tuple[str, Any, str, str, dict[str, str]]] = [
        (AppealStep.Action.REGISTER, village_user, Role.VILLAGE, "家中有重病患者，收入核算有误（演示）", {})
    ]
    reviewed = received + datetime.timedelta(days=2)
    if status != S.TOWNSHIP:
        opinion = (
            "理由不成立，驳回（演示）" if outcome == OC.DISMISSED else "收入核算存疑，报县级复核（演示）"
        )
        fields.update(township_opinion=opinion, township_on=reviewed)
        action = AppealStep.Action.DISMISS if outcome == OC.DISMISSED else AppealStep.Action.FORWARD
        steps.append((action, users["township"], Role.TOWNSHIP, opinion, {}))
    if outcome in (OC.UPHELD, OC.OVERTURNED):
        opinion = "维持原决定（演示）" if outcome == OC.UPHELD else "撤销原决定（演示）"
        fields.update(county_opinion=opinion, county_on=reviewed + datetime.timedelta(days=3))
        if outcome == OC.OVERTURNED:
            fields["follow_up"] = FOLLOW_UP[kind]
        action = AppealStep.Action.UPHOLD if outcome == OC.UPHELD else AppealStep.Action.OVERTURN
        steps.append((action, users["county"], Role.COUNTY, opinion, {"outcome": outcome}))
    if status == S.CLOSED:
        fields.update(informed_on=reviewed + datetime.timedelta(days=5), inform_way=Appeal.Way.IN_PERSON)
        steps.append((AppealStep.Action.INFORM, village_user, Role.VILLAGE, "已当面告知户主（演示）", {}))
    appeal = Appeal(
        case=case, decision=decision, household=case.household, village=case.village, kind=kind,
        appellant=case.household.head_name, received_on=received, grounds=steps[0][3], status=status,
        outcome=outcome, step_since=since, due_on=due, created_by=village_user, **fields,
    )  # fmt: skip
    appeal._history_user = village_user  # type: ignore[attr-defined]
    appeal.save()
    AppealStep.objects.bulk_create(
        AppealStep(appeal=appeal, action=a, by=u, role=r, opinion=o, details=d) for a, u, r, o, d in steps
    )


@transaction.atomic
def build(*, stdout: Any, **_: Any) -> None:
    if Appeal.objects.exists():
        return
    today = timezone.localdate()
    users = _users()
    if users["county"] is None or users["township"] is None:
        stdout.write("  [appeals] 没有演示账号，未创建申诉。")
        return
    decisions = _decisions()
    objection = _objection(users, today)
    if objection is not None:
        decisions.insert(0, objection)
    taken: dict[str, int] = {}
    for case, decision, kind in decisions:
        code = case.village.code if case.village.code in DEMO_VILLAGES else ""
        index = taken.get(code, 0)
        if index < len(PLAN):
            _write(case, decision, kind, PLAN[index], users, today)
        taken[code] = index + 1
    stdout.write(f"  [appeals] 申诉 {Appeal.objects.count()} 件")
