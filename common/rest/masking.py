"""Masked fields in API output: the same masks as pages and ledgers (:mod:`common.masking`),
applied unless the caller may see full numbers."""

from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from common.masking import Masker

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
    ``masked_birth_date_fields``, ``masked_bank_account_fields``."""

    masked_id_fields: tuple[str, ...] = ()
    masked_phone_fields: tuple[str, ...] = ()
    masked_birth_date_fields: tuple[str, ...] = ()
    masked_bank_account_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        reader = masker(self.context)
        if reader.full:
            return data
        for kind in ("id", "phone", "birth_date", "bank_account"):
            for field in getattr(self, f"masked_{kind}_fields"):
                data[field] = reader.show(kind, data[field])
        return data
