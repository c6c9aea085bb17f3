"""Demo loans (runs after the assistance demo): one loan in every state, through the services.

Borrowers are members of 脱贫户 or monitored households, those of the demo villages 建龙村 and
联合村 first (so their cadres see them); each loan is registered by the village's demo cadre (the
superuser where the village has none). Then the daily overdue check runs, so the overdue loan has
told its village and township. With loans already present it does nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from assistance.insurance import covered_households, years_before
from households.models import Member

from . import services
from .models import Instalment, Loan
from .schedule import add_months

BANKS = ["丰都农村商业银行", "中国邮政储蓄银行丰都县支行", "中国农业银行丰都县支行"]
PURPOSES = ["发展中蜂养殖", "购买榨菜种苗和化肥", "肉牛养殖", "开办农家乐", "购买小型农机", "发展柑橘种植"]


def _borrowers(today: datetime.date, count: int) -> list[Member]:
    """One adult (18–65) member of as many eligible households as needed, demo villages first."""
    members = (
        Member.objects.filter(
            removed_on__isnull=True,
            household__in=covered_households(today).values("pk"),
            birth_date__gt=years_before(today, 65),
            birth_date__lte=years_before(today, 18),
        )
        .select_related("household__village")
        .order_by("household__village__code", "household_id", "pk")
    )
    demo_villages = {"500230201201", "500230201202"}
    picked: dict[int, Member] = {}
    for member in sorted(members, key=lambda m: m.household.village.code not in demo_villages):
        picked.setdefault(member.household_id, member)
        if len(picked) == count:
            break
    return list(picked.values())


def _cadre(member: Member, admin: User) -> User:
    village = member.household.village
    return services.users_over(village, Role.VILLAGE).first() or admin


def _pay_interest_due(loan: Loan, by: User, today: datetime.date) -> None:
    owed = sum(
        (i.interest - i.paid_interest for i in Instalment.objects.filter(loan=loan, due_on__lt=today)),
        Decimal(0),
    )
    if owed:
        services.loan_repay(loan=loan, by=by, paid_on=today, interest=owed, note="按季结息")


@transaction.atomic
def build(*, stdout, **_) -> None:
    if Loan.objects.exists():
        return
    today = timezone.localdate()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    borrowers = _borrowers(today, 7)
    if not borrowers or admin is None:
        stdout.write("  [microcredit] 没有脱贫户或监测对象的成年成员，未创建演示贷款。")
        return
    # (state, months ago issued, term in months)
    plans = [
        ("overdue", 13, 36),
        ("normal", 2, 36),
        ("extended", 26, 24),
        ("settled", 14, 12),
        ("pending", 0, 36),
        ("cancelled", 0, 36),
        ("repaying", 8, 12),
    ]
    made = 0
    for n, (member, (state, months, term)) in enumerate(zip(borrowers, plans, strict=False)):
        by = _cadre(member, admin)
        issued = add_months(today, -months) if months else today
        loan = services.loan_register(
            borrower=member,
            by=by,
            bank=BANKS[n % len(BANKS)],
            amount=Decimal(50000 if n % 2 == 0 else 30000),
            term_months=term,
            annual_rate=Decimal("3.45"),
            subsidy_rate=Decimal("3.45"),
            method=Loan.Method.EQUAL_PRINCIPAL if state == "repaying" else Loan.Method.QUARTERLY_INTEREST,
            purpose=PURPOSES[n % len(PURPOSES)],
            applied_on=issued,
        )
        made += 1
        if state == "pending":
            continue
        if state == "cancelled":
            services.loan_cancel(loan=loan, by=by, reason="农户放弃贷款")
            continue
        services.loan_issue(loan=loan, by=by, issued_on=issued)
        if state == "extended":
            _pay_interest_due(loan, by, today)
            assert loan.due_on is not None
            services.loan_extend(
                loan=loan, by=by, new_due_on=add_months(loan.due_on, 12), reason="养殖受灾，还款困难"
            )
        elif state == "settled":
            owed = sum((i.interest for i in loan.instalments.all()), Decimal(0))
            services.loan_repay(loan=loan, by=by, paid_on=today, principal=loan.amount, interest=owed)
        elif state == "repaying":
            due = list(loan.instalments.filter(due_on__lt=today))
            services.loan_repay(
                loan=loan,
                by=by,
                paid_on=today,
                principal=sum((i.principal for i in due), Decimal(0)),
                interest=sum((i.interest for i in due), Decimal(0)),
            )
    overdue = services.loans_check_overdue(on=today)
    stdout.write(f"  [microcredit] 演示贷款 {made} 笔，其中逾期 {overdue} 笔。")
