"""The one date convention (issue 14): every date field of every app's forms renders through
``common.forms.DateInput``, whose value is ISO so ``<input type=date>`` shows it."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from common.forms import DateInput


def form_classes():
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", cls


def test_every_app_form_is_found():
    names = {name for name, _cls in form_classes()}
    assert {
        "assistance.forms.MeasureForm",
        "households.forms.VisitForm",
        "ledgers.forms.LedgerFilterForm",
    } <= names


@pytest.mark.parametrize(("name", "cls"), list(form_classes()), ids=lambda v: v if isinstance(v, str) else "")
def test_date_fields_use_the_iso_date_input(name, cls):
    dates = {n: f for n, f in cls.base_fields.items() if isinstance(f, forms.DateField)}
    wrong = [n for n, f in dates.items() if not isinstance(f.widget, DateInput)]
    assert not wrong, f"{name}: {wrong} must use common.forms.DateField/DateInput"


def post_form_blocks():
    """(template, form block) of every POST form that renders a Django form with crispy."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob("*/templates/**/*.html")) + sorted(root.glob("templates/**/*.html")):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        for block in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", text, re.S):
            if re.search(r"\|(crispy|as_crispy_field)\b|management_form", block):
                yield str(path.relative_to(root)), block


def test_every_form_page_has_the_error_summary():
    """Issue 17: every form shows all its errors at once in a summary on top that links to each field."""
    blocks = list(post_form_blocks())
    assert len(blocks) > 20
    missing = sorted({name for name, block in blocks if "{% error_summary" not in block})
    assert not missing, f"forms without {{% error_summary %}}: {missing}"


def test_error_summary_lists_every_field_error_and_formset_row_with_links(db):
    from django.forms import formset_factory

    from common.templatetags.form_errors import error_items

    class Person(forms.Form):
        name = forms.CharField(label="姓名")
        age = forms.IntegerField(label="年龄")

    form = Person({"name": "", "age": "x"})
    rows = formset_factory(Person)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "甲", "form-0-age": ""}
    )
    form.is_valid(), rows.is_valid()
    items = error_items(form, rows)
    assert [i["anchor"] for i in items] == ["id_name", "id_age", "id_form-0-age"]
    assert items[2]["text"].startswith("第1行 · 年龄：")
