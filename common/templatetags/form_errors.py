"""The error summary on top of every form page: every error of the form and its formsets at
once, each linking to its field (templates/includes/error_summary.html)."""

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

register = template.Library()


def error_items(*forms_or_formsets: Any) -> list[dict[str, str]]:
    """(anchor, text) of every error, in page order; formset rows are numbered from 1."""
    items: list[dict[str, str]] = []

    def add_form(form: forms.BaseForm, row: str = "") -> None:
        for message in form.non_field_errors():
            items.append({"anchor": "", "text": f"{row}{message}"})
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            for message in errors:
                items.append({"anchor": bound.id_for_label, "text": f"{row}{bound.label}：{message}"})

    for thing in forms_or_formsets:
        if thing is None or thing == "":
            continue
        if isinstance(thing, forms.BaseForm):
            if thing.is_bound:
                add_form(thing)
            continue
        if not getattr(thing, "is_bound", False):
            continue
        for message in thing.non_form_errors():
            items.append({"anchor": "", "text": str(message)})
        for index, form in enumerate(thing.forms, start=1):
            add_form(form, _("第%(n)s行 · ") % {"n": index})
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets: Any) -> dict[str, Any]:
    return {"items": error_items(*forms_or_formsets)}
