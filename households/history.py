"""The change log of one household shown on its page: who changed what, when (simple-history)."""

from typing import Any

from django.utils.translation import gettext as _

from common.masking import PERSONAL_FIELDS, Masker, birth_text

from .models import Household, HouseholdFlag, IncomeRecord, Member, Visit

# Timestamps change on every save and say nothing a reader needs.
NOISE = ["created_at", "updated_at"]
KINDS = {"+": _("新增"), "~": _("修改"), "-": _("删除")}


def _display(value) -> str:
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value in (None, ""):
        return "—"
    return str(value)


def _shown(field: str, value, masker: Masker | None) -> str:
    """A changed value as the reader may see it: personal numbers through ``common.masking``."""
    kind = PERSONAL_FIELDS.get(field)
    if masker is None or masker.full or kind is None or value in (None, ""):
        return _display(value)
    if kind == "birth_date":
        return birth_text(masker.birth_date(value))  # type: ignore[arg-type]
    return _display(masker.show(kind, value))


def household_history(household: Household, limit: int = 40, masker: Masker | None = None) -> list[dict]:
    """History rows of the household, its members, incomes, visits and flags, newest first, each
    with the fields it changed (``diff_against`` the previous row of the same object). Given the
    reader's ``masker``, old and new personal numbers (ID, phone, birth date) are masked."""
    sources = [
        (_("农户"), Household, Household.history.filter(id=household.pk)),
        (_("成员"), Member, Member.history.filter(household_id=household.pk)),
        (_("收支"), IncomeRecord, IncomeRecord.history.filter(household_id=household.pk)),
        (_("走访"), Visit, Visit.history.filter(household_id=household.pk)),
        (_("属性"), HouseholdFlag, HouseholdFlag.history.filter(household_id=household.pk)),
    ]
    entries = []
    for label, model, rows in sources:
        previous: dict[int, Any] = {}
        for row in rows.select_related("history_user").order_by("id", "history_date", "history_id"):
            changes = []
            old = previous.get(row.id)
            if old is not None and row.history_type == "~":
                delta = row.diff_against(old, excluded_fields=NOISE)
                changes = [
                    (
                        model._meta.get_field(c.field).verbose_name,  # type: ignore[union-attr]  # a plain field
                        _shown(c.field, c.old, masker),
                        _shown(c.field, c.new, masker),
                    )
                    for c in delta.changes
                ]
            previous[row.id] = row
            entries.append(
                {
                    "at": row.history_date,
                    "user": row.history_user,
                    "what": label,
                    "object": str(row.instance) if model is not Household else "",
                    "kind": KINDS.get(row.history_type, row.history_type),
                    "changes": changes,
                }
            )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]


def changes_since(household: Household, since) -> str:
    """What others changed on the household after ``since``, in one line for a 409 message."""
    parts = []
    for entry in [e for e in household_history(household) if e["at"] > since][:5]:
        user = entry["user"]
        who = (user.get_full_name() or user.username) if user else _("系统")
        detail = "、".join(str(label) for label, _old, _new in entry["changes"]) or entry["object"]
        parts.append(f"{who}{entry['kind']}{entry['what']}" + (f"（{detail}）" if detail else ""))
    return "；".join(parts) or _("农户信息或家庭成员")
