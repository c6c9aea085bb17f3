"""``/api/v1/`` resources of the register: households (with members), members, incomes, visits,
monitoring lines. Reads are scoped by ``visible_to``; ID numbers and phones masked by role; writes
call ``households.services``."""

from .views import HouseholdViewSet, IncomeViewSet, MemberViewSet, MonitoringLineViewSet, VisitViewSet

__all__ = ["HouseholdViewSet", "IncomeViewSet", "MemberViewSet", "MonitoringLineViewSet", "VisitViewSet"]
