import pytest

from .factories import make_asset


@pytest.fixture
def asset_a(regions):
    """A village-collective cold store in village A (建龙村)."""
    return make_asset(regions["village_a"], name="建龙村冷链保鲜库")


@pytest.fixture
def asset_c(regions):
    """An asset in village C, in the other township (江池镇)."""
    return make_asset(regions["village_c"], name="徐坪村光伏电站")
