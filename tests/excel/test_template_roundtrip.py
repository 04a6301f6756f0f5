"""Template round trip (issue 18, item 3): every template the portal hands out imports back, filled
the way park staff and officers fill it.

Generic over the import registry (``reports.imports.specs.SPECS``): a new kind is covered without a
new test, and a column the battery cannot fill fails by the kind's and the column's name.  For every
kind and every role that imports (park staff for their park, the officer of 工信局), on the demo
region (``seed_demo --scale tiny``, seeded once for the module and rolled back after it):

- the template is downloaded through the import page's own button (its link, or its form with the
  values a browser sends), and only where the role may write rows of the kind;
- rows are filled from demo records as people fill them: text cells (numbers typed as text, codes
  with leading zeros, 1,234.50), dates as real Excel dates, 2026-04-01 and 2026/4/1, months as
  2026-04, 2026年4月 and real dates, the values of the template's drop-down lists (picked from the
  lists, never typed by the battery), Chinese names of choices, blank optional cells and blank
  optional foreign keys;
- the file goes through the buttons (upload → preview → commit) and the database then holds the
  rows as filled, for new rows (create) and for existing ones (update by natural key);
- a bad cell is a row error naming its row and column, in Chinese, and nothing is written;
- the instructions sheet matches the columns, and the drop-down lists hold only what this user may
  choose (park staff: their own parks), every value of them taken back by the import.

The battery reads the cells back with its own small reader (not the portal's parser)."""

import dataclasses
import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlencode

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client
from django.utils import timezone, translation
from openpyxl.utils import range_boundaries

from portal import excel
from portal.models import Job
from portal.scoping import CHANGE, VIEW
from reports.imports.specs import SPECS
from tests import factories

ROLES = {"park_staff": "staff_a", "officer": "officer"}
IMPORT_PAGE = "/reports/excel/imports/"
CJK = re.compile(r"[\u4e00-\u9fff]")
BLANK = None
# Lookups that name one of many records (thousands of enterprises, hundreds of projects): typed by
# their code, so the template offers no list for them.  Every other lookup column has a list.
TYPED_LOOKUPS = {"enterprise", "project"}
MODES = ("create", "update")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The tiny demo region, seeded once for the module inside a transaction rolled back at its end
    (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--scale", "tiny", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def demo_user(role):
    return get_user_model().objects.get(username=ROLES[role])


def may_write_kind(spec, user):
    """Whether the user may write rows of the kind, by the one scoping call (on the demo data)."""
    return spec.model.objects.for_user(user, CHANGE).exists()


# Who writes rows of each kind on the demo, written out by hand (not asked of the scoping code):
# park staff write every kind for their park; the officer of 工信局 writes every kind but the land
# parcels, which are the park committees' alone.  A kind missing here fails by its name.
IMPORTERS = {
    "enterprise": {"park_staff", "officer"},
    "qualification": {"park_staff", "officer"},
    "enterprisestat": {"park_staff", "officer"},
    "projectprogress": {"park_staff", "officer"},
    "investmentlead": {"park_staff", "officer"},
    "landparcel": {"park_staff"},
}


def cases(writers_only=False):
    """Every kind of the registry with every role; with ``writers_only``, the pairs whose role writes
    rows of the kind (the others are covered by the test of the offered templates)."""
    return [
        pytest.param(name, role, id=f"{name}-{role}")
        for name in SPECS
        for role in ROLES
        if not writers_only or role in IMPORTERS.get(name, ROLES)
    ]


# -- the import page: its buttons, as a browser reads them -----------------------------------------


class Buttons(HTMLParser):
    """The links and forms of a page, by the test id of their button: a link's href, a form's
    action, method and the values a browser sends without the user touching it."""

    def __init__(self):
        super().__init__()
        self.links, self.forms = {}, {}
        self.form = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        testid = a.get("data-testid") or ""
        if tag == "form":
            self.form = {"action": a.get("action"), "method": (a.get("method") or "get").lower(), "fields": {}}
            self.form["buttons"] = []
        elif tag == "a" and testid:
            self.links[testid] = a.get("href")
        elif self.form is not None:
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("file", "checkbox"):
                self.form["fields"][name] = a.get("value", "")
            elif tag == "select":
                self.select = name
            elif tag == "option" and self.select:
                if self.select not in self.form["fields"] or "selected" in a:
                    self.form["fields"][self.select] = a.get("value", "")
            elif tag == "button" and testid:
                self.form["buttons"].append(testid)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.form is not None:
            for testid in self.form["buttons"]:
                self.forms[testid] = self.form
            self.form = None


def page_buttons(client):
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 200
    parser = Buttons()
    parser.feed(response.content.decode())
    return parser


def ok(response, what):
    assert response.status_code < 500, f"{what}: HTTP {response.status_code}"
    return response


# -- the template, as openpyxl reads it ------------------------------------------------------------


@dataclasses.dataclass
class Template:
    header: list
    columns: list  # the spec's columns in the header's order
    rows: list  # pre-filled rows
    lists: dict  # column key → the values of its drop-down list
    info: list  # the instructions sheet's rows
    sheets: list


def download(spec, client, mode, language=None):
    """The template through the page's button: the link, or the form (a month field is left at the
    page's default for an update and set to this month, which has no figures yet, for new rows)."""
    buttons = page_buttons(client)
    testid = f"template-{spec.name}"
    if testid in buttons.links:
        url = buttons.links[testid]
    else:
        assert testid in buttons.forms, f"{spec.name}: the import page has no template button"
        form = buttons.forms[testid]
        fields = dict(form["fields"])
        if "period" in fields and mode == "create":
            fields["period"] = f"{timezone.localdate():%Y-%m}"
        url = f"{form['action']}?{urlencode(fields)}"
    response = ok(client.get(url), f"{spec.name}: template")
    assert response.status_code == 200, f"{spec.name}: the template answers {response.status_code}"
    with translation.override(language or settings.LANGUAGE_CODE):
        return read_template(spec, response.content)


def read_template(spec, content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    by_label = {str(c.label): c for c in spec.columns}
    unknown = [h for h in header if h not in by_label]
    assert not unknown, f"{spec.name}: template columns the import does not know: {unknown}"
    columns = [by_label[h] for h in header]
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        values = list_values(book, validation.formula1)
        for cells in str(validation.sqref).split():
            first, _row, last, _r = range_boundaries(cells)
            for index in range(first, last + 1):
                lists[columns[index - 1].key] = values
    info = []
    if len(book.worksheets) > 1:
        info = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    return Template(header, columns, rows, lists, info, book.sheetnames)


def list_values(book, formula):
    """The values of a list validation: inline ("a,b,c") or a range of another sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = formula.lstrip("=").rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    first, top, last, bottom = range_boundaries(cells.replace("$", ""))
    return [
        str(v)
        for row in sheet.iter_rows(min_row=top, max_row=bottom, min_col=first, max_col=last, values_only=True)
        for v in row
        if v is not None
    ]


# -- values: what a row means, how people write it, how the battery reads it back -----------------


def model_field(spec, column):
    if not column.field:
        return None
    return spec.model._meta.get_field(column.field)


def has_period(spec):
    return any(c.kind == excel.PERIOD for c in spec.columns)


def texts_of(obj):
    """Everything people write to name a related record."""
    texts = {str(obj)}
    for attr in ("uscc", "code", "name", "short_name"):
        value = getattr(obj, attr, None)
        if value:
            texts.add(str(value))
    chain = getattr(obj, "chain", None)
    if chain is not None:
        texts.add(f"{chain.name}/{obj.name}")
    return texts


def typed_text(obj):
    """How someone types a related record without a list: its credit code or code, else its name."""
    for attr in ("uscc", "code"):
        if getattr(obj, attr, None):
            return str(getattr(obj, attr))
    return str(obj)


def find_record(spec, column, text):
    field = model_field(spec, column)
    found = [obj for obj in field.related_model._base_manager.all() if text in texts_of(obj)]
    if getattr(field.related_model, "is_active", None) is not None:
        found = [obj for obj in found if getattr(obj, "is_active", True)] or found
    assert len(found) == 1, f"{spec.name}: “{text}” in {column.label} names {len(found)} records"
    return found[0]


def semantic(spec, instance):
    """{column key: the value the row stands for} of a record: related records, choice codes,
    dates, decimals; a period column holds (year, month); year and month columns stay blank."""
    values = {}
    for column in spec.columns:
        field = model_field(spec, column)
        if column.kind == excel.PERIOD:
            values[column.key] = (instance.year, instance.month)
        elif field is not None and field.name in ("year", "month") and has_period(spec):
            values[column.key] = BLANK
        elif field is not None:
            values[column.key] = getattr(instance, field.name)
        else:
            obj = instance
            try:
                for part in column.key.split("__"):
                    obj = getattr(obj, part)
            except AttributeError:
                pytest.fail(f"{spec.name}: the battery cannot fill the column {column.label} ({column.key})")
            values[column.key] = obj
    return values


def render(spec, column, value, variant, template):
    """The cell someone writes for ``value``; ``variant`` (0, 1, 2) picks one of the ways people
    write it.  Drop-down columns take the list's value, which must be offered (a column without
    the list it should have is typed; test_the_instructions_and_lists_match_the_columns fails)."""
    if value is BLANK or value == "":
        return None
    field = model_field(spec, column)
    offered = template.lists.get(column.key)
    label = f"{spec.name}: {column.label}"
    if column.kind == excel.PERIOD:
        year, month = value
        return [f"{year}-{month:02d}", datetime.datetime(year, month, 1), f"{year}年{month}月"][variant]
    if field is None:
        return str(value)
    if field.is_relation:
        if offered is not None:
            names = [t for t in offered if t in texts_of(value)]
            assert names, f"{label}: the template's list does not offer “{value}”"
            return names[0]
        text = typed_text(value)
        return int(text) if variant == 1 and text.isdigit() and not text.startswith("0") else text
    if field.choices:
        text = str(dict(field.flatchoices)[value])
        assert offered is None or text in offered, f"{label}: the list does not offer “{text}”"
        return text
    if isinstance(field, models.BooleanField):
        return (offered or ["是", "否"])[0 if value else 1]
    if isinstance(field, models.DateField):
        return [
            datetime.datetime(value.year, value.month, value.day),
            value.isoformat(),
            f"{value:%Y}/{value.month}/{value.day}",
        ][variant]
    if isinstance(field, models.DecimalField):
        return [float(value), f"{value:,}", str(value)][variant]
    if isinstance(field, (models.IntegerField,)):
        return [int(value), str(value), f"{value}"][variant]
    if isinstance(field, (models.CharField, models.TextField)):
        return str(value)
    pytest.fail(f"{label}: the battery cannot write a {type(field).__name__} cell")


def read_back(spec, column, cell, template):
    """The battery's own reading of a cell (what the row should store)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return BLANK
    field = model_field(spec, column)
    if column.kind == excel.PERIOD:
        if isinstance(cell, datetime.datetime):
            return cell.year, cell.month
        year, month = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", str(cell).strip()).groups()
        return int(year), int(month)
    if field is None:
        return str(cell)
    if field.is_relation:
        text = str(int(cell)) if isinstance(cell, (int, float)) else str(cell).strip()
        return find_record(spec, column, text)
    if field.choices:
        labels = {str(text): code for code, text in field.flatchoices}
        return labels.get(str(cell), str(cell))
    if isinstance(field, models.BooleanField):
        return str(cell) == (template.lists.get(column.key) or ["是"])[0]
    if isinstance(field, models.DateField):
        if isinstance(cell, datetime.datetime):
            return cell.date()
        return datetime.datetime.strptime(str(cell).strip().replace("/", "-"), "%Y-%m-%d").date()
    if isinstance(field, models.DecimalField):
        number = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(str(cell).replace(",", ""))
        return number.quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(field, models.IntegerField):
        return int(Decimal(str(cell).replace(",", "")))
    return str(cell).strip()


def stored_blank(field):
    """What a blank cell leaves in a field: its default, else null or empty text."""
    if field.has_default():
        return field.get_default()
    return None if field.null else ""


# -- rows from the demo data ------------------------------------------------------------------------


def scope_fields(spec, user):
    """The fields through which the user's rows reach their scope (park staff: the park); left
    filled, since a row without them is not the user's to write."""
    scope = spec.model.scope
    names = set()
    if user.role == "park_staff":
        names |= {path.split("__")[0] for path in scope.park_paths}
    elif scope.department and scope.officer_change == "department":
        names.add(scope.department.split("__")[0])
    return names


def scope_field_objs(spec, user):
    return {spec.model._meta.get_field(name) for name in scope_fields(spec, user)}


def writable(spec, column, user):
    field = model_field(spec, column)
    return (
        field is not None
        and column.kind != excel.PERIOD
        and field.name not in spec.key
        and field.name not in scope_fields(spec, user)
        and not (field.name in ("year", "month") and has_period(spec))
    )


def records(spec, user, limit=3):
    queryset = spec.model.objects.for_user(user, CHANGE)
    if spec.active_only:
        queryset = queryset.filter(is_active=True)
    found = list(queryset.order_by("pk")[:limit])
    assert found, f"{spec.name}: the demo has no record {user.username} may change"
    return found


def new_key(spec, instance, taken):
    """A copy of ``instance`` under a natural key no row has yet: same related records, a new
    credit code, a code with leading zeros, another name, an earlier date, a month without figures."""
    copy = spec.model()
    for field in spec.model._meta.concrete_fields:
        if not field.primary_key:
            setattr(copy, field.attname, getattr(instance, field.attname))
    for attempt in range(1, 200):
        for name in spec.key:
            field = spec.model._meta.get_field(name)
            value = getattr(instance, field.attname)
            if field.is_relation or name in ("year", "month"):
                continue
            if name == "uscc":
                value = factories.next_uscc(value[2:8])
            elif isinstance(field, models.CharField) and "code" in name:
                value = f"00{attempt:02d}"
            elif isinstance(field, models.CharField):
                value = f"{value}（{attempt}）"[: field.max_length]
            elif isinstance(field, models.DateField):
                value = value - datetime.timedelta(days=attempt)
            else:
                pytest.fail(f"{spec.name}: the battery cannot make a new {name}")
            setattr(copy, field.attname, value)
        if "year" in spec.key:
            period = timezone.localdate().replace(day=1)
            for _ in range(attempt):
                period = (period - datetime.timedelta(days=1)).replace(day=1)
            copy.year, copy.month = period.year, period.month
        key = tuple(getattr(copy, spec.model._meta.get_field(n).attname) for n in spec.key)
        lookup = {spec.model._meta.get_field(n).attname: v for n, v in zip(spec.key, key, strict=True)}
        exists = spec.model._base_manager.filter(**lookup)
        if spec.active_only:
            exists = exists.filter(is_active=True)
        if key not in taken and not exists.exists():
            taken.add(key)
            return copy
    pytest.fail(f"{spec.name}: no free natural key found")


def edit(spec, values, variant, user, template):
    """What someone changes in a row: variant 0 edits a text and a number, variant 2 blanks every
    optional cell the model lets be blank together, variant 1 keeps the values (only their
    spelling changes)."""
    values = dict(values)
    columns = [c for c in spec.columns if writable(spec, c, user)]
    if variant == 0:
        for column in columns:
            field = model_field(spec, column)
            text = isinstance(field, (models.CharField, models.TextField)) and not field.choices
            if text and not field.is_relation and field.name != "contact_phone":
                values[column.key] = f"{values[column.key] or ''}已更新"[: field.max_length or 200]
                break
        for column in columns:
            field = model_field(spec, column)
            if isinstance(field, models.DecimalField):
                values[column.key] = (values[column.key] or Decimal(0)) + Decimal("1.25")
                break
    if variant == 2:
        for column in columns:
            if not column.required and column.field:
                values[column.key] = BLANK
    return values


@dataclasses.dataclass
class Row:
    number: int
    cells: list
    expected: dict  # {field name: value}
    key: dict  # {attname: value}
    existed: bool


def expected_fields(spec, template, cells):
    """{field name: value} a row should store, read back from its cells."""
    fields = {}
    for column, cell in zip(template.columns, cells, strict=True):
        value = read_back(spec, column, cell, template)
        if column.kind == excel.PERIOD:
            if value is not BLANK:
                fields["year"], fields["month"] = value
            continue
        field = model_field(spec, column)
        if field is None or (field.name in ("year", "month") and has_period(spec) and value is BLANK):
            continue
        if value is BLANK:
            if field.name in getattr(spec, "derived", {}):
                continue  # the import works it out (the instructions say how)
            value = stored_blank(field)
        fields[field.name] = value
    return fields


def apply(instance, fields):
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if field.is_relation:
            setattr(instance, field.name, value)
        else:
            setattr(instance, field.attname, value)
    return instance


def blank_conflicts(spec, base, fields):
    """The blanked fields the model refuses together (e.g. a parcel in use needs its holder)."""
    instance = apply(base, fields)
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return set(error.message_dict)
    return set()


def build_rows(spec, user, template, mode):
    """The rows of the filled file: the template's own rows where it comes pre-filled, else rows
    from demo records (new natural keys for create)."""
    if template.rows:
        sources = []
        for cells in template.rows:
            values = {
                c.key: read_back(spec, c, cell, template)
                for c, cell in zip(template.columns, list(cells) + [None] * len(template.columns), strict=False)
            }
            sources.append(values)
    else:
        instances = records(spec, user)
        if mode == "create":
            taken = set()
            instances = [new_key(spec, instance, taken) for instance in instances]
        sources = [semantic(spec, instance) for instance in instances]
    rows = []
    for index, values in enumerate(sources):
        variant = index % 3
        values = edit(spec, values, variant, user, template)
        for _attempt in range(5):
            cells = [render(spec, c, values[c.key], variant, template) for c in template.columns]
            fields = expected_fields(spec, template, cells)
            key = {spec.model._meta.get_field(n).attname: _pk(fields[n]) for n in spec.key}
            existing = spec.model._base_manager.filter(**key)
            if spec.active_only:
                existing = existing.filter(is_active=True)
            current = existing.first()
            base = current if current is not None else spec.model()
            conflicts = blank_conflicts(spec, base, fields)
            restore = [c for c in template.columns if model_field(spec, c) and c.field in conflicts]
            restore = [c for c in restore if values[c.key] is BLANK and sources[index][c.key] is not BLANK]
            if current is not None:
                current.refresh_from_db()
            if not restore:
                break
            for column in restore:
                values[column.key] = sources[index][column.key]
        rows.append(Row(index + 2, cells, fields, key, current is not None))
    return rows


def _pk(value):
    return value.pk if isinstance(value, models.Model) else value


def workbook(template, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = template.sheets[0]
    sheet.append(template.header)
    for cells in rows:
        sheet.append(cells)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, as in a cell formatted as text
    info = book.create_sheet(template.sheets[1]) if len(template.sheets) > 1 else None
    for row in template.info if info is not None else []:
        info.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- the buttons: upload → preview → commit -----------------------------------------------------------


def upload(spec, client, data):
    buttons = page_buttons(client)
    form = buttons.forms.get(f"check-{spec.name}")
    assert form is not None, f"{spec.name}: the import page has no upload button"
    response = ok(
        client.post(form["action"], {**form["fields"], "file": SimpleUploadedFile("filled.xlsx", data)}),
        f"{spec.name}: upload",
    )
    assert response.status_code == 302, f"{spec.name}: upload answered {response.status_code}"
    preview_url = response["Location"]
    preview = ok(client.get(preview_url), f"{spec.name}: preview")
    assert preview.status_code == 200
    job = Job.objects.get(pk=int(re.search(r"/(\d+)/$", preview_url).group(1)))
    return preview_url, preview.content.decode(), job


def commit(spec, client, preview_url, html):
    data = {"confirm_warnings": "1"} if 'data-testid="confirm-warnings"' in html else {}
    ok(client.post(preview_url, data), f"{spec.name}: commit")
    return ok(client.get(preview_url), f"{spec.name}: after the commit").content.decode()


def snapshot(spec):
    return list(spec.model._base_manager.order_by("pk").values())


def login(user, language=None):
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def importer(name, role):
    spec, user = SPECS[name], demo_user(role)
    assert may_write_kind(spec, user), f"{name}: {role} is listed in IMPORTERS but may write no row"
    return spec, user


# -- the battery ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, role", cases(writers_only=True))
def test_a_filled_template_imports_back(demo, name, role, mode):
    spec, user = importer(name, role)
    client = login(user)
    template = download(spec, client, mode)
    rows = build_rows(spec, user, template, mode)
    if mode == "update":
        assert any(row.existed for row in rows), f"{spec.name}: no row of the update names a stored record"
    else:
        assert not any(row.existed for row in rows), f"{spec.name}: a new row names a stored record"
    preview_url, html, job = upload(spec, client, workbook(template, [r.cells for r in rows]))
    assert not job.result.get("file_error"), f"{spec.name}: {job.result['file_error']}"
    assert job.errors == [], f"{spec.name}: errors in a file filled as people fill it: {job.errors}"
    html = commit(spec, client, preview_url, html)
    assert 'data-testid="committed"' in html, f"{spec.name}: not committed"
    for row in rows:
        stored = spec.model._base_manager.filter(**row.key)
        if spec.active_only:
            stored = stored.filter(is_active=True)
        obj = stored.get()
        for name_, value in row.expected.items():
            field = spec.model._meta.get_field(name_)
            got = getattr(obj, field.attname)
            assert got == _pk(value), f"{spec.name} row {row.number}, {name_}: stored {got!r}, filled {value!r}"


@pytest.mark.parametrize("name, role", cases(writers_only=True))
def test_a_bad_cell_is_a_row_error_in_chinese_and_nothing_is_written(demo, name, role):
    spec, user = importer(name, role)
    client = login(user)
    template = download(spec, client, "create")
    good = build_rows(spec, user, template, "create")[0]
    bad = {}  # column key → a cell that cannot be right
    for column in template.columns:
        field = model_field(spec, column)
        if field is None or column.kind == excel.PERIOD:
            continue
        if field.is_relation and "relation" not in bad.values():
            bad[column.key] = "不存在的记录"
        elif field.choices:
            bad[column.key] = "不存在的选项"
        elif isinstance(field, models.DecimalField):
            bad[column.key] = "一千"
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            bad[column.key] = "2026-13-45"
    cells = [good.cells]
    expected = set()
    for number, (key, value) in enumerate(bad.items(), start=3):
        row = list(good.cells)
        index = [c.key for c in template.columns].index(key)
        row[index] = value
        cells.append(row)
        expected.add((number, str(template.columns[index].label)))
    before = snapshot(spec)
    preview_url, html, job = upload(spec, client, workbook(template, cells))
    assert {(e["row"], e["column"]) for e in job.errors} == expected
    for error in job.errors:
        assert CJK.search(error["message"]), f"{spec.name}: not in Chinese: {error['message']}"
        assert error["message"] in html and f"<td>{error['row']}</td><td>{error['column']}</td>" in html
    assert 'data-testid="commit"' not in html
    ok(login(user).post(preview_url, {"confirm_warnings": "1"}), f"{spec.name}: a forged commit")
    assert snapshot(spec) == before


@pytest.mark.parametrize("name, role", cases())
def test_a_template_is_offered_only_where_rows_may_be_written(demo, name, role):
    spec, user = SPECS[name], demo_user(role)
    client = login(user)
    buttons = page_buttons(client)
    offered = f"template-{name}" in buttons.links or f"template-{name}" in buttons.forms
    assert name in IMPORTERS, f"{name}: a new import kind; say in IMPORTERS who writes its rows"
    assert may_write_kind(spec, user) == (role in IMPORTERS[name]), f"{name}: {role} writes rows by the scoping"
    if role in IMPORTERS[name]:
        assert offered, f"{name}: {role} may write rows, but the import page has no template"
        return
    assert not offered, f"{name}: {role} may write no row, but is handed the template"
    assert client.get(f"{IMPORT_PAGE}{name}/template/").status_code == 403
    assert client.post(f"{IMPORT_PAGE}{name}/upload/").status_code == 403


@pytest.mark.parametrize("name, role", cases(writers_only=True))
def test_the_instructions_and_lists_match_the_columns(demo, name, role):
    spec, user = importer(name, role)
    template = download(spec, login(user), "update")
    assert len(template.info) == len(template.columns) + 1, f"{name}: one instructions row per column"
    for column, (label, required, how) in zip(template.columns, template.info[1:], strict=True):
        where = f"{name}, instructions of {column.label}"
        assert label == str(column.label), where
        needed = (
            column.required or column.kind == excel.PERIOD or model_field(spec, column) in scope_field_objs(spec, user)
        )
        assert required == ("是" if needed else "否"), f"{where}: required is {required}"
        assert CJK.search(how), f"{where}: {how}"
        imported = bool(column.field) or column.kind == excel.PERIOD
        assert ("不导入" in how) == (not imported), f"{where}: {how}"
        for unit in ("万元", "亩", "吨标准煤"):
            assert (unit in how) <= (unit in str(column.label)), f"{where}: says {unit}: {how}"
        field = model_field(spec, column)
        if field is None:
            continue
        values = template.lists.get(column.key)
        if field.choices:
            assert values == [str(text) for _code, text in field.flatchoices], f"{name}: list of {column.label}"
            assert all(value in how for value in values), f"{where}: {how}"
        elif isinstance(field, models.BooleanField):
            assert values == ["是", "否"], f"{name}: list of {column.label}"
        elif field.is_relation and column.lookup not in TYPED_LOOKUPS:
            assert values, f"{name}: {column.label} has no drop-down list"
            found = {find_record(spec, column, value) for value in values}
            visible = set(field.related_model._default_manager.all())
            if hasattr(field.related_model, "scope"):
                visible = set(field.related_model.objects.for_user(user, VIEW))
            assert found <= visible, f"{name}: {column.label} offers records {user.username} may not see"
            if field.name in scope_fields(spec, user):
                own = set(own_rows(spec, field, user))
                assert found == own, f"{name}: {column.label} offers {found}, not the user's own {own}"


def own_rows(spec, field, user):
    """The related rows under which the user writes rows of the kind: park staff their active parks
    (through the scope's park path), an officer the rows of their department."""
    scope = spec.model.scope
    rows = field.related_model.objects.all()
    if hasattr(field.related_model, "is_active"):
        rows = rows.filter(is_active=True)
    if user.role == "park_staff":
        path = next(p for p in scope.park_paths if p.split("__")[0] == field.name)
        rest = path[len(field.name) + 2 :] or "pk"
        return rows.filter(**{f"{rest}__in": user.park_ids})
    rest = scope.department[len(field.name) + 2 :]
    return rows.filter(**{rest: user.department_id})


@pytest.mark.parametrize("languages", [("zh-hans", "zh-hans"), ("en", "en"), ("en", "zh-hans")], ids="-".join)
@pytest.mark.parametrize("name, role", cases(writers_only=True))
def test_every_value_a_list_offers_is_taken_back(demo, name, role, languages):
    """Each value of each drop-down list, in a row otherwise filled right, is read without an error
    in its column; also when the template was downloaded in one language and uploaded in another."""
    spec, user = importer(name, role)
    good = build_rows(spec, user, download(spec, login(user), "create"), "create")[0].cells
    template = download(spec, login(user, languages[0]), "create", language=languages[0])
    keys = [c.key for c in template.columns]
    rows, varied = [], {}
    for key, values in template.lists.items():
        for value in values:
            row = list(good)
            row[keys.index(key)] = value
            rows.append(row)
            varied[len(rows) + 1] = labels_of(template.columns[keys.index(key)])
    if not rows:
        return  # no list in this template (test_the_instructions_and_lists_match_the_columns says which it needs)
    _url, _html, job = upload(spec, login(user, languages[1]), workbook(template, rows))
    assert not job.result.get("file_error"), f"{name}: {job.result['file_error']}"
    refused = [e for e in job.errors if e["column"] in varied.get(e["row"], ())]
    assert refused == [], f"{name}: list values the import does not take back: {refused}"


def labels_of(column):
    labels = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(str(column.label))
    return labels
