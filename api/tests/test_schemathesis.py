"""Property-based check of the whole API against its own schema (schemathesis): for a token of
each role, generated requests to every operation never answer 5xx and every response (status,
content type, body) conforms to the schema. Examples are bounded so the run stays short."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import seed_household

pytestmark = pytest.mark.django_db(transaction=False)

PERSONAS = ["cadre_a", "township_user", "county_user", "viewer", "department_user", "nobody"]
EXAMPLES_PER_OPERATION = 5
# "No 5xx and conforms to the schema". Not schemathesis's acceptance heuristics: a well-formed
# region code outside the caller's scope is rightly a 400, which the schema cannot express.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def keep_connection():
    """Django closes the database connection when a WSGI request finishes; inside a test that
    connection holds the test's transaction (PostgreSQL), so keep it open, as Django's own test
    Client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(regions, superuser):
    for i, village in enumerate(("village_a", "village_b", "village_c")):
        seed_household(regions[village], superuser, number=f"7{i:011d}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_conforms_to_the_schema(persona, request, api_schema, seeded, keep_connection):
    user = request.getfixturevalue(persona)
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 10

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
