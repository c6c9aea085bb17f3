"""What clues does when a lower app announces something (connected in ``CluesConfig.ready``)."""

from .channels import clues_from_quality
from .models import Clue
from .services import clue_from_visit, clues_join_case


def raise_clues_for_visit(sender, *, visit, by, **kwargs) -> list[Clue]:
    """A problem found on a visit becomes a clue for the township (SPEC 5), however it was recorded."""
    return clue_from_visit(visit, by)


def join_clues_to_case(sender, *, case, by, **kwargs) -> list[Clue]:
    """The household got an open case through any channel: its open clues close into it."""
    return clues_join_case(case=case, by=by)


def raise_clues_for_quality(sender, *, check, rows, day, **kwargs) -> list[Clue]:
    """The nightly quality run found rows; those of risk-signal checks become clues."""
    return clues_from_quality(check=check, rows=rows, day=day)
