"""State changes of the assistance app. Views, the API, imports and tasks call these, never the models."""

from .catalogue import category_create, category_update
from .contacts import contact_assign, contact_end
from .measures import measure_cancel, measure_complete, measure_create, measure_start, measure_update

__all__ = [
    "category_create",
    "category_update",
    "contact_assign",
    "contact_end",
    "measure_cancel",
    "measure_complete",
    "measure_create",
    "measure_start",
    "measure_update",
]
