"""Data-quality checks of the assistance rules, registered in the shared registry.

The logic lives in :mod:`assistance.rules`; these are the registry's names for it.
"""

from common.quality import register

from .rules import RULES

for _rule in RULES:
    register(_rule.code, _rule.label, "monitoring.Case")(_rule.find)
