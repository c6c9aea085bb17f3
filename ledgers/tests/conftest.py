import datetime
import io

import openpyxl
import pytest
from django.test import TestCase

from assistance.models import Measure, MeasureCategory
from households.choices import Assurance, Relationship, SchoolStatus
from households.models import Visit
from households.tests.factories import HouseholdFactory, MemberFactory
from monitoring.models import Case, CaseRisk, Category, Channel
from monitoring.reviews import ReviewEntry, ReviewRound


def make_household(village, number, *, head="张三", phone="13812345678", members=1):
    household = HouseholdFactory(
        village=village, number=number, head_name=head, phone=phone, member_count=members, address="一组"
    )
    MemberFactory(household=household, name=head, relationship=Relationship.HEAD)
    for i in range(members - 1):
        MemberFactory(
            household=household,
            name=f"{head}之子{i}",
            relationship=Relationship.SON,
            sex="男",
            birth_date=datetime.date(2012, 3, 4),
            education="",
            school_status=SchoolStatus.GRADE_7,
        )
    return household


def make_case(household, by, *, status=Case.Status.MONITORED, category=Category.EDGE, found=None):
    found = found or datetime.date(2026, 3, 1)
    case = Case.objects.create(
        household=household,
        village=household.village,
        category=category,
        channel=Channel.CADRE_VISIT,
        status=status,
        step=0,
        found_on=found,
        deadline=found + datetime.timedelta(days=15),
        enrolled_on=found + datetime.timedelta(days=10),
        created_by=by,
    )
    CaseRisk.objects.create(case=case, risk_type="因病")
    CaseRisk.objects.create(case=case, risk_type="因自然灾害", disaster_subtype="洪涝")
    return case


@pytest.fixture
def register(regions, cadre_a, county_user):
    """Two households in 建龙村, one in 联合村, one in 徐坪村 (another township), each with a case."""
    a1 = make_household(regions["village_a"], "500230201201001", head="张三", members=3)
    a2 = make_household(regions["village_a"], "500230201201002", head="李四", members=2)
    b1 = make_household(regions["village_b"], "500230201202001", head="王五", members=2)
    c1 = make_household(regions["village_c"], "500230103201001", head="赵六", members=1)
    cases = {
        "a1": make_case(a1, cadre_a),
        "a2": make_case(a2, cadre_a, status=Case.Status.ELIMINATED, category=Category.SUDDEN_HARDSHIP,
                        found=datetime.date(2025, 6, 1)),
        "b1": make_case(b1, cadre_a),
        "c1": make_case(c1, cadre_a),
    }  # fmt: skip
    parent = MeasureCategory.objects.create(code="test-industry", name="测试产业帮扶", kind="development")
    child = MeasureCategory.objects.create(
        code="test-industry-plant", name="测试种植业", kind="development", parent=parent
    )
    for key, case in cases.items():
        Measure.objects.create(
            case=case, category=child, content=f"发展种植{key}", amount="1500.50", created_by=cadre_a,
            status=Measure.Status.IMPLEMENTING, planned_start=datetime.date(2026, 4, 1),
        )  # fmt: skip
        Visit.objects.create(
            household=case.household, visited_on=datetime.date(2026, 5, 6), visitor=cadre_a,
            food_clothing=Assurance.SECURE, education=Assurance.SECURE, medical=Assurance.PROBLEM,
            housing=Assurance.SECURE, water=Assurance.SECURE, new_risks=["因病"],
        )  # fmt: skip
    for village, keys in ((regions["village_a"], ("a1",)), (regions["village_b"], ("b1",))):
        round_ = ReviewRound.objects.create(
            village=village, year=2026, quarter=2, status=ReviewRound.Status.COMPLETED,
            held_on=datetime.date(2026, 6, 20), participants="村两委、驻村工作队",
        )  # fmt: skip
        for key in keys:
            ReviewEntry.objects.create(
                round=round_,
                case=cases[key],
                risk_status=ReviewEntry.RiskStatus.EASING,
                plan_changes="增加就业帮扶",
            )
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1, "cases": cases}


def read_book(content: bytes):
    """Round-trip through openpyxl (full load, not read-only): what Excel users would open."""
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(ws) -> list[list]:
    """The title row, then header and data rows without the writer's 序号 column (which
    ``test_rows_are_numbered_and_set_up_for_print`` checks on its own)."""
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    if len(rows) > 1 and rows[1] and rows[1][0] == "序号":
        return rows[:1] + [row[1:] for row in rows[1:]]
    return rows


def download(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Persona users are created with a password; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Exports and imports queue Celery tasks; with REDIS_URL set (CI) they would wait for a
    worker, so the tests run them in-process, as the embedded set-up does."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def post_committed(client, url, data=None):
    """POST as in production, where the request's transaction commits: what the services queue
    ``on_commit`` (the import and export tasks) runs after the response."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})
