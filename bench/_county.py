"""A throw-away county for the benchmarks that build their data inside a transaction rolled back
at the end (``bench/assistance.py``, ``bench/monitoring.py``), so they can run against any
database. Import after ``django.setup()``.
"""

import datetime
import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from households.choices import LabourSkill
from households.idnumbers import synthetic_id
from households.models import Household, Member
from regions.models import Region


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run the block in a transaction that is always rolled back."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        print("rolled back")


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would keep on a live database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(label, fn) -> None:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed * 1000:9.1f} ms  {len(queries):3d} queries  -> {result}")


def county_tree() -> tuple[Region, list[Region], list[Region]]:
    """基准县 with 30 townships of 11 villages each."""
    county = Region.objects.create(code="509990000000", name="基准县", level="county")
    townships, villages = [], []
    for t in range(30):
        township = Region.objects.create(
            code=f"509990{200 + t:03d}000", name=f"乡{t}", level="township", parent=county
        )
        townships.append(township)
        villages += [
            Region.objects.create(
                code=f"509990{200 + t:03d}{200 + v:03d}", name=f"村{t}-{v}", level="village", parent=township
            )
            for v in range(11)
        ]
    return county, townships, villages


def households_with_heads(
    n: int, villages: list[Region], rng, *, uninsured_one_in: int = 0
) -> list[Household]:
    """``n`` households spread over ``villages``, each with its 户主 (half able to work; one in
    ``uninsured_one_in`` without medical insurance when given)."""
    households = Household.objects.bulk_create(
        (Household(number=f"B{i:012d}", village=rng.choice(villages), head_name="基准") for i in range(n)),
        batch_size=2000,
    )

    def head(i: int, household: Household) -> Member:
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 9000)
        pid = synthetic_id("509990", born, i % 999 + 1, True)
        uninsured = uninsured_one_in and rng.randrange(uninsured_one_in) == 0
        return Member(
            household=household, name="基准", id_number=pid, person_id=pid, sex="男", birth_date=born,
            relationship="户主", education="初中",
            labour_skill=rng.choice([LabourSkill.ORDINARY, LabourSkill.NONE]),
            medical_insurance="未参保" if uninsured else "城乡居民医保",
        )  # fmt: skip

    Member.objects.bulk_create((head(i, h) for i, h in enumerate(households)), batch_size=2000)
    return households
