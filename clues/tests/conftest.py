import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Department, Role
from clues.datasets import KINDS
from clues.uploads import upload_create
from conftest import make_user
from households.tests.factories import HouseholdFactory, MemberFactory


@pytest.fixture(autouse=True)
def eager_tasks():
    """Tasks run in-process here even when REDIS_URL points at a broker with no worker."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def member_in():
    def make(village, **fields):
        household = fields.pop("household", None) or HouseholdFactory(village=village)
        return MemberFactory(household=household, **fields)

    return make


@pytest.fixture
def yibao_user(regions):
    return make_user(
        "yibao_user", Role.DEPARTMENT, regions["county"], department=Department.MEDICAL_INSURANCE
    )


def csv_bytes(
    kind: str, rows: list[list], encoding: str = "utf-8", headers: list[str] | None = None
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers or KINDS[kind].headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """``upload(user, kind, content)``: upload through the service and run the job; the upload back."""

    def run(user, kind, content: bytes, name: str = "data.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            created = upload_create(by=user, kind=kind, fileobj=SimpleUploadedFile(name, content), name=name)
        created.refresh_from_db()
        return created

    return run
