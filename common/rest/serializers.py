"""The base of every output serializer.

DRF's generic ``to_representation`` costs a few microseconds per field; a page of 100 households
with their members is ~15,000 fields, which made serialization most of a list request's time.
:class:`OutputSerializer` plans each field once per serializer and reads plain model columns
(text, choices, numbers, booleans, dates, datetimes, foreign-key ids) straight off the instance.
Every other field (decimals, nested and dotted sources) still goes through DRF, so the output is
the same as a plain ``ModelSerializer``'s (``api/tests/test_output.py`` checks it).
"""

from collections.abc import Callable
from typing import Any

from rest_framework import ISO_8601, serializers
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

_AS_IS = (serializers.CharField, serializers.ChoiceField, serializers.IntegerField, serializers.BooleanField)


def _iso(field, setting="DATE_FORMAT") -> bool:
    return getattr(field, "format", getattr(api_settings, setting)) == ISO_8601


def _date(value):
    return value.isoformat() if value else None


def _plain_datetime(field) -> bool:
    """ISO output in the current time zone (no per-field zone), values aware (``USE_TZ``)."""
    return (
        _iso(field, "DATETIME_FORMAT")
        and not hasattr(field, "timezone")
        and field.default_timezone() is not None
    )


def _datetime_in(zone):
    """DRF's ISO output of an aware datetime in ``zone``, without its per-value settings lookups."""

    def convert(value):
        if not value:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


class OutputSerializer(serializers.ModelSerializer):
    def _plan(self) -> list:
        if not hasattr(self, "_fast_plan"):
            plan: list[
                tuple[str | None, str | None, Callable[[Any], Any] | None, serializers.Field | None]
            ] = []
            for field in self._readable_fields:
                simple = field.source == field.field_name and "." not in (field.source or "")
                if simple and type(field) in _AS_IS:
                    plan.append((field.field_name, field.source, None, None))
                elif simple and type(field) is serializers.DateField and _iso(field):
                    plan.append((field.field_name, field.source, _date, None))
                elif simple and type(field) is serializers.DateTimeField and _plain_datetime(field):
                    plan.append(
                        (field.field_name, field.source, _datetime_in(field.default_timezone()), None)
                    )
                elif simple and type(field) is serializers.PrimaryKeyRelatedField:
                    plan.append((field.field_name, f"{field.source}_id", None, None))
                else:
                    plan.append((field.field_name, None, None, field))
            self._fast_plan = plan
        return self._fast_plan

    def to_representation(self, instance):
        data = {}
        for name, attribute, convert, field in self._plan():
            if field is None:
                value = getattr(instance, attribute)
                data[name] = convert(value) if convert else value
                continue
            value = field.get_attribute(instance)
            empty = value.pk if isinstance(value, PKOnlyObject) else value
            data[name] = None if empty is None else field.to_representation(value)
        return data
