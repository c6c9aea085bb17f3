"""The OpenAPI schema is valid and its docs are served from local files, never a CDN."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn makes drf-spectacular's warnings (unresolvable fields, enum clashes) errors too.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    assert "openapi: 3" in text
    assert "/api/v1/cases/" in text


def test_schema_is_served_to_anyone_who_may_read_it(client_for, viewer):
    response = client_for(viewer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("守线")


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_load_their_assets_locally(url, client_for, viewer):
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn." not in html and "jsdelivr" not in html and "unpkg" not in html


def test_schema_needs_a_login():
    assert APIClient().get("/api/v1/schema/").status_code == 401


def test_schema_documents_the_flat_error_shape(client_for, viewer):
    schema = client_for(viewer).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "members.0.id_number" in schema["info"]["description"]
    assert "members_missing" in schema["info"]["description"]
    errors = schema["components"]["schemas"]["Error"]["properties"]["errors"]
    assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_have_no_inline_script_for_the_csp(url, client_for, viewer):
    import re

    response = client_for(viewer).get(url)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_swagger_start_script_is_served_as_a_file(client_for, viewer):
    response = client_for(viewer).get("/api/v1/docs/?script=")
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()
