"""Pieces shared by several ledgers."""

from django.utils.translation import gettext_lazy as _

from ..columns import computed, region


def place_columns(village_field: str) -> list:
    return [
        region(_("乡镇（街道）"), village_field, "township", 12),
        region(_("村（社区）"), village_field, "village", 12),
    ]


def person_name(first: str, last: str, username: str) -> str:
    return f"{last}{first}" or username


def user_name_column(header, prefix: str, width: float = 10):
    return computed(
        header, (f"{prefix}__first_name", f"{prefix}__last_name", f"{prefix}__username"), person_name, width
    )


def joined(values) -> str:
    return "、".join(str(v) for v in values or () if v)
