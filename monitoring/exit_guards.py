"""Exit guards that higher apps add at ``ready()``.

An assisted exit (帮扶消除) needs at least one implemented measure, and measures live in
assistance, above monitoring. So the exit service asks this registry instead of importing
assistance: each guard takes the case and returns a refusal (Chinese text) or None.
"""

from collections.abc import Callable
from typing import Any

ASSISTED_EXIT_GUARDS: list[Callable[[Any], str | None]] = []


def add_assisted_exit_guard(guard: Callable[[Any], str | None]) -> None:
    if guard not in ASSISTED_EXIT_GUARDS:
        ASSISTED_EXIT_GUARDS.append(guard)


def assisted_exit_refusals(case: Any) -> list[str]:
    """The refusals of every registered guard for an assisted exit of ``case``."""
    return [refusal for guard in ASSISTED_EXIT_GUARDS if (refusal := guard(case))]
