"""Policy values resolved set-wise: one query for every override, then per village in memory.

``common.policies.policy_value`` answers one key for one region with a query; grading needs every
``grade_*``/``visit_*`` key for thousands of households, so it loads the overrides once.
"""

from decimal import Decimal

from common.models import PolicySetting
from common.policies import POLICIES

KEYS = [k for k in POLICIES if k.startswith(("grade_", "visit_")) or k == "income_window_months"]


class PolicyBook:
    def __init__(self) -> None:
        self._overrides: dict[tuple[str, str], tuple[int, Decimal]] = {}
        for key, code, depth, value in PolicySetting.objects.filter(key__in=KEYS).values_list(
            "key", "region__code", "region__depth", "value"
        ):
            self._overrides[(key, code)] = (depth, value)
        self._codes = {code for _key, code in self._overrides}
        self._defaults = {key: POLICIES[key].default for key in KEYS}
        self._cache: dict[str, dict[str, Decimal]] = {}

    def for_path(self, path: str) -> dict[str, Decimal]:
        """Every key's value for the region with materialised ``path`` (nearest ancestor wins).

        Regions without an override on their path share one dict (callers may key caches on it)."""
        if path not in self._cache:
            codes = [c for c in path.strip("/").split("/") if c in self._codes]
            if not codes:
                self._cache[path] = self._defaults
                return self._defaults
            values = {}
            for key in KEYS:
                found = [self._overrides[(key, c)] for c in codes if (key, c) in self._overrides]
                values[key] = max(found)[1] if found else POLICIES[key].default
            self._cache[path] = values
        return self._cache[path]
