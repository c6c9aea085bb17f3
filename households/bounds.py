"""Bounds of the numbers that enter the register, read from the model fields (their one home).

The model fields carry the validators (months 0–12, money ``max_digits``/``decimal_places`` and
≥ 0, counts ≥ 1) and the database holds them with CheckConstraints. ModelForms and DRF
ModelSerializers pick the validators up by themselves; hand-written form or serializer fields,
services and imports ask here instead of repeating the numbers.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.errors import ServiceError


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{name} is a relation, not a number field"
    return field


def int_range(model: type[models.Model], name: str) -> dict[str, int]:
    """``{"low": …, "high": …}`` of an integer field, from its Min/MaxValueValidators."""
    field = _field(model, name)
    low = max((v.limit_value for v in field.validators if isinstance(v, MinValueValidator)), default=0)
    high = min(v.limit_value for v in field.validators if isinstance(v, MaxValueValidator))
    return {"low": int(low), "high": int(high)}


def value_error(model: type[models.Model], name: str, value) -> str | None:
    """The Chinese reason ``value`` does not fit ``model.name`` (None when it fits)."""
    field = _field(model, name)
    try:
        field.run_validators(value)
    except ValidationError as exc:
        return f"{field.verbose_name}：{exc.messages[0]}"
    return None


def errors(model: type[models.Model], values: Mapping, *, field_prefix: str = "") -> list[ServiceError]:
    """A ServiceError (naming the field) for each value in ``values`` that a numeric field of
    ``model`` would not hold; keys that are not numeric model fields are ignored."""
    found = []
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # not a model field: not ours to judge
            continue
        if value is None or value == "" or not isinstance(field, models.IntegerField | models.DecimalField):
            continue
        if isinstance(field, models.DecimalField) and not isinstance(value, Decimal):
            value = Decimal(str(value))
        reason = value_error(model, name, value)
        if reason:
            found.append(ServiceError(reason, code="out_of_range", field=field_prefix + name))
    return found


def check(model: type[models.Model], values: Mapping, *, field_prefix: str = "") -> None:
    """Raise the first of :func:`errors`."""
    for error in errors(model, values, field_prefix=field_prefix):
        raise error


def apply_to_form(form, model: type[models.Model]) -> None:
    """Give each numeric field of ``form`` the bounds of the ``model`` field of the same name.

    Django copies ``max_digits``/``decimal_places`` into a model form field but not the model's
    Min/MaxValueValidators (those run in ``full_clean``, which our forms leave to the services), so
    the form would accept a 13th month. The HTML ``min``/``max`` follow.
    """
    for name, form_field in form.fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, models.IntegerField | models.DecimalField):
            continue
        for validator in field.validators:
            if (
                isinstance(validator, MinValueValidator | MaxValueValidator)
                and validator not in form_field.validators
            ):
                form_field.validators.append(validator)
                attr = "min" if isinstance(validator, MinValueValidator) else "max"
                if attr == "min" or abs(validator.limit_value) < 10**9:  # not the database's own range
                    form_field.widget.attrs[attr] = validator.limit_value
