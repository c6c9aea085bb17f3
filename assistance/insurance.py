"""养老保险 and 医保 checks of members of monitored and 脱贫 households (seed 003 line 43).

Who is checked: current members of households that are monitored (a case 监测中) or hold an
active 脱贫户 flag on the reference day.

* Lacking 养老保险: aged 16–59 on the day (born after day − 60 years and on or before day − 16
  years), not in school (no 在校生状况), ``pension_insurance`` false. Those are the people the
  county pays contributions for (代缴).
* Lacking 医保: neither 城乡居民医保 nor 职工医保.
* 医保参保率: members with 医保 / all members checked (``medical_insurance_rate``); the plan row
  农村人口基本医保参保率 is bound to it (``indicators.metrics``).
"""

import datetime

from django.db.models import Case as When_
from django.db.models import Q, QuerySet, Value, When
from django.db.models.fields import BooleanField

from households.choices import HouseholdFlagKind, MedicalInsurance
from households.models import Household, HouseholdFlag, Member
from monitoring.models import Case

INSURED = (MedicalInsurance.RESIDENT, MedicalInsurance.EMPLOYEE)
PENSION_AGES = (16, 60)  # from the 16th birthday to the day before the 60th


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def covered_households(on: datetime.date) -> QuerySet[Household]:
    """Households checked: monitored now, or 脱贫户 on ``on``."""
    monitored = Case.objects.monitored().values("household_id")
    former_poor = (
        HouseholdFlag.objects.active(on).filter(kind=HouseholdFlagKind.FORMER_POOR).values("household_id")
    )
    return Household.objects.filter(Q(pk__in=monitored) | Q(pk__in=former_poor))


def covered_members(members: QuerySet[Member], on: datetime.date) -> QuerySet[Member]:
    """Current members of ``members`` (a scoped queryset) living in a checked household."""
    return members.filter(removed_on__isnull=True, household__in=covered_households(on).values("pk"))


def _pension_band(on: datetime.date) -> Q:
    low, high = PENSION_AGES
    return Q(birth_date__gt=years_before(on, high), birth_date__lte=years_before(on, low), school_status="")


def lacks_pension(on: datetime.date) -> Q:
    return _pension_band(on) & Q(pension_insurance=False)


def lacks_medical() -> Q:
    return ~Q(medical_insurance__in=INSURED)


def insurance_gaps(members: QuerySet[Member], on: datetime.date, *, kind: str = "") -> QuerySet[Member]:
    """Checked members lacking 养老保险 (``kind="pension"``), 医保 (``"medical"``) or either (``""``),
    each annotated with ``no_pension`` and ``no_medical``."""
    gaps = {"pension": lacks_pension(on), "medical": lacks_medical()}
    wanted = gaps[kind] if kind else gaps["pension"] | gaps["medical"]
    return (
        covered_members(members, on)
        .filter(wanted)
        .annotate(
            no_pension=When_(
                When(lacks_pension(on), then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            no_medical=When_(
                When(lacks_medical(), then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .select_related("household__village")
        .order_by("household__village__code", "household__number", "id")
    )


def medical_insurance_rate(members: QuerySet[Member], on: datetime.date) -> tuple[int, int]:
    """(checked members with 医保, all checked members) in ``members``."""
    checked = covered_members(members, on)
    return checked.filter(medical_insurance__in=INSURED).count(), checked.count()
