"""ID numbers and phones masked exactly as in the ledgers unless the caller may see them in full
(``User.sees_full_ids``: village cadres, county users granted it, superusers)."""

from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from households.idnumbers import mask_id, mask_phone

if TYPE_CHECKING:
    _Serializer = serializers.BaseSerializer[Any]
else:
    _Serializer = object


def sees_full_ids(context) -> bool:
    request = context.get("request")
    if request is None:
        return False  # no caller, no full numbers
    if not hasattr(request, "_sees_full_ids"):
        request._sees_full_ids = request.user.is_authenticated and request.user.sees_full_ids()
    return request._sees_full_ids


class MaskedSerializerMixin(_Serializer):
    """Declare ``masked_id_fields`` and ``masked_phone_fields`` on the serializer."""

    masked_id_fields: tuple[str, ...] = ()
    masked_phone_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not sees_full_ids(self.context):
            for field in self.masked_id_fields:
                data[field] = mask_id(data[field])
            for field in self.masked_phone_fields:
                data[field] = mask_phone(data[field])
        return data
