"""Edits of the measure catalogue by county users; history keeps every earlier version."""

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from households.choices import RiskType

from ..models import MeasureCategory

FIELDS = ("name", "parent", "kind", "addresses", "is_comprehensive_security", "active", "order")


def _validate(item: MeasureCategory) -> None:
    if not re.fullmatch(r"[a-z0-9_.]{2,32}", item.code or ""):
        raise ServiceError(
            _("编码只能由小写字母、数字、下划线和点组成（2–32位）。"), code="code", field="code"
        )
    if not item.name.strip():
        raise ServiceError(_("请填写名称。"), code="name", field="name")
    if item.kind not in MeasureCategory.Kind.values:
        raise ServiceError(_("措施性质无效。"), code="kind", field="kind")
    unknown = set(item.addresses) - set(RiskType.values)
    if unknown:
        raise ServiceError(
            _("未知的风险类型：%s") % "、".join(sorted(unknown)), code="addresses", field="addresses"
        )
    parent = item.parent
    while parent is not None:  # no cycles: an item cannot sit under itself
        if parent.pk == item.pk:
            raise ServiceError(_("上级类别不能是自身或其下级。"), code="parent", field="parent")
        parent = parent.parent


def _save(item: MeasureCategory, by: User) -> MeasureCategory:
    _validate(item)
    item._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    item.save()
    return item


@transaction.atomic
def category_create(*, by: User, code: str, **fields: Any) -> MeasureCategory:
    require_role(by, Role.COUNTY)
    if MeasureCategory.objects.filter(code=code).exists():
        raise ServiceError(_("编码“%s”已存在。") % code, code="duplicate", field="code")
    return _save(MeasureCategory(code=code, **fields), by)


@transaction.atomic
def category_update(*, item: MeasureCategory, by: User, **fields: Any) -> MeasureCategory:
    """Change a catalogue item; the code stays (other records and exports refer to it)."""
    require_role(by, Role.COUNTY)
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(item, name, value)
    return _save(item, by)
