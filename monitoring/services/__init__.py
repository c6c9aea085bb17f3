"""State changes of monitoring cases. Views, the API, imports and tasks call these, never the models."""

from .nominate import case_nominate

__all__ = ["case_nominate"]
