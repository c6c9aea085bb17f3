"""The ledgers, one module per app; importing a module registers its ledgers."""

from . import assets, assistance, clues, employment, grading, households, indicators, monitoring  # noqa: F401
