"""State changes of monitoring cases. Views, the API, imports and tasks call these, never the models."""

from .decisions import case_reject, case_resubmit, case_return
from .exit import case_nominate_exit, case_rollback, exit_refusals
from .nominate import case_nominate
from .procedure import case_decide, case_deliberate, case_record_objection, case_township_review, case_verify

__all__ = [
    "case_decide",
    "case_deliberate",
    "case_nominate",
    "case_nominate_exit",
    "case_record_objection",
    "case_reject",
    "case_resubmit",
    "case_return",
    "case_rollback",
    "case_township_review",
    "case_verify",
    "exit_refusals",
]
