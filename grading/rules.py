"""The grading rules: facts about one household in, a score and Chinese reasons out.

Pure functions over plain data, so each rule and its reason text is tested without the database;
``grading.services.grades`` gathers the facts set-wise. Weights and thresholds come from the
policies (``common.policies``, keys ``grade_*``), resolved per village by the caller.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.translation import get_language

from households.choices import Assurance
from households.selectors import IncomeStatus

from .models import Grade, GroupKind

MEDICAL_RULE = "medical_self_paid"
DEPARTMENT_WINDOW = datetime.timedelta(days=365)  # department matches count for a year
_PROBLEM = str(Assurance.PROBLEM)  # clues.datasets: its evidence carries the amount

ASSURANCE_LABELS = {
    "food_clothing": "吃穿",
    "education": "义务教育",
    "medical": "基本医疗",
    "housing": "住房安全",
    "water": "饮水安全",
}


@dataclass
class Facts:
    income: IncomeStatus
    previous_per_capita: Decimal | None = None
    case_risks: list[str] = field(default_factory=list)
    open_clue_risks: list[str] = field(default_factory=list)
    # (rule code, rule label, amount or None) of department clues of the last year
    department: list[tuple[str, str, Decimal | None]] = field(default_factory=list)
    visit_answers: dict[str, str] = field(default_factory=dict)  # of the latest visit
    members: int = 0
    able: int = 0
    groups: set[str] = field(default_factory=set)


Policy = Mapping[str, Decimal]
Rule = Callable[[Facts, Policy], list[tuple[int, str]]]


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal(1), ROUND_HALF_UP)}%"


def _yuan(amount: Decimal) -> str:
    """In 万元 (rounded down: the text says "over") from 10000, else in 元."""
    if amount >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.1"), ROUND_DOWN).normalize()
        return f"{wan:f} 万元"
    return f"{amount.quantize(Decimal(1), ROUND_HALF_UP)} 元"


def income_margin(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    status = facts.income
    if status.record is None:
        return [(int(p["grade_w_no_income"]), "收入核算窗口内无收入记录")]
    if status.line is None:
        return []
    if status.below_line:
        return [(int(p["grade_w_below_line"]), "人均纯收入低于监测范围")]
    margin = (status.record.per_capita_net - status.line.amount) / status.line.amount
    if margin < p["grade_income_margin"]:
        return [(int(p["grade_w_near_line"]), f"人均纯收入仅高于监测范围 {_percent(margin)}")]
    return []


def income_trend(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    now, before = facts.income.per_capita, facts.previous_per_capita
    if now is None or not before or before <= 0:
        return []
    drop = (before - now) / before
    if drop >= p["grade_income_drop"]:
        return [(int(p["grade_w_income_drop"]), f"人均纯收入较上期下降 {_percent(drop)}")]
    return []


def case_risks(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    if not facts.case_risks:
        return []
    risks = sorted(set(facts.case_risks))
    return [(int(p["grade_w_case_risk"]) * len(risks), "监测中风险：" + "、".join(risks))]


def open_clues(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    n = len(facts.open_clue_risks)
    if not n:
        return []
    kinds = "、".join(sorted(set(facts.open_clue_risks)))
    return [(int(p["grade_w_open_clue"]) * n, f"有 {n} 条未办结预警线索（{kinds}）")]


def department_matches(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    if not facts.department:
        return []
    found = []
    for code, label, amount in sorted(set(facts.department), key=lambda x: (x[0], x[2] or 0)):
        if code == MEDICAL_RULE and amount:
            text = f"医保自付超过 {_yuan(amount)}" if amount >= 10000 else f"医保自付 {_yuan(amount)}"
        else:
            text = f"部门比对：{label}"
        found.append((int(p["grade_w_department"]), text))
    return found


def visit_problems(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    if _PROBLEM not in facts.visit_answers.values():  # most visits: no problem (checked in C)
        return []
    problems = [ASSURANCE_LABELS[f] for f, v in facts.visit_answers.items() if v == Assurance.PROBLEM]
    if not problems:
        return []
    return [(int(p["grade_w_visit_problem"]) * len(problems), "最近走访发现问题：" + "、".join(problems))]


@lru_cache(maxsize=1024)
def _share(able: int, members: int) -> Decimal:
    """The able members' share (a few dozen distinct pairs: computed once each)."""
    return Decimal(able) / Decimal(members)


def labour_capacity(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    if not facts.members:
        return []
    share = _share(facts.able, facts.members)
    if share >= p["grade_labour_share"]:
        return []
    if not facts.able:
        return [(int(p["grade_w_labour"]), "家庭成员均无劳动能力")]
    return [(int(p["grade_w_labour"]), f"有劳动能力成员仅占 {_percent(share)}")]


_GROUP_TEXT: dict[tuple[str, frozenset[str]], tuple[int, str]] = {}


def special_groups(facts: Facts, p: Policy) -> list[tuple[int, str]]:
    if not facts.groups:
        return []
    key = (get_language() or "", frozenset(facts.groups))
    if key not in _GROUP_TEXT:  # a few dozen combinations: the labels are translated once each
        labels = [str(kind.label) for kind in GroupKind if kind in facts.groups]
        _GROUP_TEXT[key] = (len(labels), "特殊群体：" + "、".join(labels))
    n, text = _GROUP_TEXT[key]
    return [(int(p["grade_w_special_group"]) * n, text)]


RULES: tuple[Rule, ...] = (
    income_margin,
    income_trend,
    case_risks,
    open_clues,
    department_matches,
    visit_problems,
    labour_capacity,
    special_groups,
)


def grade_of(score: int, p: Policy) -> str:
    if score >= p["grade_red_score"]:
        return Grade.RED
    if score >= p["grade_orange_score"]:
        return Grade.ORANGE
    if score >= p["grade_yellow_score"]:
        return Grade.YELLOW
    return Grade.GREEN


def evaluate(facts: Facts, p: Policy) -> tuple[str, int, list[str]]:
    """The grade, score (capped at 999) and reasons, highest weight first."""
    hits = [hit for rule in RULES for hit in rule(facts, p)]
    hits.sort(key=lambda h: -h[0])
    score = min(sum(points for points, _text in hits), 999)
    return grade_of(score, p), score, [text for _points, text in hits]
