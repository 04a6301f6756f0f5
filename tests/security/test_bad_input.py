"""Bad input everywhere: every field of every edit form and every API write endpoint gets garbage.

The answer is never a 5xx; a refused request is a form shown again with the message next to the
field (browser) or a 400 naming the field (API), and nothing is written. A NUL character is always
refused (PostgreSQL cannot store it). Text with HTML is stored as typed and escaped on every page
and in the Excel export, where text that Excel would take for a formula stays text.
"""

import io
import json

import openpyxl
import pytest
from django.db import models
from django.urls import reverse

from portal import excel

from .test_authz_matrix import API_WRITES, MATRIX, admin_form_data, client_as, url_for
from .world import MARK_A

GARBAGE = [
    "x" * 10_000,
    "a\x00b",
    "\x1b[31mred",
    "工厂😀🏭",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "-1",
    "1e30",
    "2026-13-45",
]
NUL = "a\x00b"

# lead_land is a wizard creating an enterprise and a project: their own edit forms are here.
EDIT_ROUTES = [
    name
    for name, row in MATRIX.items()
    if not row.api and row.kind and row.answers["admin"] == "200" and name.endswith(("_edit", "_move"))
]


def model_fingerprint(model):
    aggregates = {"n": models.Count("pk")}
    if any(f.name == "version" for f in model._meta.concrete_fields):
        aggregates["v"] = models.Sum("version")
    history = getattr(model, "history", None)
    result = model._base_manager.aggregate(**aggregates)
    if history is not None:
        result["h"] = history.count()
    return result


def stores_nul(obj):
    obj.refresh_from_db()
    values = (getattr(obj, field.attname) for field in obj._meta.concrete_fields)
    return any(isinstance(value, str) and "\x00" in value for value in values)


def test_the_battery_covers_the_edit_forms():
    assert len(EDIT_ROUTES) >= 20, EDIT_ROUTES


def test_an_unchanged_edit_form_with_an_enterprise_saves(world, client):
    """The credit-code fields show the enterprise's code, not its id (a bug this battery found)."""
    url = reverse("clusters:supplylink_edit", args=[world.supplylink_own.pk])
    data = admin_form_data(client, world, url)
    assert data["supplier"] == world.enterprise_own.uscc
    assert client.post(url, data).status_code == 302


@pytest.mark.parametrize("name", EDIT_ROUTES)
def test_garbage_in_every_field_of_an_edit_form(name, world, client):
    row = MATRIX[name]
    obj = world.get(row.kind, "own", "admin")
    model = type(obj)
    url = url_for(name, row, world, "admin", "own")
    fields = [key for key in admin_form_data(client, world, url) if key not in {"version", "next"}]
    assert fields, f"{name}: no form fields found at {url}"
    # The form as shown must save, so that a refusal below is the garbage's doing.
    baseline = client.post(url, admin_form_data(client, world, url))
    assert baseline.status_code == 302, f"{name}: the unchanged form does not save"
    wrong = []
    shown_form = admin_form_data(client, world, url)
    for field in fields:
        for value in GARBAGE:
            data = dict(shown_form, **{field: value})
            before = model_fingerprint(model)
            response = client.post(url, data)
            shown = repr(value[:20])
            if response.status_code >= 500:
                wrong.append(f"{field}={shown}: {response.status_code}")
                continue
            if response.status_code == 200:  # refused: shown again with the message by the field
                page = response.content.decode()
                if f'data-field="{field}"' not in page and 'data-testid="form-errors"' not in page:
                    wrong.append(f"{field}={shown}: refused without a message by the field")
                if model_fingerprint(model) != before:
                    wrong.append(f"{field}={shown}: refused but written")
            else:
                if value == NUL and stores_nul(obj):
                    wrong.append(f"{field}={shown}: a NUL character was stored")
                shown_form = admin_form_data(client, world, url)  # saved: the version moved on
    assert not wrong, f"{name} {url}:\n" + "\n".join(wrong)


API_VALUES = [*GARBAGE, -1, 1e30, 10**30, None, [], {}]


@pytest.mark.parametrize("name", sorted(API_WRITES))
def test_garbage_in_every_field_of_an_api_write(name, world, client):
    row = MATRIX[name]
    obj = world.get(row.kind, "own", "admin")
    model = type(obj)
    url = url_for(name, row, world, "admin", "own")
    client_as(client, world, "admin")
    fields = [key for key in client.get(url).json() if key not in {"id", "url", "version", "can_change"}]
    wrong = []
    for field in fields:
        for value in API_VALUES:
            before = model_fingerprint(model)
            response = client.patch(url, json.dumps({field: value}), content_type="application/json")
            shown = repr(value)[:24]
            if response.status_code >= 500:
                wrong.append(f"{field}={shown}: {response.status_code}")
                continue
            if 400 <= response.status_code < 500:
                body = response.json()
                if response.status_code == 400 and field not in body and "non_field_errors" not in body:
                    wrong.append(f"{field}={shown}: 400 without the field's message: {str(body)[:120]}")
                if model_fingerprint(model) != before:
                    wrong.append(f"{field}={shown}: refused but written")
            elif value == NUL and stores_nul(obj):  # (read-only fields ignore what they are sent)
                wrong.append(f"{field}={shown}: a NUL character was stored")
    assert not wrong, f"{name} {url}:\n" + "\n".join(wrong)


def test_a_nul_in_an_excel_import_cell_is_a_row_error():
    column = excel.Column(key="name", label="名称")
    with pytest.raises(excel.CellError) as refused:
        excel.read_cell(column, "企业\x00名称")
    assert str(refused.value) == "该单元格含有控制字符（如 NUL），请重新输入文字。"
    assert excel.read_cell(column, "  企业名称 ") == "企业名称"


# -- stored text is escaped everywhere -----------------------------------------------------------

HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","点我")'

PAGES_OF_THE_ENTERPRISE = [
    ("enterprises:enterprise_detail", "enterprise"),
    ("enterprises:enterprise_list", None),
    ("reports:drill_enterprise", "enterprise"),
    ("enterprises:visit_detail", "visit"),
    ("enterprises:visit_list", None),
    ("clusters:node_edit", "node"),
    ("clusters:chain_detail", "chain"),
    ("clusters:lead_detail", "lead"),
    ("enterprises:servicerequest_detail", "servicerequest"),
    ("policies:application_detail", "application"),
    ("projects:project_detail", "project"),
    ("parks:landparcel_detail", "landparcel"),
    ("reports:search", None),
]


def test_html_in_stored_text_is_escaped_on_the_pages(world, client):
    enterprise = world.enterprise_own
    enterprise.name = f"{MARK_A}{HTML}"
    enterprise.save()
    world.visit_own.notes = HTML
    world.visit_own.save()
    world.lead_own.company_name = HTML
    world.lead_own.save()
    client_as(client, world, "admin")
    wrong = []
    for name, kind in PAGES_OF_THE_ENTERPRISE:
        url = reverse(name, args=[world.get(kind, "own", "admin").pk] if kind else [])
        if name == "reports:search":
            url += "?q=" + MARK_A
        page = client.get(url).content.decode()
        if "<script>alert" in page or "<img src=x" in page:
            wrong.append(f"{name}: raw HTML from the data")
        if "&lt;script&gt;alert" not in page and name not in {"clusters:node_edit"}:
            wrong.append(f"{name}: the text is not shown escaped")
    assert not wrong, "\n".join(wrong)


def test_text_like_a_formula_stays_text_in_the_export(world, client):
    enterprise = world.enterprise_own
    enterprise.name = FORMULA
    enterprise.legal_representative = "+86 13812345678"
    enterprise.save()
    client_as(client, world, "admin")
    response = client.get(reverse("reports:export") + "?export=enterprise")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert FORMULA in cells, "the name is exported as typed"
    cell = cells[FORMULA]
    assert cell.data_type == "s"  # a string, not a formula
    assert cell.quotePrefix or cell.style.quotePrefix  # and Excel keeps it text when edited
    assert cells["+86 13812345678"].data_type == "s"
