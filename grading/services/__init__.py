from .grades import grades_recompute
from .grid import gridcell_set_cadres, member_group_end, member_group_set
from .visits import visits_escalate

__all__ = [
    "grades_recompute",
    "gridcell_set_cadres",
    "member_group_end",
    "member_group_set",
    "visits_escalate",
]
