"""Masked fields in API output: the same masks as pages and ledgers (:mod:`common.masking`),
applied unless the caller may see full numbers."""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.masking import Masker, mask_birth_date

if TYPE_CHECKING:
    _Serializer = serializers.BaseSerializer[Any]
else:
    _Serializer = object


def masker(context) -> Masker:
    """The caller's masker, built once per request (no caller, no full numbers)."""
    request = context.get("request")
    if request is None:
        return Masker(full=False)
    if not hasattr(request, "_masker"):
        request._masker = Masker(request.user)
    return request._masker


class MaskedSerializerMixin(_Serializer):
    """Declare the masked fields by kind: ``masked_id_fields``, ``masked_phone_fields``,
    ``masked_birth_date_fields``, ``masked_bank_account_fields``.

    A birth date is never sent to a masked reader: its key is dropped and ``birth_year`` (the
    year, :func:`common.masking.mask_birth_date`) is sent in its place. Declare ``birth_year`` on
    the serializer (:class:`BirthYearField`) so the schema documents it."""

    masked_id_fields: tuple[str, ...] = ()
    masked_phone_fields: tuple[str, ...] = ()
    masked_birth_date_fields: tuple[str, ...] = ()
    masked_bank_account_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        reader = masker(self.context)
        if reader.full:
            return data
        for kind in ("id", "phone", "bank_account"):
            for field in getattr(self, f"masked_{kind}_fields"):
                data[field] = reader.show(kind, data[field])
        for field in self.masked_birth_date_fields:
            data.pop(field, None)
        return data


@extend_schema_field(OpenApiTypes.INT)
class BirthYearField(serializers.SerializerMethodField):
    """The birth year, sent to every reader (a masked reader gets it instead of the date)."""

    def __init__(self, source_field: str = "birth_date", **kwargs) -> None:
        self.source_field = source_field
        kwargs.setdefault(
            "help_text",
            _("出生年份。无权查看完整身份证号的用户只得到年份，不返回 %(field)s。") % {"field": source_field},
        )
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> int | None:
        return mask_birth_date(getattr(value, self.source_field))
