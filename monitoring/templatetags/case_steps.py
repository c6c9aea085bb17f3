"""How a step's recorded details read on the timeline and in the case file (案卷)."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from households.models import Visit

from ..forms import ASSURANCE_CHOICES, LABOUR_CHOICES

register = template.Library()


@register.filter
def verification_lines(details: dict[str, Any]) -> list[str]:
    """Exit step 2: the verified income, each of the 三保障 and water, the labour check."""
    if not isinstance(details, dict) or "verified_income" not in details:
        return []
    values = dict(ASSURANCE_CHOICES)
    lines = [_("核实人均纯收入：%(income)s 元") % {"income": details["verified_income"]}]
    for name, value in details.get("assurances", {}).items():
        label = Visit._meta.get_field(name).verbose_name  # type: ignore[union-attr]  # a plain field
        lines.append(f"{label}：{values.get(value, value)}")
    labour = dict(LABOUR_CHOICES).get(details.get("labour_check", ""), "")
    lines.append(_("劳动能力：%(labour)s") % {"labour": labour})
    return [str(line) for line in lines]
