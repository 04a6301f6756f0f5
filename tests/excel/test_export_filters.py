"""Export = page, for every filter that chooses among rows or choices (issue 18, item 4).

A park-filtered export held 0 rows where the page listed 107, and its information sheet said "no
filter": the export built the list's filterset without the user's request, so the parks offered
(``Park.objects.for_user(request.user)``) were none and the chosen park was invalid.

Generic over the export registry (``reports.exports.REGISTRY``, one entry per list with an export)
and every choice filter of its FilterSet: for park staff and the officer, on the tiny demo, the
filter is set to a value the list page's own form offers this user, and the export downloaded
through the export URL holds exactly as many rows as the page's filterset (built with the user's
request, as ``portal.list_pages`` builds it) and its information sheet names the filter."""

import io

import openpyxl
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory

from reports.exports import REGISTRY

ROLES = ("staff_a", "officer")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--scale", "tiny", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def choice_filters():
    cases = []
    for name, spec in sorted(REGISTRY.items()):
        for key, flt in spec.filterset.base_filters.items():
            if issubclass(flt.field_class, forms.ChoiceField | forms.ModelChoiceField):
                cases.extend(pytest.param(name, key, role, id=f"{name}-{key}-{role}") for role in ROLES)
    return cases


def page_filterset(spec, user, data):
    request = RequestFactory().get("/", data)
    request.user = user
    return spec.filterset(request.GET, queryset=spec.model.objects.for_user(user), request=request)


def offered_value(spec, user, key):
    """A value of the filter the page's form offers, one that leaves rows on the page if any does."""
    field = page_filterset(spec, user, {}).form.fields[key]
    values = [str(value) for value, _label in field.choices if str(value) not in ("", "None")]
    for value in values:
        if page_filterset(spec, user, {key: value}).qs.exists():
            return value
    return values[0] if values else None


def test_the_registry_has_choice_filters():
    names = {case.values[0] for case in choice_filters()}
    assert {"enterprise", "landparcel", "project"} <= names, names


@pytest.mark.parametrize("name, key, role", choice_filters())
def test_a_filtered_export_holds_the_pages_rows(demo, name, key, role):
    spec, user = REGISTRY[name], get_user_model().objects.get(username=role)
    value = offered_value(spec, user, key)
    assert value is not None, f"{name}.{key}: the page offers {role} no value"
    page = page_filterset(spec, user, {key: value})
    assert page.is_valid(), f"{name}.{key}={value}: {page.errors}"
    expected = page.qs.count()
    client = Client()
    client.force_login(user)
    response = client.get("/reports/excel/export/", {"export": name, key: value})
    assert response.status_code == 200, f"{name}.{key}={value}: {response.status_code}"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    data, info = book.worksheets[0], book.worksheets[-1]
    rows = [row for row in data.iter_rows(min_row=2, values_only=True) if any(cell is not None for cell in row)]
    assert len(rows) == expected, f"{name}.{key}={value}: export {len(rows)} rows, page {expected}"
    labels = {str(row[0]) for row in info.iter_rows(values_only=True) if row and row[0]}
    label = str(page.form.fields[key].label)
    assert label in labels, f"{name}.{key}: the info sheet names {labels}, not {label}"
