"""State changes of the assistance app. Views, the API, imports and tasks call these, never the models."""

from .catalogue import category_create, category_update
from .contacts import contact_assign, contact_end
from .housing import (
    housing_problem_assign,
    housing_problem_open,
    housing_problem_reject_fix,
    housing_problem_report_fixed,
    housing_problem_strike_off,
    housing_problem_unfounded,
)
from .measures import measure_cancel, measure_complete, measure_create, measure_start, measure_update

__all__ = [
    "category_create",
    "category_update",
    "contact_assign",
    "contact_end",
    "housing_problem_assign",
    "housing_problem_open",
    "housing_problem_reject_fix",
    "housing_problem_report_fixed",
    "housing_problem_strike_off",
    "housing_problem_unfounded",
    "measure_cancel",
    "measure_complete",
    "measure_create",
    "measure_start",
    "measure_update",
]
