"""The ledgers, one module per app; importing a module registers its ledgers."""

from . import appeals, assets, assistance, clues, grading, households, indicators, monitoring  # noqa: F401
