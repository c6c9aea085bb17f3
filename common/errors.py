"""The one application error type.

Services raise :class:`ServiceError` with a machine code and a Chinese message; HTML views show
the message, the API maps it once to a JSON body (see ``common.api``).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: "StrOrPromise", *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field


class Conflict(ServiceError):
    """The object changed under us (another user acted first)."""

    status_code = 409
