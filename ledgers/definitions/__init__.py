"""The ledgers, one module per app; importing a module registers its ledgers."""

from . import (  # noqa: F401
    appeals,
    assets,
    assistance,
    clues,
    duplicates,
    employment,
    grading,
    households,
    indicators,
    microcredit,
    monitoring,
    relocation,
)
