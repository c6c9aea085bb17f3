"""The ledgers, one module per app; importing a module registers its ledgers."""

from . import (  # noqa: F401
    assets,
    assistance,
    clues,
    grading,
    households,
    indicators,
    microcredit,
    monitoring,
    relocation,
)
