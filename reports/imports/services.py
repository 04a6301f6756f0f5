"""Writes of the Excel imports: an upload becomes a Job (the file and its preview), and a commit
writes every row in one transaction, or nothing."""

import hashlib
import io

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from portal import excel
from portal.models import Job
from portal.roles import Role
from portal.scoping import user_role

from . import base

IMPORT_ROLES = {Role.PARK_STAFF, Role.OFFICER, Role.ADMIN}


def may_import(user, spec=None):
    """Whether the user may import at all, or (with ``spec``) rows of that kind: a template is
    offered only to those who may write its rows."""
    return user_role(user) in IMPORT_ROLES and (spec is None or spec.may_import(user))


def write_template(spec, *, user, params, target):
    """The template workbook in the user's language: the data sheet (pre-filled where the spec
    says), its drop-down lists (choices, yes/no, and the related rows this user may choose, kept
    on a hidden sheet: an inline list cannot hold a label with a comma nor more than 255
    characters), columns formatted as text where codes are typed (a leading zero stays), and the
    instructions, one row per column."""
    with excel.WorkbookWriter(target, constant_memory=False, user=user) as book:
        sheet = book.add_sheet(spec.sheet_title, spec.columns)
        lists = []  # (column index, values, strict)
        for index, column in enumerate(spec.columns):
            cell_format = book.formats.get(column.kind, book.formats["typed"])
            sheet.ws.set_column(index, index, column.display_width, cell_format)
            values = template_list(spec, user, column)
            if values is not None:
                lists.append((index, values, not column.lookup))
        for values in spec.template_rows(user, params):
            sheet.write_row(values)
        columns = [
            excel.Column("label", _("Column"), width=26),
            excel.Column("required", _("Required"), width=8),
            excel.Column("format", _("How to fill it in"), width=70),
        ]
        info = book.add_sheet(base.instructions_title(), columns, autofilter=False)
        for column in spec.columns:
            required = column.required or column.row_required or spec.reaches_scope(user, column)
            info.write_row([str(column.label), _("Yes") if required else _("No"), describe(spec, column)])
        if lists:
            write_lists(book, sheet, lists)


def template_list(spec, user, column):
    """The values of a column's drop-down list, or None."""
    if column.choices:
        return [str(label) for label in column.choices.values()]
    if column.kind == excel.BOOL:
        return [_("Yes"), _("No")]
    if column.lookup:
        return spec.offered(user, column)
    return None


def write_lists(book, sheet, lists):
    """The lists on a hidden sheet, one column each, and the data sheet's validations pointing
    there.  Choice columns refuse other values; related rows may also be typed by their code."""
    title = excel.sheet_title(base.lists_title())
    hidden = book.add_sheet(title, [], header=False, freeze=False, autofilter=False)
    hidden.ws.hide()
    last_row = excel.limit("max_rows")
    for n, (index, values, strict) in enumerate(lists):
        for row, value in enumerate(values):
            hidden.ws.write_string(row, n, str(value), book.formats["typed"])
        letter = xl_col_to_name(n)
        rule = {"validate": "list", "source": f"='{title}'!${letter}$1:${letter}${max(len(values), 1)}"}
        if not strict:
            rule |= {
                "error_type": "warning",
                "error_title": _("Not in the list"),
                "error_message": _("Choose from the list, or type the code or the full name."),
            }
        sheet.ws.data_validation(1, index, last_row, index, rule)


def describe(spec, column):
    if column.help:
        return str(column.help)
    if column.choices:
        return _("One of: %(values)s") % {"values": "、".join(map(str, column.choices.values()))}
    if not column.field:
        return _("For reference only; not imported.")
    if column.lookup:
        hints = {
            "enterprise": _("The 18-character unified social credit code"),
            "project": _("The project code"),
        }
        return str(hints.get(column.lookup) or _("Choose from the list (the code or the full name may also be typed)"))
    hints = {
        excel.MONEY: _("A number with at most 2 decimals, e.g. 1234.56"),
        excel.DECIMAL: _("A number, e.g. 12.5"),
        excel.INTEGER: _("A whole number"),
        excel.DATE: _("A date, e.g. 2025-03-01 (2025/3/1 also works)"),
        excel.PERIOD: _("A month, e.g. 2025-03"),
        excel.BOOL: _("Yes or No"),
    }
    return str(hints.get(column.kind, _("Text")))


def store_outcome(job, outcome, stage):
    job.errors = [p.as_dict() for p in outcome.errors]
    job.result = {
        "stage": stage,
        "file_error": outcome.file_error,
        "warnings": [p.as_dict() for p in outcome.warnings],
        "notes": [p.as_dict() for p in outcome.notes],
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
    }
    job.total = len(outcome.plan) + len({p.row for p in outcome.errors})


def import_options(spec, data):
    """The upload's choices from the form: ``figures=cumulative`` (the file's figures are 1–N月
    cumulative) for imports that take them."""
    if spec.cumulative_fields and (data or {}).get("figures") == "cumulative":
        return {"cumulative": True}
    return {}


def import_upload(*, user, spec, upload, options=None):
    """Store the uploaded file in a Job and check every row; nothing is written to the data.  The
    parsed cells are kept next to the file (:func:`keep_parsed`) for the commit."""
    if not may_import(user, spec):
        raise PermissionDenied
    options = dict(options or {})
    data = b""
    parsed = None
    try:
        data = excel.read_bytes(upload)
        parsed = base.parse(spec, excel.open_workbook(io.BytesIO(data)))
        outcome = base.check(spec, user, parsed, options=options)
    except excel.ExcelError as error:
        outcome = base.Outcome([], [], [], [], file_error=error.message)
    job = Job(
        kind="import",
        key=f"{spec.name}:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        user=user,
        params={"import": spec.name, "filename": getattr(upload, "name", "upload.xlsx")[:150], "options": options},
        status=Job.Status.QUEUED,
    )
    store_outcome(job, outcome, "preview")
    if outcome.file_error or len(data) > excel.limit("max_upload_bytes"):
        job.status = Job.Status.FAILED
        job.message = outcome.file_error[:300]
    job.save()
    if job.status != Job.Status.FAILED:
        job.result_file.save(f"import-{job.pk}.xlsx", ContentFile(data), save=True)
        keep_parsed(job, parsed, data)
    return job, outcome


def digest(data):
    return hashlib.sha256(data).hexdigest()


def keep_parsed(job, parsed, data):
    """Store the upload's parsed cells beside its file, tagged with the file's digest (the cells of
    a 10,000-row file take the commit about a second to read again)."""
    try:
        payload = parsed.dumps(source=digest(data))
    except TypeError:  # a cell of a kind the format does not keep: the commit reads the file
        return
    storage = job.result_file.storage
    job.params["parsed_file"] = storage.save(f"{job.result_file.name}.parsed.json", ContentFile(payload))
    job.save(update_fields=["params"])


def kept_parsed(job, data):
    """The parse kept by the preview when it is of this very file, else None."""
    name = job.params.get("parsed_file")
    if not name:
        return None
    storage = job.result_file.storage
    try:
        with storage.open(name, "rb") as handle:
            payload = handle.read()
    except OSError:
        return None
    return base.Parsed.loads(payload, source=digest(data))


def forget_parsed(job):
    name = job.params.get("parsed_file")
    if name:
        storage = job.result_file.storage
        transaction.on_commit(lambda: storage.delete(name) if storage.exists(name) else None)


def import_commit(*, user, spec, job, warnings_confirmed=False):
    """Write every row of the job's file in one transaction, or nothing (any error, or warnings
    not confirmed).  Returns the outcome."""
    if job.user_id != user.pk or not may_import(user, spec):
        raise PermissionDenied
    if job.status == Job.Status.DONE:
        return None
    with job.result_file.open("rb") as handle:
        data = handle.read()
    parsed = kept_parsed(job, data)
    if parsed is None:
        parsed = base.parse(spec, excel.open_workbook(io.BytesIO(data)))
    confirmed = (job.result or {}).get("warnings", []) if warnings_confirmed else None
    with transaction.atomic():
        outcome = base.check(
            spec, user, parsed, lock=True, options=job.params.get("options"), check_warnings=not warnings_confirmed
        )
        if outcome.ok and (warnings_confirmed or not outcome.warnings):
            base.write(spec, user, outcome)
            committed = True
        else:
            committed = False
        store_outcome(job, outcome, "committed" if committed else "preview")
        if confirmed is not None:  # not checked again: the ones the user confirmed stay on the page
            job.result["warnings"] = confirmed
        if committed:
            job.status = Job.Status.DONE
            job.finished_at = timezone.now()
            job.progress = job.total
            forget_parsed(job)
        job.save()
    return outcome
