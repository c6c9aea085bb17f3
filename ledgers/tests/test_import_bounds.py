"""The household import holds the member fields' bounds, read from the model (households.bounds)."""

import pytest

from households.models import Member
from ledgers.models import ImportRun

from .test_import import errors_of, good_rows, run_of, upload, xlsx

pytestmark = pytest.mark.django_db


def test_thirteen_months_worked_is_a_row_error(client_for, cadre_a):
    rows = good_rows()
    rows[0]["务工时间（月）"] = "13"
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    assert run.status == ImportRun.Status.INVALID
    assert any(r == 2 and c == "务工时间（月）" and "0 到 12" in reason for r, c, reason in errors_of(run))
    assert not Member.objects.exists()
