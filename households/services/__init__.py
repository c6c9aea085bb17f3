"""Every write to the register goes through these functions (STYLE: one service per state change).

Each checks the role over the household's village, validates, writes inside one transaction, keeps
``head_name``/``member_count`` right and names the user on the history rows.
"""

from ._common import touch_households
from .duplicates import (
    duplicate_merge,
    duplicate_not_same,
    duplicates_find,
    duplicates_find_launch,
)
from .income import income_record, monitoring_line_set
from .members import member_add, member_remove, member_transfer, member_update
from .register import flag_end, flag_set, household_create, household_update
from .visits import visit_record

__all__ = [
    "duplicate_merge",
    "duplicate_not_same",
    "duplicates_find",
    "duplicates_find_launch",
    "flag_end",
    "flag_set",
    "household_create",
    "household_update",
    "income_record",
    "member_add",
    "member_remove",
    "member_transfer",
    "member_update",
    "monitoring_line_set",
    "touch_households",
    "visit_record",
]
