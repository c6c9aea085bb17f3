"""扶贫小额信贷: every change of a loan goes through here.

待发放 → (issue) 正常 → 逾期 (the daily check) → 正常 again once the arrears are repaid; 展期 once,
from 正常 or 逾期; 已结清 when principal and interest are repaid; 已取消 before the loan is issued.
The user actions are the table ``LOAN_WORKFLOW``; the overdue check is the system's, not a user's.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from assistance.insurance import covered_households
from common.errors import ServiceError
from common.notify import notify
from common.policies import policy_int, policy_value
from common.workflow import Transition, Workflow, transition
from households.models import Member
from regions.models import Region

from .models import Extension, Instalment, Loan, Repayment
from .schedule import add_months, build_schedule

S = Loan.Status
RUNNING = set(Loan.RUNNING_STATUSES)
BORROWER_AGES = (18, 65)  # 年满18周岁、不超过65周岁 (the 扶贫小额信贷 policy)

LOAN_WORKFLOW = Workflow(
    model=Loan,
    region=lambda loan: loan.household.village,
    transitions={
        "issue": Transition({S.PENDING}, Role.VILLAGE, S.NORMAL),
        "repay": Transition(RUNNING, Role.VILLAGE, None),  # the service decides where it leads
        "extend": Transition({S.NORMAL, S.OVERDUE}, (Role.VILLAGE, Role.TOWNSHIP), S.EXTENDED),
        "cancel": Transition({S.PENDING}, (Role.VILLAGE, Role.TOWNSHIP), S.CANCELLED),
    },
)


def _required(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ServiceError(message, field=field)
    return value.strip()


def _age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def eligible(household_id: int, on: datetime.date) -> bool:
    """脱贫户 or monitored (the households ``assistance.insurance`` checks, one definition)."""
    return covered_households(on).filter(pk=household_id).exists()


@transaction.atomic
def loan_register(
    *,
    borrower: Member,
    by: User,
    bank: str,
    amount: Decimal,
    term_months: int,
    annual_rate: Decimal,
    subsidy_rate: Decimal = Decimal(0),
    method: str = Loan.Method.QUARTERLY_INTEREST,
    purpose: str,
    applied_on: datetime.date | None = None,
) -> Loan:
    """A village cadre registers a loan (待发放) for a member of an eligible household."""
    household = borrower.household
    village = household.village
    require_role(by, Role.VILLAGE, region=village)
    today = timezone.localdate()
    applied_on = applied_on or today
    if applied_on > today:
        raise ServiceError(_("登记日期不能晚于今天。"), field="applied_on")
    if borrower.removed_on is not None:
        raise ServiceError(_("借款人已减员，不能作为借款人。"), field="borrower")
    if not eligible(household.pk, applied_on):
        raise ServiceError(_("该户既不是脱贫户也不是监测对象，不能享受扶贫小额信贷。"), field="borrower")
    low, high = BORROWER_AGES
    if not low <= _age_on(borrower.birth_date, applied_on) <= high:
        raise ServiceError(
            _("借款人须年满%(low)d周岁且不超过%(high)d周岁。") % {"low": low, "high": high}, field="borrower"
        )
    if Loan.objects.filter(household=household, status__in=(S.PENDING, *RUNNING)).exists():
        raise ServiceError(_("该户已有未结清的小额信贷，不能重复登记。"), field="borrower")
    limit = policy_value("loan_max_amount", village)
    if not Decimal(0) < amount <= limit:
        raise ServiceError(
            _("贷款金额须大于0且不超过%(limit)s元。") % {"limit": f"{limit:,.0f}"}, field="amount"
        )
    max_term = policy_int("loan_max_term_months", village)
    if not 0 < term_months <= max_term:
        raise ServiceError(_("贷款期限须在1至%(n)d个月之间。") % {"n": max_term}, field="term_months")
    if annual_rate < 0 or subsidy_rate < 0 or subsidy_rate > annual_rate:
        raise ServiceError(_("贴息利率不能为负，也不能高于贷款年利率。"), field="subsidy_rate")
    if method not in Loan.Method.values:
        raise ServiceError(_("请选择还款方式。"), field="method")
    return Loan.objects.create(
        household=household,
        borrower=borrower,
        bank=_required(bank, "bank", _("请填写贷款银行。")),
        amount=amount,
        term_months=term_months,
        annual_rate=annual_rate,
        subsidy_rate=subsidy_rate,
        method=method,
        purpose=_required(purpose, "purpose", _("请填写贷款用途。")),
        applied_on=applied_on,
        created_by=by,
    )


def _write_schedule(loan: Loan, rows: Iterable[Any]) -> Decimal:
    instalments = [
        Instalment(
            loan=loan,
            number=r.number,
            due_on=r.due_on,
            principal=r.principal,
            interest=r.interest,
            subsidy=r.subsidy,
        )
        for r in rows
    ]
    Instalment.objects.bulk_create(instalments)
    return sum((i.subsidy for i in instalments), Decimal(0))


@transaction.atomic
def loan_issue(*, loan: Loan, by: User, issued_on: datetime.date) -> Loan:
    """发放: the bank paid the loan out; the due date and the schedule follow from the terms."""
    LOAN_WORKFLOW.check(loan, "issue", by)
    if issued_on > timezone.localdate() or issued_on < loan.applied_on:
        raise ServiceError(_("发放日期须不早于登记日期且不晚于今天。"), field="issued_on")
    due_on = add_months(issued_on, loan.term_months)
    rows = build_schedule(
        amount=loan.amount,
        annual_rate=loan.annual_rate,
        subsidy_rate=loan.subsidy_rate,
        start=issued_on,
        end=due_on,
        method=loan.method,
    )
    subsidy = _write_schedule(loan, rows)
    transition(loan, to=S.NORMAL, by=by, issued_on=issued_on, due_on=due_on, subsidy_amount=subsidy)
    return loan


@transaction.atomic
def loan_cancel(*, loan: Loan, by: User, reason: str) -> Loan:
    LOAN_WORKFLOW.check(loan, "cancel", by)
    text = _required(reason, "reason", _("请填写取消原因。"))
    transition(loan, to=S.CANCELLED, by=by, cancel_reason=text)
    return loan


def _grace(loan: Loan) -> int:
    return policy_int("loan_overdue_grace_days", loan.household.village)


def arrears_since(loan: Loan, on: datetime.date, grace: int) -> datetime.date | None:
    """The earliest due date with something unpaid that is overdue on ``on`` (after the grace)."""
    first: datetime.date | None = loan.instalments.filter(
        _unpaid(), due_on__lt=on - datetime.timedelta(days=grace)
    ).aggregate(first=Min("due_on"))["first"]
    return first


def _unpaid() -> Q:
    return Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest"))


@transaction.atomic
def loan_repay(
    *,
    loan: Loan,
    by: User,
    paid_on: datetime.date,
    principal: Decimal = Decimal(0),
    interest: Decimal = Decimal(0),
    note: str = "",
) -> Loan:
    """Record a repayment: interest and principal go to the earliest instalments first."""
    LOAN_WORKFLOW.check(loan, "repay", by)
    today = timezone.localdate()
    if paid_on > today or (loan.issued_on and paid_on < loan.issued_on):
        raise ServiceError(_("还款日期须不早于发放日期且不晚于今天。"), field="paid_on")
    if principal < 0 or interest < 0 or principal + interest <= 0:
        raise ServiceError(_("请填写还款本金或利息（不能为负）。"), field="principal")
    if principal > loan.principal_outstanding:
        raise ServiceError(
            _("还款本金超过未还本金 %(left)s 元。") % {"left": loan.principal_outstanding}, field="principal"
        )
    instalments = list(loan.instalments.select_for_update().order_by("number"))
    owed_interest = sum((i.interest - i.paid_interest for i in instalments), Decimal(0))
    if interest > owed_interest:
        raise ServiceError(
            _("还款利息超过应还利息 %(left)s 元。") % {"left": owed_interest}, field="interest"
        )
    left_p, left_i = principal, interest
    for item in instalments:
        take_i = min(left_i, item.interest - item.paid_interest)
        take_p = min(left_p, item.principal - item.paid_principal)
        item.paid_interest += take_i
        item.paid_principal += take_p
        left_i -= take_i
        left_p -= take_p
    Instalment.objects.bulk_update(instalments, ["paid_principal", "paid_interest"])
    Repayment.objects.create(
        loan=loan, paid_on=paid_on, principal=principal, interest=interest, note=note.strip(), created_by=by
    )
    repaid: dict[str, Any] = {
        "principal_repaid": loan.principal_repaid + principal,
        "interest_repaid": loan.interest_repaid + interest,
    }
    if all(i.unpaid == 0 for i in instalments):
        transition(loan, to=S.SETTLED, by=by, settled_on=paid_on, overdue_since=None, **repaid)
        return loan
    since = arrears_since(loan, today, _grace(loan))
    if since is not None:
        status = S.OVERDUE
    else:
        status = S.EXTENDED if loan.extended else S.NORMAL
    transition(loan, to=status, by=by, overdue_since=since, **repaid)
    return loan


@transaction.atomic
def loan_extend(*, loan: Loan, by: User, new_due_on: datetime.date, reason: str) -> Loan:
    """展期 (once, 银保监发〔2021〕6号): the unpaid principal falls due on ``new_due_on``.

    The extension must not be longer than the loan's own term, and overdue interest must be paid
    first. Interest until the old due date stays as scheduled; the extension's own interest is
    scheduled quarterly on the principal outstanding.
    """
    LOAN_WORKFLOW.check(loan, "extend", by)
    text = _required(reason, "reason", _("请填写展期原因。"))
    if loan.extended:
        raise ServiceError(_("该笔贷款已展期一次，不能再次展期。"), field="new_due_on")
    assert loan.due_on is not None and loan.issued_on is not None
    if new_due_on <= loan.due_on:
        raise ServiceError(_("展期后到期日期须晚于原到期日期。"), field="new_due_on")
    if new_due_on > add_months(loan.due_on, loan.term_months):
        raise ServiceError(_("展期期限不能超过原贷款期限。"), field="new_due_on")
    today = timezone.localdate()
    late_interest = loan.instalments.filter(due_on__lt=today, paid_interest__lt=F("interest")).exists()
    if late_interest:
        raise ServiceError(_("展期前须先还清已到期的利息。"), field="new_due_on")
    instalments = list(loan.instalments.select_for_update().order_by("number"))
    outstanding = loan.principal_outstanding
    for item in instalments:
        item.principal = item.paid_principal  # the unpaid principal moves to the new due date
    Instalment.objects.bulk_update(instalments, ["principal"])
    rows = build_schedule(
        amount=outstanding,
        annual_rate=loan.annual_rate,
        subsidy_rate=loan.subsidy_rate,
        start=loan.due_on,
        end=new_due_on,
        first_number=len(instalments) + 1,
    )
    subsidy = _write_schedule(loan, rows)
    Extension.objects.create(
        loan=loan, old_due_on=loan.due_on, new_due_on=new_due_on, reason=text, created_by=by
    )
    transition(
        loan,
        to=S.EXTENDED,
        by=by,
        due_on=new_due_on,
        extended=True,
        overdue_since=None,
        subsidy_amount=loan.subsidy_amount + subsidy,
    )
    return loan


def users_over(village: Region, role: str) -> QuerySet[User]:
    """Active users holding ``role`` over ``village`` (assigned to it or to a region above)."""
    codes = village.path.strip("/").split("/")
    return User.objects.filter(
        is_active=True, role_assignments__role=role, role_assignments__regions__code__in=codes
    ).distinct()


def _policy_cache(key: str) -> Any:
    cache: dict[int, int] = {}

    def value(village: Region) -> int:
        if village.pk not in cache:
            cache[village.pk] = policy_int(key, village)
        return cache[village.pk]

    return value


def loans_check_overdue(*, on: datetime.date | None = None) -> int:
    """The daily check (beat): running loans with arrears past the grace days become 逾期 and the
    village hears of it; after ``loan_overdue_township_days`` days the township hears too.

    Idempotent: a loan falls overdue once per episode and each notice carries a dedupe key of the
    loan and the day the arrears began, so a second run the same day (or the next) sends nothing
    new. Returns how many loans fell overdue in this run.
    """
    on = on or timezone.localdate()
    grace = _policy_cache("loan_overdue_grace_days")
    township_days = _policy_cache("loan_overdue_township_days")
    first_due = (
        Instalment.objects.filter(_unpaid(), loan__status__in=RUNNING, due_on__lt=on)
        .values("loan_id")
        .annotate(first=Min("due_on"))
    )
    firsts = {row["loan_id"]: row["first"] for row in first_due}
    loans = Loan.objects.filter(pk__in=list(firsts)).select_related("household__village", "borrower")
    fell = 0
    for loan in loans:
        village = loan.household.village
        since = firsts[loan.pk]
        days = (on - since).days
        if days <= grace(village):
            continue
        with transaction.atomic():
            if loan.status != S.OVERDUE:
                transition(loan, to=S.OVERDUE, by=None, overdue_since=since)
                fell += 1
            elif loan.overdue_since != since:  # part of the arrears repaid: the episode moved
                transition(loan, to=S.OVERDUE, by=None, overdue_since=since)
            link = reverse("microcredit:loan", args=[loan.pk])
            notify(
                users_over(village, Role.VILLAGE),
                kind="loan_overdue",
                message=_("%(name)s在%(bank)s的小额信贷自 %(since)s 起逾期，请督促还款。")
                % {"name": loan.borrower.name, "bank": loan.bank, "since": since.isoformat()},
                link=link,
                dedupe_key=f"loan-overdue:{loan.pk}:{since.isoformat()}",
            )
            if days >= township_days(village):
                notify(
                    users_over(village, Role.TOWNSHIP),
                    kind="loan_overdue",
                    message=_("%(village)s %(name)s的小额信贷已逾期 %(days)d 天（%(bank)s）。")
                    % {"village": village.name, "name": loan.borrower.name, "days": days, "bank": loan.bank},
                    link=link,
                    dedupe_key=f"loan-overdue-township:{loan.pk}:{since.isoformat()}",
                )
    return fell
