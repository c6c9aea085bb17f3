"""The ledgers, one module per app; importing a module registers its ledgers.

Ledgers over apps whose models are not installed yet are skipped, so this package loads whatever
has landed.
"""

from . import assistance, households, monitoring  # noqa: F401
