"""Household queries in the domain's words: search, flags, monitored, below the line."""

from typing import TYPE_CHECKING

from django.db import models

from accounts.scope import ScopedQuerySet

from . import hooks

if TYPE_CHECKING:
    from .models import Household  # noqa: F401  # named in the base class below


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    region_field = "village"

    def with_flag(self, kind: str, on=None) -> "HouseholdQuerySet":
        from .models import HouseholdFlag

        return self.filter(pk__in=HouseholdFlag.objects.active(on).filter(kind=kind).values("household_id"))

    def search(self, term: str, *, by_id: bool = True) -> "HouseholdQuerySet":
        """Household number or a member's ID number (digits), or a member's name (prefix).

        ``by_id=False`` (a reader who sees ID numbers masked) leaves ID numbers out: a prefix
        search on them would let that reader rebuild a number digit by digit (SPEC 9a).

        Written as ``pk IN (a UNION b)`` rather than an OR across tables so each side runs on its
        own prefix index; the head is a member, so a name search covers the head too.
        """
        from .models import Member

        term = term.strip()
        if not term:
            return self
        if term[:1].isdigit():
            if len(term) == 15 and term.isdigit():  # a legacy ID number finds the upgraded one
                from .idnumbers import upgrade_15

                term = upgrade_15(term)
            numbers = self.model.objects.filter(number__startswith=term).values("pk")
            if not by_id:
                return self.filter(pk__in=numbers)
            people = Member.objects.filter(person_id__startswith=term.upper()).values("household_id")
            return self.filter(pk__in=numbers.union(people))
        return self.filter(pk__in=Member.objects.filter(name__startswith=term).values("household_id"))

    def monitored(self, yes: bool = True) -> "HouseholdQuerySet":
        """Households with (or without) a case under monitoring (监测中, including exiting); the
        cases query comes from monitoring through ``households.hooks``."""
        cases = hooks.monitored_cases()
        return self.filter(models.Exists(cases) if yes else ~models.Exists(cases))

    def annotate_monitored(self) -> "HouseholdQuerySet":
        return self.annotate(is_monitored=models.Exists(hooks.monitored_cases()))

    def below_line(self, on=None) -> "HouseholdQuerySet":
        """The list-sized twin of ``selectors.income_status(h).below_line`` (one rule, there)."""
        from .selectors import below_line_condition

        return self.filter(below_line_condition(on))
