import pytest

from api.throttling import TokenRateThrottle

pytestmark = pytest.mark.django_db


def test_each_token_is_throttled_on_its_own(api_for, cadre_a, cadre_b, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    a, b = api_for(cadre_a), api_for(cadre_b)
    assert [a.get("/api/v1/regions/").status_code for _ in range(3)] == [200, 200, 200]
    refused = a.get("/api/v1/regions/")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "Retry-After" in refused
    assert b.get("/api/v1/regions/").status_code == 200
