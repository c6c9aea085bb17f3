"""Workflows as data, checked and applied by one small helper.

A workflow is a table ``{action: Transition(source, role, target)}`` over a model's state field.
Services use it in three ways:

- ``WORKFLOW.check(obj, action, by)``: the role over the object's region (403), then the table
  (a Chinese ``ServiceError``); returns the matching transition and the role that acts.
- ``allowed_actions(obj, user)``: the actions whose source state matches and whose role the user
  holds over the object's region, for the buttons a page shows (the services check again).
- ``transition(obj, to=..., by=...)``: the guarded compare-and-set write every state change goes
  through. ``filter(pk=, <state>=<as read>).update(...)``: of two people pressing the same button at
  once, the second matches no row and gets a ``Conflict`` (409). It moves ``updated_at`` (the API's
  incremental cursor), updates the object in memory and writes the history row with its user.

The domain log rows (a case's step, a clue's or a disposal's log) carry details only the service
knows, so the service writes them, in the same transaction.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import require_role, user_may

from .errors import Conflict, ServiceError

RoleRule = str | Sequence[str] | Callable[[Any], Sequence[str]]


@dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    ``source``: the states it starts from, or a predicate over the object for workflows whose state
    is more than one field. ``role``: a role, several (any of them), or a function of the object.
    ``target``: the state it leads to (or a function of the object); None when the service decides.
    """

    source: Collection[str] | Callable[[Any], bool]
    role: RoleRule
    target: str | Callable[[Any], str] | None = None

    def starts_from(self, obj: Any, state: str) -> bool:
        if callable(self.source):
            return bool(self.source(obj))
        return getattr(obj, state) in self.source

    def roles(self, obj: Any) -> tuple[str, ...]:
        role = self.role(obj) if callable(self.role) else self.role
        return (role,) if isinstance(role, str) else tuple(role)

    def target_for(self, obj: Any) -> str | None:
        return self.target(obj) if callable(self.target) else self.target


_WORKFLOWS: dict[type[models.Model], "Workflow"] = {}


@dataclass
class Workflow:
    """The transition table of one model. Declaring it registers it for ``allowed_actions``."""

    model: type[models.Model]
    transitions: Mapping[str, Transition | Sequence[Transition]]
    region: Callable[[Any], Any]
    state: str = "status"
    _rows: dict[str, tuple[Transition, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rows = {
            name: (rows,) if isinstance(rows, Transition) else tuple(rows)
            for name, rows in self.transitions.items()
        }
        _WORKFLOWS[self.model] = self

    @property
    def actions(self) -> list[str]:
        return list(self._rows)

    def find(self, obj: Any, action: str) -> Transition | None:
        """The transition ``action`` takes from the object's current state, if any."""
        return next((t for t in self._rows.get(action, ()) if t.starts_from(obj, self.state)), None)

    def roles(self, obj: Any, action: str) -> tuple[str, ...]:
        """Every role that may take ``action`` from some state (the 403 check before the table)."""
        return tuple(dict.fromkeys(r for t in self._rows[action] for r in t.roles(obj)))

    def allowed_actions(self, obj: Any, user: Any) -> list[str]:
        region = self.region(obj)
        allowed = []
        for action in self._rows:
            row = self.find(obj, action)
            if row is not None and user_may(user, *row.roles(obj), region=region):
                allowed.append(action)
        return allowed

    def check(self, obj: Any, action: str, by: Any) -> tuple[Transition, str]:
        """Role first (403 whatever the state), then the table. Returns the row and the acting role."""
        region = self.region(obj)
        require_role(by, *self.roles(obj, action), region=region)
        row = self.find(obj, action)
        if row is None:
            raise ServiceError(
                _("%(thing)s当前状态为“%(state)s”，不能进行此操作。")
                % {"thing": self.model._meta.verbose_name, "state": _state_label(obj, self.state)},
                code="transition",
            )
        roles = row.roles(obj)
        require_role(by, *roles, region=region)
        return row, next((r for r in roles if user_may(by, r, region=region)), "superuser")


def _state_label(obj: Any, state: str) -> str:
    display = getattr(obj, f"get_{state}_display", None)
    return str(display() if display else getattr(obj, state))


def workflow_of(obj: Any) -> Workflow:
    return _WORKFLOWS[type(obj)]


def allowed_actions(obj: Any, user: Any) -> list[str]:
    """The actions ``user`` may take on ``obj`` now (for showing forms and buttons)."""
    return workflow_of(obj).allowed_actions(obj, user)


def transition(
    obj: models.Model,
    *,
    to: str | Mapping[str, Any],
    by: Any,
    expect: Mapping[str, Any] | None = None,
    **fields: Any,
) -> None:
    """Compare-and-set: move ``obj`` from the state it was read in, or raise ``Conflict``.

    ``to``: the new state (of the model's workflow state field, ``status`` by default) or
    ``{field: value}`` when the state is several fields. ``expect``: the state the row must still be
    in, by default the values of those fields as ``obj`` was read. ``fields``: other columns written
    in the same UPDATE. The UPDATE bypasses ``save()``, so the history row (models with ``history``)
    is written here, with ``by`` as its user and ``obj._change_reason`` if set.
    """
    model = type(obj)
    if isinstance(to, str):
        workflow = _WORKFLOWS.get(model)
        to = {workflow.state if workflow else "status": to}
    expect = dict(expect) if expect is not None else {name: getattr(obj, name) for name in to}
    changes = {**to, **fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        changes["updated_at"] = timezone.now()
    if not model._default_manager.filter(pk=obj.pk, **expect).update(**changes):
        raise Conflict(
            _("该%(thing)s已被他人办理，请刷新后重试。") % {"thing": model._meta.verbose_name},
            code="stale",
        )
    for name, value in changes.items():
        setattr(obj, name, value)
    history = getattr(model, "history", None)
    if history is not None and hasattr(history, "bulk_history_create"):
        obj._history_user = by  # type: ignore[attr-defined]
        history.bulk_history_create([obj], update=True, default_user=by)


def attempt(service: Callable[..., Any], /, **kwargs: Any) -> str | None:
    """Call ``service``; return its refusal as a Chinese message instead of raising.

    For loops that act on many objects (batch pages) and report each failure at the end; a form
    page uses ``common.actions.submit`` instead.
    """
    try:
        service(**kwargs)
    except ServiceError as exc:
        return exc.message
    except PermissionDenied:
        return _("无权办理")
    return None
