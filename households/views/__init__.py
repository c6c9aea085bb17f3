from .browse import household_detail, household_list
from .duplicates import duplicate_detail, duplicate_find, duplicate_list, duplicate_resolve
from .edit import household_create, household_edit
from .lines import line_list
from .records import (
    flag_add,
    flag_close,
    income_create,
    member_remove_view,
    member_transfer_view,
    visit_create,
)

__all__ = [
    "duplicate_detail",
    "duplicate_find",
    "duplicate_list",
    "duplicate_resolve",
    "flag_add",
    "flag_close",
    "household_create",
    "household_detail",
    "household_edit",
    "household_list",
    "income_create",
    "line_list",
    "member_remove_view",
    "member_transfer_view",
    "visit_create",
]
