"""Excel in and out, for any list of the portal (generic: imports no domain app).

Writing: :class:`WorkbookWriter` streams rows into XlsxWriter's constant-memory mode (memory stays
flat as rows grow) with Chinese headers, a frozen header row, column widths and number formats for
万元, percentages and dates, plus a sheet saying which filters were used, when and by whom.  Text is
always written as a string cell; text that Excel would take for a formula (it begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) also gets the quote prefix, so Excel shows it as
text and never evaluates it, even after someone edits the cell.

Reading: :func:`open_workbook` first checks the file as a zip container (the members' declared
sizes, their compression ratio, DTDs and entities in any XML part) before anything parses it, then
reads it with python-calamine; :func:`check_sheet` refuses merged cells and formulas; the
``to_*`` functions normalise what people type (full-width digits, thousands separators, trailing
spaces, 2025年3月 / 2025/3/1 / 2025.03 dates) and raise :class:`CellError` with a Chinese message.
"""

import dataclasses
import datetime
import io
import re
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

import xlsxwriter
import xlsxwriter.workbook
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _


class FastZipFile(zipfile.ZipFile):
    """The zip container XlsxWriter writes, at deflate level 1 unless told otherwise: for a
    100,000-row export, compression at the default level 6 took a fifth of the time, level 1
    takes a third of that for a file about 15 % larger."""

    def __init__(self, *args, compresslevel=1, **kwargs):
        super().__init__(*args, compresslevel=compresslevel, **kwargs)


xlsxwriter.workbook.ZipFile = FastZipFile  # the name XlsxWriter's Workbook._store_workbook opens

# -- limits (settings may override) --------------------------------------------------------------

DEFAULT_LIMITS = {
    "max_rows": 50_000,  # data rows in one uploaded sheet
    "max_upload_bytes": 20 * 1024 * 1024,  # the file as uploaded
    "max_member_bytes": 200 * 1024 * 1024,  # one zip member, uncompressed (declared)
    "max_total_bytes": 400 * 1024 * 1024,  # all members, uncompressed (declared)
    "max_ratio": 100,  # uncompressed ÷ compressed, per member
    "max_members": 500,
}


def limit(name):
    return getattr(settings, "EXCEL_LIMITS", {}).get(name, DEFAULT_LIMITS[name])


CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted xlsx, or old .xls
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# -- column kinds --------------------------------------------------------------------------------

TEXT, MONEY, DECIMAL, INTEGER, PERCENT, DATE, DATETIME, BOOL, PERIOD = (
    "text",
    "money",
    "decimal",
    "integer",
    "percent",
    "date",
    "datetime",
    "bool",
    "period",
)
NUMBER_FORMATS = {
    MONEY: "#,##0.00",
    DECIMAL: "#,##0.00",
    INTEGER: "#,##0",
    PERCENT: "0.00%",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
DEFAULT_WIDTHS = {MONEY: 14, DECIMAL: 12, INTEGER: 10, PERCENT: 10, DATE: 12, DATETIME: 17, BOOL: 6, PERIOD: 10}


@dataclasses.dataclass
class Column:
    """One column of a sheet: ``key`` (the field name, also the header key of imports), ``label``
    (the Chinese header), ``kind`` (one of the kinds above) and an optional width."""

    key: str
    label: str
    kind: str = TEXT
    width: float | None = None
    required: bool = False
    choices: dict | None = None  # code → label, for reading and writing choice fields
    help: str = ""

    @property
    def display_width(self):
        if self.width:
            return self.width
        header = sum(2 if ord(c) > 0x2E7F else 1 for c in str(self.label)) + 2
        return max(header, DEFAULT_WIDTHS.get(self.kind, 16))


# -- writing -------------------------------------------------------------------------------------


EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
EXCEL_EPOCH_ORDINAL = EXCEL_EPOCH.toordinal()
# text that needs escaping (as XlsxWriter escapes it) or xml:space="preserve" (leading/trailing space)
NEEDS_WORK = re.compile(r"[&<>\x00-\x08\x0b-\x1f_\ufffe\uffff]")
SPACE_CHARS = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())  # what \s matches


class LocalTime:
    """Aware datetimes → naive local time (what Excel shows), with the time zone looked up once
    instead of per cell (``timezone.localtime`` costs a thread-local lookup each time)."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()

    def __call__(self, value):
        if value.tzinfo is None:
            return value
        return value.astimezone(self.zone).replace(tzinfo=None)


CONTROL_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
CONTROL_CHARS = re.compile(r"([\x00-\x08\x0b-\x1f])")
XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f_\ufffe\uffff]")


def xml_text(value):
    """Text for an inline string, escaped as XlsxWriter does (control characters as _xHHHH_)."""
    value = str(value)
    if not XML_SPECIAL.search(value):
        return value
    value = CONTROL_ESCAPED.sub(r"_x005F\1", value)
    value = CONTROL_CHARS.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def needs_quote(text):
    return bool(text) and text.startswith(FORMULA_TRIGGERS)


class SheetWriter:
    def __init__(self, book, worksheet, columns, formats):
        self.book = book
        self.ws = worksheet
        self.columns = columns
        self.formats = formats
        self.row = 0
        self.writers = [self._writer_for(c) for c in columns]
        self.fast = None

    def header(self):
        for col, column in enumerate(self.columns):
            self.ws.write_string(0, col, str(column.label), self.formats["header"])
        self.row = 1

    def _writer_for(self, column):
        fmt = self.formats.get(column.kind)
        ws = self.ws
        text_fmt = self.formats["text"]
        quoted = self.formats["quoted"]
        choices = column.choices or {}

        def text(r, c, value):
            value = choices.get(value, value) if choices else value
            value = str(value)
            ws.write_string(r, c, value, quoted if needs_quote(value) else text_fmt)

        def number(r, c, value):
            if isinstance(value, str):
                return text(r, c, value)
            ws.write_number(r, c, float(value), fmt)

        def date(r, c, value):
            if isinstance(value, datetime.datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                ws.write_datetime(r, c, value, fmt)
            elif isinstance(value, datetime.date):
                ws.write_datetime(r, c, datetime.datetime(value.year, value.month, value.day), fmt)
            else:
                text(r, c, value)

        def boolean(r, c, value):
            ws.write_string(r, c, _("Yes") if value else _("No"), text_fmt)

        if column.kind in {MONEY, DECIMAL, INTEGER, PERCENT}:
            return number
        if column.kind in {DATE, DATETIME}:
            return date
        if column.kind == BOOL:
            return boolean
        return text

    def write_row(self, values):
        if self.fast is not None:
            return self._write_row_fast(values)
        r = self.row
        for c, (write, value) in enumerate(zip(self.writers, values, strict=False)):
            if value is None or value == "":
                continue
            write(r, c, value)
        self.row += 1

    # -- the fast path: in constant-memory mode, rows go straight to the worksheet's row file as
    # the XML XlsxWriter itself would write (inline strings, the same escapes), one string per
    # row instead of one method call per cell.

    def _start_fast(self):
        ws = self.ws
        if not getattr(ws, "constant_memory", False) or self.row == 0:
            return None
        ws._write_single_row(self.row)  # flush the header row the usual way
        return [self._cell_xml(column) for column in self.columns]

    def _cell_xml(self, column):
        """``cell(ref, value)`` → the cell's XML, for one column (the hot loop of every export:
        three million cells for 100,000 rows × 30 columns, so the work per cell is kept small)."""
        fmt = self.formats.get(column.kind)
        xf = fmt._get_xf_index() if fmt is not None else 0
        text_open = f'" s="{self.formats["text"]._get_xf_index()}" t="inlineStr"><is><t'
        quoted_open = f'" s="{self.formats["quoted"]._get_xf_index()}" t="inlineStr"><is><t'
        choices = column.choices or {}
        yes, no = xml_text(_("Yes")), xml_text(_("No"))
        triggers = frozenset(FORMULA_TRIGGERS)
        needs_work = NEEDS_WORK.search
        local = LocalTime()

        def text(ref, value):
            if choices:
                value = choices.get(value, value)
            if type(value) is not str:
                value = str(value)
            if not value:
                return ""
            first = value[0]
            head = quoted_open if first in triggers else text_open
            if first in SPACE_CHARS or value[-1] in SPACE_CHARS:
                return f'<c r="{ref}{head} xml:space="preserve">{xml_text(value)}</t></is></c>'
            if needs_work(value):
                return f'<c r="{ref}{head}>{xml_text(value)}</t></is></c>'
            return f'<c r="{ref}{head}>{value}</t></is></c>'

        def number(ref, value):
            if isinstance(value, str):
                return text(ref, value)
            return f'<c r="{ref}" s="{xf}"><v>{float(value):.16G}</v></c>'

        def date(ref, value):
            kind = type(value)
            if kind is datetime.date:
                return f'<c r="{ref}" s="{xf}"><v>{value.toordinal() - EXCEL_EPOCH_ORDINAL}</v></c>'
            if kind is datetime.datetime or isinstance(value, datetime.datetime):
                delta = local(value) - EXCEL_EPOCH
                serial = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
            elif isinstance(value, datetime.date):
                serial = value.toordinal() - EXCEL_EPOCH_ORDINAL
            else:
                return text(ref, value)
            return f'<c r="{ref}" s="{xf}"><v>{serial:.16G}</v></c>'

        def boolean(ref, value):
            return f'<c r="{ref}{text_open}>{yes if value else no}</t></is></c>'

        if column.kind in {MONEY, DECIMAL, INTEGER, PERCENT}:
            return number
        if column.kind in {DATE, DATETIME}:
            return date
        if column.kind == BOOL:
            return boolean
        return text

    def _write_row_fast(self, values):
        n = self.row + 1
        parts = [f'<row r="{n}">']
        append = parts.append
        for prefix, cell, value in zip(self.letters, self.fast, values, strict=False):
            if value is not None:  # "" → text() writes nothing
                append(cell(f"{prefix}{n}", value))
        append("</row>")
        self.ws.fh.write("".join(parts))
        self.ws.previous_row = self.row
        self.ws.dim_rowmax = self.row
        self.row += 1

    def start(self):
        """Called once the header is written: switch to the fast path where possible."""
        self.fast = self._start_fast()
        if self.fast is not None:
            from xlsxwriter.utility import xl_col_to_name

            self.letters = [xl_col_to_name(i) for i in range(len(self.columns))]

    def write_rows(self, rows):
        for values in rows:
            self.write_row(values)


class WorkbookWriter:
    """``with WorkbookWriter(target) as book: sheet = book.add_sheet(title, columns); sheet.write_row(…)``.

    ``target`` is a path or a binary file object.  Sheets are written one after another (constant
    memory mode flushes each row as the next one starts).  Every sheet carries the watermark of
    :func:`watermark_text` (who exported it, when) in its printed header and footer; ``user`` is the
    person it is written for, None for the system (a scheduled job)."""

    def __init__(self, target, constant_memory=True, user=None):
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
                "in_memory": not isinstance(target, str),
            },
        )
        self.book.set_properties({"title": "", "author": "", "comments": ""})
        base = {"font_name": "等线", "font_size": 11}
        self.formats = {
            "header": self.book.add_format(
                {**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
            ),
            "text": self.book.add_format(base),
            "quoted": self.book.add_format({**base, "quote_prefix": True}),
            "typed": self.book.add_format({**base, "num_format": "@"}),  # a cell formatted as text
            "title": self.book.add_format({**base, "bold": True, "font_size": 14}),
            "label": self.book.add_format({**base, "bold": True}),
            "total": self.book.add_format({**base, "bold": True, "top": 1, "num_format": "#,##0.00"}),
        }
        for kind, number_format in NUMBER_FORMATS.items():
            self.formats[kind] = self.book.add_format({**base, "num_format": number_format})
        self.watermark = watermark_text(user)
        self.book.set_custom_property("portal_watermark", self.watermark)

    def add_sheet(self, title, columns, header=True, freeze=True, autofilter=True):
        ws = self.book.add_worksheet(sheet_title(title))
        stamp = self.watermark[:200].replace("&", "&&")
        ws.set_header(f"&L{stamp}")
        ws.set_footer(f"&L{stamp}&R&P / &N")
        for col, column in enumerate(columns):
            ws.set_column(col, col, column.display_width)
        if freeze:
            ws.freeze_panes(1, 0)
        if autofilter and columns:
            ws.autofilter(0, 0, 0, len(columns) - 1)
        sheet = SheetWriter(self, ws, columns, self.formats)
        if header:
            sheet.header()
            sheet.start()
        return sheet

    def add_info_sheet(self, title, heading, pairs):
        """A sheet of (label, value) pairs: the filters, the export time and the user."""
        columns = [Column("label", _("Item"), width=18), Column("value", _("Value"), width=60)]
        sheet = self.add_sheet(title, columns, header=False, freeze=False, autofilter=False)
        sheet.ws.write_string(0, 0, str(heading), self.formats["title"])
        sheet.row = 2
        for label, value in pairs:
            sheet.ws.write_string(sheet.row, 0, str(label), self.formats["label"])
            text = str(value)
            sheet.ws.write_string(sheet.row, 1, text, self.formats["quoted"] if needs_quote(text) else None)
            sheet.row += 1
        return sheet

    def close(self):
        self.book.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def user_label(user):
    """How a watermark names a person: full name and login, or "system" for scheduled work."""
    if user is None:
        return _("system")
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def watermark_text(user, when=None, action=None):
    """The watermark of exported workbooks and generated reports (等保 2.0): who and when."""
    when = timezone.localtime(when or timezone.now())
    return (action or _("Exported by %(user)s at %(time)s")) % {
        "user": user_label(user),
        "time": when.strftime("%Y-%m-%d %H:%M:%S"),
    }


def sheet_title(title):
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip() or "Sheet"
    return cleaned[:31]


def export_info(*, title, user, filters, rows):
    """The (label, value) pairs of the export's information sheet."""
    now = timezone.localtime()
    pairs = [
        (_("Export"), title),
        (_("Exported at"), now.strftime("%Y-%m-%d %H:%M:%S")),
        (_("Exported by"), f"{user.get_full_name() or user.username}" if user else "—"),
        (_("Rows"), rows),
    ]
    pairs += [(label, value) for label, value in filters] or [(_("Filters"), _("none (all rows you may see)"))]
    return pairs


# -- reading: the container ----------------------------------------------------------------------


class ExcelError(Exception):
    """A file that cannot be imported; ``message`` is for the person who uploaded it."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.message = message
        self.code = code


class CellError(ValueError):
    """A cell whose value does not fit its column; the message is for people."""


XML_DANGER = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell[\s>/]")


def read_bytes(upload):
    """The uploaded file's bytes, refusing files larger than the upload limit."""
    if hasattr(upload, "size") and upload.size and upload.size > limit("max_upload_bytes"):
        raise ExcelError(too_large_message(), "too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read() if hasattr(upload, "read") else bytes(upload)
    if len(data) > limit("max_upload_bytes"):
        raise ExcelError(too_large_message(), "too_large")
    return data


def too_large_message():
    return _("The file is larger than %(mb)s MB; split it into smaller files.") % {
        "mb": limit("max_upload_bytes") // (1024 * 1024)
    }


def check_container(data):
    """Refuse what is not a plain xlsx before anything parses it; returns the open ZipFile."""
    if data[:8] == CFB_SIGNATURE:
        raise ExcelError(
            _(
                "The file is password-protected or in the old .xls format. Remove the password "
                "(or save it as .xlsx) and upload it again."
            ),
            "encrypted",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExcelError(_("This is not an Excel workbook (.xlsx). Download the template and fill it in."), "not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ExcelError(_("The file is damaged and cannot be read."), "damaged") from None
    bomb = ExcelError(
        _("The file unpacks to far more data than a workbook of its size can hold, so it was not opened."),
        "zip_bomb",
    )
    if len(members) > limit("max_members"):
        raise bomb
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > limit("max_member_bytes") or total > limit("max_total_bytes"):
            raise bomb
        if info.file_size > 1024 * 1024 and info.file_size > limit("max_ratio") * max(info.compress_size, 1):
            raise bomb
        if info.flag_bits & 0x1:
            raise ExcelError(_("The file is damaged and cannot be read."), "damaged")
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names:
        raise ExcelError(_("This is not an Excel workbook (.xlsx). Download the template and fill it in."), "not_xlsx")
    for info in members:
        if info.filename.endswith((".xml", ".rels")) and read_member(archive, info, XML_DANGER):
            raise ExcelError(_("The file contains unsafe XML and was not opened."), "unsafe_xml")
    return archive


def read_member(archive, info, pattern, chunk=1 << 20):
    """Whether ``pattern`` occurs in a member, read in chunks (never more than the declared size)."""
    tail = b""
    read = 0
    with archive.open(info) as stream:
        while True:
            block = stream.read(chunk)
            if not block:
                return False
            read += len(block)
            if read > info.file_size:  # a member that lies about its size
                raise ExcelError(
                    _("The file unpacks to far more data than a workbook of its size can hold, so it was not opened."),
                    "zip_bomb",
                )
            if pattern.search(tail + block):
                return True
            tail = block[-64:]


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(archive):
    """[(sheet name, member path)] from workbook.xml and its relationships, parsed with defusedxml."""
    try:
        book = SafeET.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # defusedxml's refusals, broken XML, a missing part
        raise ExcelError(_("The file is damaged and cannot be read."), "damaged") from None
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    sheets = []
    for sheet in book.iterfind("m:sheets/m:sheet", NS):
        sheets.append((sheet.get("name"), targets.get(sheet.get(REL_NS), "")))
    return sheets


@dataclasses.dataclass
class Workbook:
    archive: zipfile.ZipFile
    data: bytes
    sheets: list  # [(name, part)]

    def rows(self, name, max_rows=None):
        """All rows of a sheet as lists of Python values (python-calamine)."""
        import python_calamine

        try:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            sheet = book.get_sheet_by_name(name)
            if max_rows is not None and sheet.height > max_rows:
                raise ExcelError(too_many_rows_message(max_rows), "too_many_rows")
            return sheet.to_python(skip_empty_area=False)
        except ExcelError:
            raise
        except Exception:
            raise ExcelError(_("The file is damaged and cannot be read."), "damaged") from None


def too_many_rows_message(max_rows):
    return _("The sheet has more than %(limit)s rows; split it into several files.") % {"limit": max_rows - 1}


def open_workbook(upload):
    data = read_bytes(upload)
    archive = check_container(data)
    return Workbook(archive, data, sheet_parts(archive))


def check_sheet(book, name):
    """Refuse merged cells and formulas in a sheet (before reading its values)."""
    part = dict(book.sheets).get(name)
    if not part:
        return
    try:
        info = book.archive.getinfo(part)
    except KeyError:
        raise ExcelError(_("The file is damaged and cannot be read."), "damaged") from None
    if read_member(book.archive, info, MERGE_TAG):
        raise ExcelError(
            _("The sheet “%(sheet)s” has merged cells. Unmerge them (one value per cell) and upload it again.")
            % {"sheet": name},
            "merged_cells",
        )
    if read_member(book.archive, info, FORMULA_TAG):
        raise ExcelError(
            _(
                "The sheet “%(sheet)s” contains formulas. Copy the cells and paste them as values "
                "(Paste Special → Values), then upload it again."
            )
            % {"sheet": name},
            "formulas",
        )


# -- reading: cell values ------------------------------------------------------------------------

SPACES = " \t\r\n\u3000\xa0"
THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip(SPACES))


def to_text(value):
    """Text with leading and trailing spaces (also full-width ones) removed; numbers that Excel
    stored as floats lose a trailing ``.0`` (a certificate number typed as 12345)."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip(SPACES)


def half_width(text):
    """Full-width digits, signs and points become half-width (１２３．５ → 123.5); other characters
    stay as typed."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" else c for c in text)


def to_decimal(value, places=None):
    """A number from a number cell or from text like " 1,234.50 ", "１２３４", "1，234"."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Enter a number."))
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = half_width(str(value)).strip(SPACES)
        text = THOUSANDS.sub("", text).replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": str(value).strip(SPACES)}) from None
    if not number.is_finite():
        raise CellError(_("Enter a number."))
    if places is not None:
        rounded = number.quantize(Decimal(1).scaleb(-places))
        if rounded != number:
            raise CellError(_("Use at most %(places)s decimal places.") % {"places": places})
        number = rounded
    return number


def to_integer(value):
    number = to_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("Enter a whole number."))
    return int(number)


DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
]
MONTH_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})"),
]


def to_date(value):
    """A date from a date cell or text: 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日, 20250301."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = half_width(to_text(value))
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise CellError(_("“%(value)s” is not a date; write it as 2025-03-01 (2025/3/1 also works).") % {"value": text})


def to_period(value):
    """(year, month) from a date cell or text: 2025-03, 2025/3, 2025.03, 2025年3月, 202503."""
    if is_blank(value):
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.year, value.month
    text = half_width(to_text(value))
    for pattern in MONTH_PATTERNS + DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match and 1 <= int(match["m"]) <= 12:
            return int(match["y"]), int(match["m"])
    raise CellError(_("“%(value)s” is not a month; write it as 2025-03 (2025.03 also works).") % {"value": text})


TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "有"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "无"}


def to_bool(value):
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = half_width(to_text(value)).lower()
    if text in TRUE_WORDS or text == str(_("Yes")).lower():
        return True
    if text in FALSE_WORDS or text == str(_("No")).lower():
        return False
    raise CellError(_("Write Yes or No."))


def choice_texts(choices):
    """{text: code} of a column's choices: each by its code and by its label in every language of
    the portal (a template downloaded in English and uploaded from a Chinese page still reads)."""
    texts = {}
    for code, label in choices.items():
        texts.setdefault(str(code), code)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts.setdefault(str(label), code)
    return texts


def to_choice(value, choices, texts=None):
    """The code of a choice from its label (as the template shows it, in any language) or its code."""
    if is_blank(value):
        return ""
    text = to_text(value)
    texts = choice_texts(choices) if texts is None else texts
    if text in texts:
        return texts[text]
    allowed = "、".join(str(label) for label in choices.values())
    raise CellError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})


def cell_reader(column):
    """``read(value)`` for the cells of one column: :func:`read_cell` with the choice of converter
    made once per column (an import reads 200,000 cells), and number cells that are already
    numbers taken the short way."""
    if column.choices:
        choices, texts = column.choices, choice_texts(column.choices)
        return lambda value: to_choice(value, choices, texts)
    kind = column.kind
    if kind in {MONEY, DECIMAL}:

        def money(value):
            if type(value) is float or type(value) is int:
                number = Decimal(repr(value)) if type(value) is float else Decimal(value)
                if number.is_finite():
                    rounded = number.quantize(CENT)
                    if rounded == number:
                        return rounded
            return to_decimal(value, places=2)

        return money
    if kind == INTEGER:

        def integer(value):
            if type(value) is int:
                return value
            if type(value) is float and value.is_integer():
                return int(value)
            return to_integer(value)

        return integer
    return lambda value: read_cell(column, value)


CENT = Decimal("0.01")


def read_cell(column, value):
    """The Python value of a cell for its column's kind."""
    if column.choices:
        return to_choice(value, column.choices)
    kind = column.kind
    if kind in {MONEY, DECIMAL}:
        return to_decimal(value, places=2)
    if kind == INTEGER:
        return to_integer(value)
    if kind == PERCENT:
        return to_decimal(value)
    if kind in {DATE, DATETIME}:
        return to_date(value)
    if kind == PERIOD:
        return to_period(value)
    if kind == BOOL:
        return to_bool(value)
    text = to_text(value)
    if UNSTORABLE_CHARS.search(text):
        # NUL cannot be stored in PostgreSQL text, and other control characters are never typed
        raise CellError(_("This cell contains control characters (such as NUL); type the text again."))
    return text


UNSTORABLE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
