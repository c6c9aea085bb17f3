"""Guards that higher apps add at ``ready()``, so monitoring never imports them.

- An assisted exit (帮扶消除) needs at least one implemented measure, and measures live in
  assistance, above monitoring.
- Any exit is blocked by open clues of the household (clues, above monitoring).

Each guard takes the case and returns a refusal (Chinese text) or None.
"""

from collections.abc import Callable
from typing import Any

Guard = Callable[[Any], str | None]

ASSISTED_EXIT_GUARDS: list[Guard] = []
EXIT_GUARDS: list[Guard] = []


def _add(guards: list[Guard], guard: Guard) -> None:
    if guard not in guards:
        guards.append(guard)


def add_assisted_exit_guard(guard: Guard) -> None:
    _add(ASSISTED_EXIT_GUARDS, guard)


def add_exit_guard(guard: Guard) -> None:
    """A guard for every exit, whatever its elimination type."""
    _add(EXIT_GUARDS, guard)


def _refusals(guards: list[Guard], case: Any) -> list[str]:
    return [refusal for guard in guards if (refusal := guard(case))]


def assisted_exit_refusals(case: Any) -> list[str]:
    """The refusals of every registered guard for an assisted exit of ``case``."""
    return _refusals(ASSISTED_EXIT_GUARDS, case)


def exit_guard_refusals(case: Any) -> list[str]:
    return _refusals(EXIT_GUARDS, case)
