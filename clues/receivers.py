"""What clues does when a lower app announces something (connected in ``CluesConfig.ready``)."""

from .models import Clue
from .services import clue_from_visit


def raise_clues_for_visit(sender, *, visit, by, **kwargs) -> list[Clue]:
    """A problem found on a visit becomes a clue for the township (SPEC 5), however it was recorded."""
    return clue_from_visit(visit, by)
