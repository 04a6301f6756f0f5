"""The import engine: a workbook and an :class:`ImportSpec` in, every problem by row and column out,
and — only when there is none — all rows written in one transaction.

Rows are matched to existing records by the spec's natural key (USCC, enterprise + month …), so
uploading the same file twice changes nothing the second time.  Each row is checked with the
model's own ``full_clean()`` (its field validators and ``clean()``), the scope of the user (a row
of another park is an error, not a write) and the spec's own checks; warnings (the monthly jump
flags) are shown to confirm, not refused."""

import dataclasses
import datetime
import decimal
import json
import re
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from portal import bulk, excel
from portal.roles import Role
from portal.scoping import CHANGE, VIEW, user_role
from reports import rollups

NOT_IMPORTED = "—"


def instructions_title():
    return _("Instructions")  # the template's sheet saying how to fill each column


def lists_title():
    return _("Lists")  # the template's hidden sheet holding the drop-down lists


@dataclasses.dataclass
class ImportColumn(excel.Column):
    field: str = ""  # the model field this column sets ("" for a column shown for reference only)
    lookup: str = ""  # related rows are found by this lookup (see Lookups)
    aliases: tuple = ()  # other headers people use for this column
    row_required: bool = False  # a row needs it, though the header may be absent (the period: or year + month)


@dataclasses.dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclasses.dataclass
class Outcome:
    errors: list
    warnings: list
    notes: list
    plan: list  # [(row number, instance, is new, changed field names)]
    file_error: str = ""

    @property
    def created(self):
        return sum(1 for _r, _o, new, _c in self.plan if new)

    @property
    def updated(self):
        return sum(1 for _r, _o, new, changed in self.plan if not new and changed)

    @property
    def unchanged(self):
        return sum(1 for _r, _o, new, changed in self.plan if not new and not changed)

    @property
    def ok(self):
        return not self.file_error and not self.errors


def uscc_aliases():
    from enterprises.models import Enterprise

    return (Enterprise._meta.get_field("uscc").verbose_name,)


def fk_label(model, fk_name, attr):
    """ "企业统一社会信用代码": how exports and templates name a related row's field (lazy: in the
    language of the template's or upload's user)."""
    field = model._meta.get_field(fk_name)
    return format_lazy("{}{}", field.verbose_name, field.related_model._meta.get_field(attr).verbose_name)


def in_every_language(text):
    """The texts of a (lazy) label in every language of the portal: a template downloaded in one
    language imports when uploaded in another."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = str(text)
        if value not in texts:
            texts.append(value)
    return texts


def field_column(model, name, *, required=None, lookup="", label=None, **extra):
    """An import column for a model field: label = verbose name, kind and choices from the field
    (labels stay lazy, so a template is written in its user's language)."""
    from reports.exports import field_kind

    field = model._meta.get_field(name)
    choices = dict(field.flatchoices) if field.choices else None
    if required is None:
        required = not field.blank and not field.has_default()
    if field.is_relation and not lookup:
        raise ImproperlyConfigured(f"{model.__name__}.{name}: a related row is found by a lookup (see Lookups)")
    kind = excel.TEXT if field.is_relation else field_kind(field)
    return ImportColumn(
        key=name,
        label=label or field.verbose_name,
        kind=kind,
        required=required,
        choices=choices,
        field=name,
        lookup=lookup,
        **extra,
    )


class Lookups:
    """Related rows by what people write in the file, loaded once per import (never one query per
    row).  Every lookup starts from ``for_user(user)``: what the user may not see is not found.

    ``offer_<name>()`` gives the rows a template's drop-down list offers and the text it shows for
    each (a text ``load_<name>`` finds again); lookups without one (enterprises, projects: too
    many to list) are typed by their code."""

    def __init__(self, user, options=None):
        self.user = user
        self.cache = {}
        self.options = dict(options or {})  # the upload's choices (e.g. cumulative figures)

    def prepare(self, name, texts):
        method = getattr(self, f"load_{name}")
        self.cache[name] = method({t for t in texts if t})

    def find(self, name, text):
        return self.cache[name].get(text)

    def load_enterprise(self, texts):
        from enterprises.models import Enterprise
        from enterprises.rules import normalize_uscc

        codes = {normalize_uscc(t) for t in texts}
        rows = Enterprise.objects.for_user(self.user, VIEW).filter(is_active=True, uscc__in_list=codes)
        by_code = {e.uscc: e for e in rows}
        return {t: by_code.get(normalize_uscc(t)) for t in texts}

    def load_park(self, texts):
        from parks.models import Park

        found = {}
        for park in Park.objects.for_user(self.user, VIEW):
            found[park.name] = found[park.code] = park
            if park.short_name:
                found.setdefault(park.short_name, park)
        return found

    def offer_park(self):
        from parks.models import Park

        return Park.objects.for_user(self.user, VIEW).filter(is_active=True).order_by("code"), lambda park: park.name

    def load_region(self, texts):
        from enterprises.selectors import local_regions
        from portal.models import Region

        found = {}
        # the portal's own districts last: a name that also exists elsewhere in the province means them
        local = set(local_regions().values_list("pk", flat=True))
        for region in sorted(Region.objects.all(), key=lambda r: r.pk in local):
            found[region.name] = found[region.code] = region
        return found

    def offer_region(self):
        """The districts of the portal's region, and the regions of the enterprises the user sees
        (suppliers registered elsewhere)."""
        from enterprises.models import Enterprise
        from enterprises.selectors import local_regions
        from portal.models import Region

        used = Enterprise.objects.for_user(self.user, VIEW).values("region")
        local = Q(pk__in=local_regions(), level=Region.Level.DISTRICT)
        return Region.objects.filter(local | Q(pk__in=used)).order_by("code"), str

    def load_industry(self, texts):
        from enterprises.models import Industry

        found = {}
        for industry in Industry.objects.all():
            found[industry.code] = found[str(industry)] = found[industry.name] = industry
            if industry.code.isdigit():  # "06" typed into a number cell arrives as 6
                found.setdefault(str(int(industry.code)), industry)
        return found

    def offer_industry(self):
        from enterprises.models import Industry

        return Industry.objects.order_by("code"), str

    def load_kind(self, texts):
        from enterprises.models import QualificationKind

        found = {}
        for kind in QualificationKind.objects.all():
            found[kind.name] = found[kind.code] = kind
        return found

    def offer_kind(self):
        from enterprises.models import QualificationKind

        return QualificationKind.objects.all(), str

    def load_project(self, texts):
        from projects.models import Project

        return {p.code: p for p in Project.objects.for_user(self.user, VIEW).filter(code__in=texts)}

    def load_node(self, texts):
        from clusters.models import ChainNode

        found, names = {}, defaultdict(list)
        for node in ChainNode.objects.select_related("chain"):
            found[f"{node.chain.name}/{node.name}"] = node
            names[node.name].append(node)
        for name, nodes in names.items():
            if len(nodes) == 1:
                found.setdefault(name, nodes[0])
        return found

    def offer_node(self):
        from clusters.models import ChainNode

        nodes = ChainNode.objects.select_related("chain").order_by("chain__name", "stage", "sort_order", "pk")
        return nodes, lambda node: f"{node.chain.name}/{node.name}"

    def offered(self, name):
        """(rows, text of a row) of a template's list for this lookup, or None."""
        method = getattr(self, f"offer_{name}", None)
        return method() if method else None


def path_value(obj, path):
    """The id at the end of a scope path on an unsaved instance ("enterprise__park" → park id)."""
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    last = parts[-1]
    if last == "pk":
        return obj.pk
    field = obj._meta.get_field(last)
    return getattr(obj, field.attname)


def may_write(user, obj):
    """Whether the user may write this (unsaved or changed) row: the scope of its model, evaluated
    on the instance (the rules of ``for_user(user, "change")``)."""
    scope = type(obj).scope
    role = user_role(user)
    if role == Role.ADMIN:
        return True
    if role == Role.PARK_STAFF:
        if not scope.staff_change or not scope.park_paths:
            return False
        return any(path_value(obj, path) in set(user.park_ids) for path in scope.park_paths)
    if role == Role.OFFICER:
        if scope.officer_change == "all":
            return True
        if scope.officer_change == "department" and scope.department and user.department_id:
            return path_value(obj, scope.department) == user.department_id
    return False


class ImportSpec:
    """What one kind of import reads and writes.  Subclasses set the attributes and may override
    :meth:`build` (cells → model fields), :meth:`check` and :meth:`warnings`."""

    name = ""
    model = None
    key = ()  # natural key: model field names
    active_only = False  # match only active rows (Deactivatable models)
    prefilled = False
    cumulative_fields = ()  # fields that may come as 1–N月 cumulative figures (converted to monthly)
    derived = frozenset()  # fields the import fills when their cell is blank (the column's help says how)

    def __init__(self):
        self.columns = self.get_columns()
        for column in self.columns:
            if column.lookup and not hasattr(Lookups, f"load_{column.lookup}"):
                raise ImproperlyConfigured(f"{self.name}: no Lookups.load_{column.lookup} for {column.key}")

    def get_columns(self):
        raise NotImplementedError

    def may_import(self, user):
        """Whether the user may write rows of this kind at all (the rules of ``for_user(user,
        "change")``, asked without a query): only then is the template offered."""
        return not self.model.objects.for_user(user, CHANGE).query.is_empty()

    def reaches_scope(self, user, column):
        """Whether the user's rows reach their scope through this column (the park, for park
        staff): a row without it is not theirs to write, so the user must fill it."""
        if not column.field:
            return False
        scope, role = self.model.scope, user_role(user)
        if role == Role.PARK_STAFF:
            return any(rest_of(path, column.field) is not None for path in scope.park_paths)
        if role == Role.OFFICER and scope.officer_change == "department" and scope.department:
            return rest_of(scope.department, column.field) is not None
        return False

    def offered(self, user, column):
        """The texts of the column's drop-down list for this user, or None (no list): the related
        rows the user may choose.  Where the column is the way the row reaches the user's scope
        (the park for park staff, the chain node's department for officers), only the rows the
        user may write under."""
        source = Lookups(user).offered(column.lookup) if column.lookup else None
        if source is None:
            return None
        rows, text = source
        return [text(row) for row in writable_under(self.model, column.field, rows, user)]

    @property
    def title(self):
        return str(self.model._meta.verbose_name_plural)

    @property
    def sheet_title(self):
        return excel.sheet_title(self.title)

    def template_rows(self, user, params):
        return []

    def template_params(self, user, params):
        """Validated parameters of the template (e.g. park and month); raise ValidationError."""
        return {}

    # -- per row --

    def build(self, ctx, values, row, problems):
        """Model field values from the row's cell values (lookups already resolved)."""
        return {c.field: values[c.key] for c in self.columns if c.field and c.key in values}

    def check(self, ctx, obj, row, problems):
        """Extra checks of one row (after full_clean)."""

    def warnings(self, ctx, plan):
        return []

    def convert(self, ctx, parsed, errors):
        """Change the parsed rows of the whole file before they are matched (e.g. 1–N月
        cumulative figures into monthly ones); returns the rows to keep."""
        return parsed

    def label_of(self, field_name):
        for column in self.columns:
            if column.field == field_name or column.key == field_name:
                return str(column.label)
        return NOT_IMPORTED


def writable_under(model, field_name, rows, user):
    """``rows`` (of the model ``field_name`` points to) narrowed to those under which the user may
    write ``model``'s rows: a park path or the department path of the model's scope that starts
    with the field."""
    scope = model.scope
    role = user_role(user)
    if role == Role.PARK_STAFF:
        rests = [rest_of(path, field_name) for path in scope.park_paths]
        rests = [rest for rest in rests if rest is not None]
        if rests and len(rests) == len(scope.park_paths):
            q = Q()
            for rest in rests:
                q |= Q(**{f"{rest}__in": user.park_ids})
            rows = rows.filter(q)
    elif role == Role.OFFICER and scope.officer_change == "department" and scope.department:
        rest = rest_of(scope.department, field_name)
        if rest is not None:
            rows = rows.filter(**{rest: user.department_id})
    return rows


def rest_of(path, field_name):
    """The rest of a scope path after its first field ("node__chain__lead_department", "node" →
    "chain__lead_department"; "park", "park" → "pk"), or None when it starts elsewhere."""
    if path == field_name:
        return "pk"
    if path.startswith(f"{field_name}__"):
        return path[len(field_name) + 2 :]
    return None


def header_key(text):
    return excel.to_text(text).rstrip("*＊").strip()


# "营业收入（万元）（累计）", "营业收入（万元）1-N月累计": a column of 1–N月 cumulative figures
CUMULATIVE_MARK = re.compile(
    r"\s*[（(\[]?\s*(?:(?:1\s*[-–—~～]\s*[nN]\s*月)?\s*累计|cumulative)\s*[)）\]]?\s*$", re.IGNORECASE
)


def split_cumulative(name):
    """(header without the cumulative mark, whether it had one)."""
    bare = CUMULATIVE_MARK.sub("", name)
    return (bare, True) if bare != name and bare else (name, False)


def read_rows(spec, book):
    """(data sheet rows, matched columns {index: column}, ignored headers, keys of the columns
    whose header marks them 1–N月 cumulative) or raise ExcelError."""
    names = [name for name, _part in book.sheets]
    from reports.exports import _info_title

    titles, known = [], set()
    for code, _name in settings.LANGUAGES:  # a template downloaded in one language, uploaded in another
        with translation.override(code):
            titles.append(spec.sheet_title)
            known |= {spec.sheet_title, *(excel.sheet_title(t) for t in (instructions_title(), lists_title()))}
            known.add(excel.sheet_title(_info_title()))
    data_sheet = next((t for t in titles if t in names), names[0] if names else None)
    if data_sheet is None:
        raise excel.ExcelError(_("The workbook has no sheet."), "no_sheet")
    extra = [name for name in names if name not in known and name != data_sheet]
    if extra:
        raise excel.ExcelError(
            _(
                "The workbook has sheets the template does not have: %(sheets)s. Delete them "
                "(keep only the sheet “%(sheet)s”) and upload it again."
            )
            % {"sheets": "、".join(extra), "sheet": spec.sheet_title},
            "extra_sheets",
        )
    excel.check_sheet(book, data_sheet)
    rows = book.rows(data_sheet, max_rows=excel.limit("max_rows") + 1)
    if not rows:
        raise excel.ExcelError(_("The sheet “%(sheet)s” is empty.") % {"sheet": data_sheet}, "empty")
    by_name = {}
    for column in spec.columns:
        for label in in_every_language(column.label):
            by_name.setdefault(label, column)
        by_name[column.key] = column
        for alias in column.aliases:
            for label in in_every_language(alias):
                by_name.setdefault(label, column)
    matched, ignored = {}, []
    cumulative = set()
    for index, text in enumerate(rows[0]):
        name = header_key(text)
        if not name:
            continue
        column = by_name.get(name)
        if column is None and spec.cumulative_fields:
            bare, marked = split_cumulative(name)
            column = by_name.get(bare) if marked else None
            if column is not None and column.field in spec.cumulative_fields:
                cumulative.add(column.key)
            else:
                column = None
        if column and column not in matched.values():
            matched[index] = column
        else:
            ignored.append(name)
    cumulative &= {c.key for c in matched.values()}
    if not matched:
        raise excel.ExcelError(
            _(
                "This is not the template for “%(title)s”: none of the column headers match. "
                "Download the template and fill it in."
            )
            % {"title": spec.title},
            "wrong_template",
        )
    present = {c.key for c in matched.values()}
    missing = [str(c.label) for c in spec.columns if c.required and c.key not in present]
    if missing:
        raise excel.ExcelError(
            _("Columns missing: %(columns)s. Use the downloaded template and keep its header row.")
            % {"columns": "、".join(missing)},
            "missing_columns",
        )
    return rows, matched, ignored, cumulative


NUMERIC_KINDS = {excel.MONEY, excel.DECIMAL, excel.INTEGER, excel.PERCENT}
NOTED_KINDS = NUMERIC_KINDS | {excel.DATE}  # "“1,000” was read as 1000.00"


@dataclasses.dataclass
class Parsed:
    """A file read and its cells parsed: everything about the upload that does not depend on the
    database.  The preview keeps it with the upload (:meth:`dumps`), so the commit only looks the
    rows up again and plans them against the locked records instead of reading the file again."""

    rows: list  # [(row number, {column key: value}, [Problem]): cells that could not be read]
    notes: list  # [Problem]
    lookups: dict  # {lookup name: [texts the file uses]}
    cumulative: set  # keys of the columns whose header marks them 1–N月 cumulative
    file_error: str = ""

    FORMAT = 2

    def dumps(self, source=""):
        """JSON bytes that :meth:`loads` turns back into the same values (types included);
        ``source`` names the file parsed (its digest).  Column by column: the keys once, each
        column's type once, each row a list of its cells (decimals as text).  TypeError for a
        value it cannot keep, or a column of mixed types."""
        keys = sorted({key for _row, values, _problems in self.rows for key in values})
        tags = {}
        for _row, values, _problems in self.rows:
            for key, value in values.items():
                if value is not None and tags.setdefault(key, _tag(value)) != _tag(value):
                    raise TypeError(f"column {key} mixes cells of several kinds")
        tags = {key: tags.get(key, "v") for key in keys}
        encoders = [ENCODERS[tags[key]] for key in keys]
        rows = []
        for row, values, problems in self.rows:
            cells, absent = [], []
            for i, (key, encode) in enumerate(zip(keys, encoders, strict=True)):
                if key not in values:
                    absent.append(i)
                    cells.append(None)
                    continue
                value = values[key]
                cells.append(None if value is None else encode(value))
            rows.append([row, cells, [[p.column, p.message] for p in problems], absent])
        payload = {
            "format": self.FORMAT,
            "source": source,
            "keys": keys,
            "tags": [tags[key] for key in keys],
            "rows": rows,
            "notes": [p.as_dict() for p in self.notes],
            "lookups": {name: sorted(texts) for name, texts in self.lookups.items()},
            "cumulative": sorted(self.cumulative),
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def loads(cls, data, source=""):
        """The Parsed of :meth:`dumps` of the file ``source``, or None for anything else (another
        file or format, damage)."""
        try:
            payload = json.loads(data)
            if payload.get("format") != cls.FORMAT or payload.get("source") != source:
                return None
            keys = payload["keys"]
            decoders = [DECODERS[tag] for tag in payload["tags"]]
            if len(decoders) != len(keys):
                return None
            rows = []
            for row, cells, problems, absent in payload["rows"]:
                if len(cells) != len(keys):
                    return None
                values = {
                    key: None if cell is None else decode(cell)
                    for key, decode, cell in zip(keys, decoders, cells, strict=True)
                }
                for i in absent:
                    del values[keys[i]]
                rows.append((row, values, [Problem(row, c, m) for c, m in problems]))
            notes = [Problem(**p) for p in payload["notes"]]
            return cls(rows, notes, payload["lookups"], set(payload["cumulative"]))
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, decimal.InvalidOperation):
            return None


def _tag(value):
    if value is None or type(value) in (str, bool, int):
        return "v"
    if isinstance(value, Decimal):
        return "n"
    if type(value) is datetime.date:
        return "d"
    if isinstance(value, tuple) and all(type(v) in (str, int) for v in value):
        return "t"
    raise TypeError(f"cannot keep a {type(value).__name__} cell")


ENCODERS = {"v": lambda v: v, "n": str, "d": datetime.date.isoformat, "t": list}
DECODERS = {"v": lambda v: v, "n": Decimal, "d": datetime.date.fromisoformat, "t": tuple}


def parse(spec, book):
    """Read the data sheet and every cell of it (a :class:`Parsed`; ``file_error`` when the file
    cannot be imported at all).  Nothing is looked up in the database."""
    try:
        rows, matched, ignored, cumulative_columns = read_rows(spec, book)
    except excel.ExcelError as error:
        return Parsed([], [], {}, set(), file_error=error.message)
    notes = []
    if ignored:
        notes.append(
            Problem(
                1,
                NOT_IMPORTED,
                _("These columns are not part of the template and were not imported: %(columns)s.")
                % {"columns": "、".join(ignored)},
            )
        )
    lookups = defaultdict(set)
    readers = [
        (index, column, str(column.label), excel.cell_reader(column), column.kind in NOTED_KINDS)
        for index, column in matched.items()
    ]
    parsed = []
    for row, raw in enumerate(rows[1:], start=2):
        if all(excel.is_blank(v) for v in raw):
            continue
        values, problems = {}, []
        width = len(raw)
        for index, column, label, read, noted in readers:
            cell = raw[index] if index < width else None
            if column.lookup and index < width:
                lookups[column.lookup].add(excel.to_text(cell))
            try:
                value = read(cell)
            except excel.CellError as error:
                problems.append(Problem(row, label, str(error)))
                continue
            if value is None or value == "":
                if column.required:
                    problems.append(Problem(row, label, _("This column is required.")))
                    continue
            elif noted and len(notes) < 200 and isinstance(cell, str) and excel.to_text(cell) != str(value):
                notes.append(
                    Problem(row, label, _("“%(cell)s” was read as %(value)s.") % {"cell": cell, "value": value})
                )
            values[column.key] = value
        parsed.append((row, values, problems))
    return Parsed(parsed, notes, dict(lookups), cumulative_columns)


def validate(spec, user, book, *, lock=False, options=None, check_warnings=True):
    """Check every row; returns an :class:`Outcome` (nothing is written).  ``options`` are the
    upload's choices, e.g. ``{"cumulative": True}``: the file's figures are 1–N月 cumulative.
    ``check_warnings=False`` skips the warnings (a commit whose warnings were confirmed)."""
    return check(spec, user, parse(spec, book), lock=lock, options=options, check_warnings=check_warnings)


def check(spec, user, parsed, *, lock=False, options=None, check_warnings=True):
    """:func:`validate` of a file already parsed: look up the related rows the user may see, build
    and check every row against the records (locked with ``lock``)."""
    if parsed.file_error:
        return Outcome([], [], [], [], file_error=parsed.file_error)
    errors, notes = [], list(parsed.notes)
    ctx = Lookups(user, options)
    ctx.options["cumulative_columns"] = set(parsed.cumulative)
    for name, texts in parsed.lookups.items():
        ctx.prepare(name, texts)
    lookup_columns = [(c.key, c.lookup, str(c.label)) for c in spec.columns if c.lookup]
    built = []
    for row, cells, cell_problems in parsed.rows:
        values, problems = dict(cells), list(cell_problems)
        for key, lookup, label in lookup_columns:
            value = values.get(key)
            if not value:
                if key in values:
                    values[key] = None  # a blank cell: no related row (never the text "")
                continue
            found = ctx.find(lookup, value)
            if found is None:
                problems.append(
                    Problem(
                        row, label, _("“%(value)s” was not found among the records you may see.") % {"value": value}
                    )
                )
                del values[key]
                continue
            values[key] = found
        if problems:
            errors += problems
            continue
        fields = spec.build(ctx, values, row, problems)
        if problems:
            errors += problems
            continue
        built.append((row, fields))

    built = spec.convert(ctx, built, errors)
    if ctx.cache.get("converted"):
        notes.insert(
            0,
            Problem(
                1,
                NOT_IMPORTED,
                _(
                    "These columns were read as cumulative figures (months 1–N) and converted to monthly "
                    "ones (this month's cumulative minus last month's): %(columns)s."
                )
                % {"columns": "、".join(ctx.cache["converted"])},
            ),
        )
    plan = plan_rows(spec, user, ctx, built, errors, lock=lock)
    errors.sort(key=lambda p: (p.row, p.column))
    warnings = spec.warnings(ctx, plan) if check_warnings and not errors else []
    return Outcome(errors, warnings, notes, plan)


def key_of(spec, obj):
    return tuple(getattr(obj, spec.model._meta.get_field(name).attname) for name in spec.key)


def existing_rows(spec, parsed, lock):
    """{natural key: instance} of the rows the file names, in one query."""
    if not parsed:
        return {}
    queryset = spec.model._base_manager.all()
    if spec.active_only:
        queryset = queryset.filter(is_active=True)
    for name in spec.key:
        field = spec.model._meta.get_field(name)
        wanted = {fields.get(name) for _row, fields in parsed}
        wanted = {w.pk if isinstance(w, models.Model) else w for w in wanted if w not in (None, "")}
        queryset = queryset.filter(**{f"{field.attname}__in_list": wanted})
    if lock:
        queryset = queryset.select_for_update()
    return {key_of(spec, obj): obj for obj in queryset}


def plan_rows(spec, user, ctx, parsed, errors, *, lock):
    model = spec.model
    existing = existing_rows(spec, parsed, lock)
    fk_names = [f.name for f in model._meta.concrete_fields if f.is_relation]
    field_of = {}

    def describe(name):
        field = model._meta.get_field(name)
        return field, field.attname, field.is_relation, blank_value(field)

    key_relations = [f for f in (model._meta.get_field(name) for name in spec.key) if f.is_relation]
    seen = {}
    plan = []
    for row, fields in parsed:
        problems = []
        key = tuple(
            value.pk if isinstance(value, models.Model) else value for value in (fields.get(name) for name in spec.key)
        )
        current = existing.get(key)
        if current is not None:
            for field in key_relations:  # the related rows are at hand: no query per row for the scope
                related = fields.get(field.name)
                if isinstance(related, models.Model) and related.pk == getattr(current, field.attname):
                    field.set_cached_value(current, related)
        if key in seen:
            errors.append(
                Problem(
                    row,
                    spec.label_of(spec.key[0]),
                    _("Row %(other)s has the same record; each record may appear only once.") % {"other": seen[key]},
                )
            )
            continue
        seen[key] = row
        if current is not None and not may_write(user, current):
            errors.append(
                Problem(
                    row,
                    spec.label_of(spec.key[0]),
                    _("This record belongs to a park or department whose data you may not change."),
                )
            )
            continue
        obj = model() if current is None else current
        changed = []
        for name, value in fields.items():
            field, attname, relation, blank = field_of.get(name) or field_of.setdefault(name, describe(name))
            if value is None or value == "":
                value = blank
            if relation:
                if value is not None and not isinstance(value, models.Model):
                    raise TypeError(f"{spec.name}: {name} holds {value!r}, not a looked-up row")
                if getattr(obj, attname) != (value.pk if value is not None else None):
                    setattr(obj, name, value)
                    changed.append(name)
            elif getattr(obj, attname) != value:
                setattr(obj, attname, value)
                changed.append(name)
        if current is not None and not changed:
            plan.append((row, obj, False, []))
            continue
        if not may_write(user, obj):
            errors.append(
                Problem(
                    row,
                    spec.label_of(next((p.split("__")[0] for p in model.scope.park_paths), spec.key[0])),
                    _("You may not enter data for this park or department; this row was not imported."),
                )
            )
            continue
        try:
            # unchanged values of an existing row were valid when saved: check what the file changes
            unchanged = [f.name for f in model._meta.concrete_fields if f.name not in changed] if current else []
            obj.full_clean(exclude=fk_names + unchanged, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = spec.label_of(name) if name != "__all__" else NOT_IMPORTED
                for message in messages:
                    problems.append(Problem(row, label, message))
        spec.check(ctx, obj, row, problems)
        if problems:
            errors += problems
            if current is not None:  # the instance came from the database: leave it untouched
                current.refresh_from_db()
            continue
        plan.append((row, obj, current is None, changed))
    return plan


def blank_value(field):
    """What a blank cell leaves in a field: null where it may be null, else its default, else empty
    text (a field that must be filled then fails ``full_clean`` with its own message)."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    return None


def write(spec, user, outcome):
    """Write the plan of a valid outcome (inside the caller's transaction): new and changed rows
    as upserts in batches, their history rows copied in bulk (``portal.bulk``); the dashboards'
    rollups follow in the same transaction (reports/rollups.py)."""
    now = timezone.now()
    new = [obj for _row, obj, is_new, _c in outcome.plan if is_new]
    changed = [(obj, fields) for _row, obj, is_new, fields in outcome.plan if not is_new and fields]
    before = rollups.bulk_write_started(spec.model, [*new, *(obj for obj, _fields in changed)])
    for obj in new:
        obj.created_by = obj.updated_by = user
        obj.created_at = obj.updated_at = now
        obj.version = 1
    if new:
        every = [f.name for f in spec.model._meta.concrete_fields if not f.primary_key]
        bulk.upsert(spec.model, new, key=spec.key, update_fields=every)
        ids = [obj.pk for obj in new]
        if None in ids:  # a database that returns no ids from a bulk insert: find them by key
            ids = list(existing_ids(spec, new))
        bulk.history_copy(spec.model, ids, history_type="+", user=user, when=now)
    if changed:
        fields = sorted({name for _obj, names in changed for name in names} | {"version", "updated_by", "updated_at"})
        objs = []
        for obj, _names in changed:
            obj.version = (obj.version or 0) + 1
            obj.updated_by = user
            obj.updated_at = now
            objs.append(obj)
        bulk.update_changed(spec.model, objs, fields)
        bulk.history_copy(spec.model, [obj.pk for obj in objs], history_type="~", user=user, when=now)
    rollups.bulk_write_done(spec.model, [*new, *(obj for obj, _fields in changed)], before)
    return outcome


def existing_ids(spec, objs):
    """The primary keys of just-inserted rows, found by their natural keys."""
    wanted = {key_of(spec, obj) for obj in objs}
    names = [spec.model._meta.get_field(name).attname for name in spec.key]
    queryset = spec.model._base_manager.all()
    if spec.active_only:
        queryset = queryset.filter(is_active=True)
    for index, name in enumerate(names):
        queryset = queryset.filter(**{f"{name}__in": {key[index] for key in wanted}})
    return [pk for pk, *key in queryset.values_list("pk", *names) if tuple(key) in wanted]
