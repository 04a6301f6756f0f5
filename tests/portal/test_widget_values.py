"""Issue 18, item 2: every date and number widget of every form renders the value its HTML input type
accepts, in every language, so a form saved unchanged keeps its dates and amounts.

Generic: every form class of the project's apps (found as subclasses of ``BaseForm`` defined in
their modules) and every date, datetime and number field of it; a new form is covered without a new
test.  A browser's ``<input type="date">`` takes only ``YYYY-MM-DD`` (it shows nothing for
``2026/04/01`` and submits an empty value); ``type="number"`` only a plain number (no grouping)."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from parks.forms import ScopedModelForm

LANGUAGES = ("zh-hans", "en")
DATE = datetime.date(2026, 4, 1)
MOMENT = datetime.datetime(2026, 4, 1, 9, 30)
AMOUNT = Decimal("12345.60")
ACCEPTS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$"),
    "number": re.compile(r"^-?\d+(\.\d+)?$"),
}


def our_apps():
    root = str(settings.BASE_DIR)
    return {c.name for c in apps.get_app_configs() if c.path.startswith(root) and ".venv" not in c.path}


def project_forms():
    for name in our_apps():
        for module in ("forms", "forms_requests", "views_audit", "filters"):
            try:
                importlib.import_module(f"{name}.{module}")
            except ModuleNotFoundError:
                continue
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.split(".")[0] in our_apps():
                seen.add(cls)
    return sorted(seen, key=lambda c: f"{c.__module__}.{c.__name__}")


def typed_fields():
    cases = []
    for form in project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateTimeField):
                value = MOMENT
            elif isinstance(field, forms.DateField):
                value = DATE
            elif isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
                value = AMOUNT if isinstance(field, forms.DecimalField) else 12345
                if getattr(field, "max_value", None) is not None and value > field.max_value:
                    value = type(value)(field.max_value)  # inside the field's range (2100, 90 …)
                whole = (getattr(field, "max_digits", None) or 99) - (getattr(field, "decimal_places", None) or 0)
                if whole < 5:
                    value = Decimal("12.5")  # a coordinate: three digits before the point
            else:
                continue
            cases.append(pytest.param(form, name, value, id=f"{form.__module__}.{form.__name__}.{name}"))
    return cases


def widget_of(form, name):
    """The widget as the form shows it; a scoped form sets the date input type as it is built."""
    widget = form.base_fields[name].widget
    if issubclass(form, ScopedModelForm) and isinstance(widget, forms.DateInput):
        widget = type(widget)(attrs=widget.attrs)
        widget.input_type, widget.format = "date", "%Y-%m-%d"
    return widget


def test_the_battery_finds_the_forms():
    names = {form.__name__ for form in project_forms()}
    assert {"LeadForm", "ParkForm"} <= names, names
    assert len(typed_fields()) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form, name, value", typed_fields())
def test_a_widget_renders_what_its_input_takes(form, name, value, language):
    field = form.base_fields[name]
    widget = widget_of(form, name)
    with translation.override(language):
        shown = widget.format_value(value)
        html = widget.render(name, value)
        pattern = ACCEPTS.get(widget.input_type)
        if pattern:
            assert shown is not None and pattern.match(str(shown)), f"{language}: {widget.input_type} shows {shown!r}"
            assert f'value="{shown}"' in html
        # What the browser sends back is read as the same value (a text input: the localized one).
        if widget.input_type != "hidden":
            read = field.clean(str(shown))
            if isinstance(read, datetime.datetime):
                read = read.replace(tzinfo=None)
            assert read == (field.clean(str(value)) if isinstance(value, Decimal) else value), f"{language}: {shown!r}"
