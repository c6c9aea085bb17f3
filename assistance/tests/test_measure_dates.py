"""A measure's planned dates survive its edit page: they render as ISO, which ``<input type=date>``
accepts (a locale value such as 2024/10/17 shows empty, and saving then erased the dates)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from assistance import services
from assistance.forms import MeasureForm
from assistance.models import Measure, MeasureCategory

START, END = datetime.date(2026, 3, 1), datetime.date(2026, 10, 17)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture
def planned(case_a, cadre_a) -> Measure:
    return services.measure_create(
        case=case_a,
        by=cadre_a,
        category=MeasureCategory.objects.get(code="health"),
        content="落实医疗救助",
        planned_start=START,
        planned_end=END,
    )


def test_measure_form_renders_planned_dates_as_iso(planned):
    with translation.override("zh-hans"):
        form = MeasureForm(instance=planned, case=planned.case)
        start, end = str(form["planned_start"]), str(form["planned_end"])
    assert 'type="date"' in start and 'value="2026-03-01"' in start
    assert 'type="date"' in end and 'value="2026-10-17"' in end


class _FormValues(HTMLParser):
    """What a browser submits for the page's main form, left unchanged. A date input whose value is
    not ISO is empty in a browser, so it is sent empty here too."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            value = a.get("value") or ""
            if a.get("type") == "date" and not ISO.match(value):
                value = ""
            self.data[name] = value
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def test_measure_edit_page_saved_unchanged_keeps_planned_dates(planned, cadre_a, client_for):
    client = client_for(cadre_a)
    url = reverse("assistance:measure_edit", args=[planned.pk])
    page = client.get(url)
    parser = _FormValues()
    parser.feed(page.content.decode())
    assert parser.data["planned_start"] == "2026-03-01"
    response = client.post(url, parser.data)
    assert response.status_code == 302, response.context["form"].errors
    planned.refresh_from_db()
    assert (planned.planned_start, planned.planned_end, planned.content) == (START, END, "落实医疗救助")
