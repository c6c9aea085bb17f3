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
