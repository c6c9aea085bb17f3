"""``/api/v1/`` resources of the register: households (with members), members, incomes, visits,
monitoring lines, duplicate candidates. Reads are scoped by ``visible_to``; ID numbers and phones masked by role; writes
call ``households.services``."""

from .views import (
    DuplicateViewSet,
    HouseholdViewSet,
    IncomeViewSet,
    MemberViewSet,
    MonitoringLineViewSet,
    VisitViewSet,
)

__all__ = [
    "DuplicateViewSet",
    "HouseholdViewSet",
    "IncomeViewSet",
    "MemberViewSet",
    "MonitoringLineViewSet",
    "VisitViewSet",
]
