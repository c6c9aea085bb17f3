"""Demo cases for the demo county: a few hundred cases in every state, with consistent step logs.

Cases are written in bulk (the services would take minutes for a county), each with the CaseStep
rows the services would have written: enrolling at each step (in and past the public notice,
returned, overdue), monitored, exiting at each step, eliminated, rolled back, rejected and
re-enrolled. 建龙村 and 联合村, the demo cadres' villages, get cases at every step so each demo user
has work. Then this quarter's review rounds are opened and some are part-done or completed.
Idempotent: when cases exist, only the (idempotent) review opener runs again.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from households.choices import HouseholdFlagKind, RiskType
from households.models import Household, HouseholdFlag
from regions.models import Region

from .models import Case, CaseRisk, CaseStep, Category, Channel, EliminationType
from .reviews import ReviewEntry, ReviewRound, quarter_of
from .services.reviews import review_open_rounds

DEMO_VILLAGES = ("500230201201", "500230201202")  # 建龙村, 联合村
RISKS = [r for r in RiskType.values if r != RiskType.DISASTER]
ENROLMENT, EXIT, ROLLBACK = CaseStep.Procedure.values
PASS, REJECT, RETURN = CaseStep.Decision.PASS, CaseStep.Decision.REJECT, CaseStep.Decision.RETURN
ROLES = {1: "village", 2: "village", 3: "village", 4: "township", 5: "county"}

# (state, weight) for villages other than the two demo villages.
PLAN = [
    ("enrolling", 14), ("enrolling_overdue", 4), ("returned", 3), ("monitored", 40), ("exiting", 8),
    ("eliminated", 15), ("rolled_back", 2), ("rejected", 6), ("re_enrolled", 4),
]  # fmt: skip
# Every state at least once, and every step of both procedures, in each demo village.
DEMO_PLAN = (
    [("enrolling", s) for s in (2, 3, 4, 5)]
    + [("in_notice", 4), ("returned", 3), ("enrolling_overdue", 2)]
    + [("exiting", s) for s in (2, 3, 4, 5)]
    + [("monitored", None)] * 6
    + [("eliminated", None), ("rolled_back", None), ("rejected", None), ("re_enrolled", None)]
)


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date, users: dict, former_poor: set):
        self.rng, self.today, self.users, self.former_poor = rng, today, users, former_poor
        self.cases: list[Case] = []
        self.risks: list[tuple[Case, str, str]] = []
        self.steps: list[tuple[Case, str, int, str, str, dict]] = []
        self.links: list[tuple[Case, Case]] = []  # (re-enrolment, earlier case): 再标注

    def user(self, village: Region, step: int) -> User:
        role = ROLES[step]
        return (
            self.users[village.code] if role == "village" and village.code in self.users else self.users[role]
        )

    def log(self, case, procedure, upto, village, decision_at=None):
        """Pass steps 1..upto of ``procedure``; then ``decision_at`` = (step, decision, opinion)."""
        for step in range(1, upto + 1):
            details = {}
            if step == 3:
                details = {"meeting_date": str(case.found_on), "participants": ["村支书", "村主任", "驻村第一书记"],
                           "votes_for": 3, "votes_against": 0, "votes_abstain": 0}  # fmt: skip
            if step == 4:
                details = {"kind": "opinion", "office": "乡村振兴办"}
            self.steps.append((case, procedure, step, PASS, "同意", details))
        if decision_at:
            step, decision, opinion = decision_at
            self.steps.append((case, procedure, step, decision, opinion, {}))

    def case(self, household: Household, state: str, step: int | None) -> Case:
        rng, today, village = self.rng, self.today, household.village
        former = household.pk in self.former_poor
        category = rng.choice(
            [Category.UNSTABLE_FORMER_POOR if former else Category.EDGE] * 3 + [Category.SUDDEN_HARDSHIP]
        )
        recent = state in ("enrolling", "in_notice", "returned", "rejected")
        found = today - datetime.timedelta(days=rng.randint(1, 8) if recent else rng.randint(200, 900))
        if state == "enrolling_overdue":
            found = today - datetime.timedelta(days=rng.randint(20, 40))
        case = Case(
            household=household, village=village, category=category, channel=rng.choice(Channel.values),
            found_on=found, deadline=found + datetime.timedelta(days=15), evidence="演示数据：入户走访发现风险",
            created_by=self.user(village, 1), status=Case.Status.ENROLLING, step=2,
        )  # fmt: skip
        step = step or rng.randint(2, 5)
        if state in ("enrolling", "enrolling_overdue", "in_notice"):
            case.step = step
            self.log(case, ENROLMENT, step - 1, village)
        elif state == "returned":  # sent back from the step after this one
            case.step = step = min(step, 4)
            self.log(case, ENROLMENT, step, village, (step + 1, RETURN, "材料不全，退回补充"))
        elif state == "rejected":
            case.status, case.step = Case.Status.REJECTED, 0
            self.log(case, ENROLMENT, 2, village, (3, REJECT, "评议未通过：家庭收入稳定"))
        else:
            case.enrolled_on = found + datetime.timedelta(days=rng.randint(8, 14))
            case.status, case.step = Case.Status.MONITORED, 0
            self.log(case, ENROLMENT, 5, village)
            if state in ("exiting", "eliminated", "rolled_back"):
                case.elimination_type = rng.choice(EliminationType.values)
            if state == "exiting":
                case.status, case.step = Case.Status.EXITING, step
                case.deadline = today + datetime.timedelta(days=rng.randint(3, 14))
                self.log(case, EXIT, step - 1, village)
            elif state in ("eliminated", "rolled_back"):
                case.status, case.eliminated_on = (
                    Case.Status.ELIMINATED,
                    today - datetime.timedelta(days=rng.randint(20, 150)),
                )
                self.log(case, EXIT, 5, village)
            if state == "rolled_back":
                self.steps.append(
                    (
                        case,
                        ROLLBACK,
                        5,
                        PASS,
                        "复核发现收入不实，回退",
                        {"elimination_type": case.elimination_type},
                    )
                )
                case.status, case.eliminated_on, case.elimination_type = Case.Status.MONITORED, None, ""
        if case.step == 4 and case.in_procedure:
            start = today - datetime.timedelta(days=1 if state == "in_notice" else 9)
            case.notice_start, case.notice_end = start, start + datetime.timedelta(days=4)
        self.cases.append(case)
        for risk in rng.sample(RISKS, rng.choice([1, 1, 2])):
            self.risks.append((case, risk, ""))
        return case

    def plan(self, household: Household, state: str, step: int | None) -> None:
        if state == "re_enrolled":
            earlier = self.case(household, "eliminated", None)
            self.links.append((self.case(household, "enrolling", step), earlier))
        else:
            self.case(household, state, step)


def _users() -> dict:
    by_name = {
        u.username: u
        for u in User.objects.filter(username__in=["village_a", "village_b", "township", "county", "admin"])
    }
    fallback = by_name.get("admin") or User.objects.filter(is_superuser=True).first()
    return {
        DEMO_VILLAGES[0]: by_name.get("village_a", fallback),
        DEMO_VILLAGES[1]: by_name.get("village_b", fallback),
        "village": fallback,
        "township": by_name.get("township", fallback),
        "county": by_name.get("county", fallback),
    }


@transaction.atomic
def build(*, stdout, seed: int = 2026, **_) -> None:
    today = timezone.localdate()
    if not Case.objects.exists():
        created = _build_cases(stdout, seed, today)
        if created is None:
            return
    opened = review_open_rounds(on=today)
    _progress_reviews(random.Random(seed), today)
    stdout.write(f"  [monitoring] 监测对象 {Case.objects.count()} 条，本季度新开研判 {opened} 轮")


def _build_cases(stdout, seed: int, today: datetime.date) -> int | None:
    rng = random.Random(seed)
    users = _users()
    households = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    if not households or users["county"] is None:
        stdout.write("  [monitoring] 没有演示农户或账号，未创建监测对象。")
        return None
    former = set(
        HouseholdFlag.objects.active(today)
        .filter(kind=HouseholdFlagKind.FORMER_POOR)
        .values_list("household_id", flat=True)
    )
    builder = _Builder(rng, today, users, former)
    demo = list(
        Household.objects.filter(village__code__in=DEMO_VILLAGES).select_related("village").order_by("pk")
    )
    for code in DEMO_VILLAGES:
        mine = [h for h in demo if h.village.code == code]
        for household, (state, step) in zip(mine, DEMO_PLAN, strict=False):
            builder.plan(household, state, step)
    used = {h.pk for h in demo}
    others = [pk for pk in households if pk not in used]
    chosen = rng.sample(others, min(len(others), max(50, min(400, len(households) // 60))))
    states, weights = zip(*PLAN, strict=True)
    for household in Household.objects.filter(pk__in=chosen).select_related("village").order_by("pk"):
        builder.plan(household, rng.choices(states, weights)[0], None)
    _write(builder)
    return len(builder.cases)


def _write(builder: _Builder) -> None:
    bulk_create_with_history(builder.cases, Case, batch_size=1000, default_user=builder.users["county"])
    for later, earlier in builder.links:
        later.previous_case_id = earlier.pk
    Case.objects.bulk_update([later for later, _ in builder.links], ["previous_case"], batch_size=1000)
    CaseRisk.objects.bulk_create(
        [CaseRisk(case_id=c.pk, risk_type=r, disaster_subtype=s) for c, r, s in builder.risks],
        batch_size=2000,
        ignore_conflicts=True,
    )
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case_id=c.pk,
                procedure=p,
                step=s,
                decision=d,
                opinion=o,
                details=det,
                by=builder.user(c.village, s),
                role=ROLES[s],
            )  # fmt: skip
            for c, p, s, d, o, det in builder.steps
        ],
        batch_size=2000,
    )


def _progress_reviews(rng: random.Random, today: datetime.date) -> None:
    """Some rounds untouched, some half recorded, about a third completed — the first run only."""
    year, quarter = quarter_of(today)
    if ReviewEntry.objects.filter(
        round__year=year, round__quarter=quarter, recorded_at__isnull=False
    ).exists():
        return
    village_user = (
        User.objects.filter(username="village_a").first() or User.objects.filter(is_superuser=True).first()
    )
    now = timezone.now()
    rounds = ReviewRound.objects.filter(year=year, quarter=quarter, status=ReviewRound.Status.OPEN)
    for rnd in rounds.select_related("village").exclude(village__code=DEMO_VILLAGES[1]).order_by("pk"):
        share = rng.random()
        entries = list(rnd.entries.order_by("pk").values_list("pk", flat=True))
        done = entries if share > 0.66 else entries[: len(entries) // 2] if share > 0.33 else []
        if rnd.village.code == DEMO_VILLAGES[0]:
            done = entries[: len(entries) // 2]  # leave 建龙村 work to do
        ReviewEntry.objects.filter(pk__in=done).update(
            risk_status=rng.choice(ReviewEntry.RiskStatus.values),
            plan_changes="维持现有帮扶措施",
            recorded_by=village_user,
            recorded_at=now,
        )
        if done and len(done) == len(entries):
            ReviewRound.objects.filter(pk=rnd.pk).update(
                status=ReviewRound.Status.COMPLETED,
                held_on=today,
                participants="村两委、驻村工作队",
                completed_at=now,
                completed_by=village_user,
                updated_at=now,
            )
