"""The audit page's reads: one timeline of the change history of every business model
(django-simple-history's tables) and the access log, filtered and paged in the database.

The timeline is a UNION ALL of one SELECT per historical table and one on ``AuditEvent``, each
already filtered by user and date, ordered by time and cut to one page (plus one row, to know
whether a next page exists: no COUNT over millions of history rows).  Generic: it finds the
historical models through the app registry, so the portal package imports no domain app.
"""

import dataclasses
import datetime

from django.apps import apps
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEvent

ACCESS = "access"
ADMIN = "admin"  # Django admin actions (LogEntry): users, roles, reference data, schedules
HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_models():
    """(label, model, historical model) of every model with change history, by label."""
    found = []
    for model in apps.get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute:
            found.append((model._meta.label_lower, model, getattr(model, attribute).model))
    return sorted(found, key=lambda item: item[0])


def source_choices():
    """Choices of the "what" filter: each access kind, then each model with history."""
    choices = [("", _("Everything"))]
    choices += [(f"{ACCESS}:{value}", f"{_('Access')} · {label}") for value, label in AuditEvent.Kind.choices]
    choices += [(ADMIN, _("Administration (users, roles, settings)"))]
    choices += [(label, f"{_('Change')} · {model._meta.verbose_name}") for label, model, _h in history_models()]
    return choices


@dataclasses.dataclass
class Filters:
    user: str = ""
    source: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _bounds(filters):
    start = end = None
    if filters.date_from:
        start = timezone.make_aware(datetime.datetime.combine(filters.date_from, datetime.time.min))
    if filters.date_to:
        end = timezone.make_aware(
            datetime.datetime.combine(filters.date_to + datetime.timedelta(days=1), datetime.time.min)
        )
    return start, end


def _text(value):
    return Value(value, output_field=CharField())


def _parts(filters):
    start, end = _bounds(filters)
    parts = []
    want_access = not filters.source or filters.source.startswith(f"{ACCESS}:")
    if want_access:
        events = AuditEvent.objects.all()
        if filters.source:
            events = events.filter(kind=filters.source.split(":", 1)[1])
        if filters.user:
            events = events.filter(username=filters.user)
        if start:
            events = events.filter(time__gte=start)
        if end:
            events = events.filter(time__lt=end)
        parts.append(
            events.order_by().values(
                audit_ts=F("time"),
                audit_uid=Cast("user_id", CharField()),
                audit_who=F("username"),
                audit_src=_text(ACCESS),
                audit_act=F("kind"),
                audit_otype=F("object_type"),
                audit_oid=F("object_id"),
                audit_note=F("object_repr"),
                audit_rid=Cast("pk", CharField()),
            )
        )
    if not filters.source or filters.source == ADMIN:
        from django.contrib.admin.models import LogEntry

        entries = LogEntry.objects.all()
        if filters.user:
            entries = entries.filter(user__username=filters.user)
        if start:
            entries = entries.filter(action_time__gte=start)
        if end:
            entries = entries.filter(action_time__lt=end)
        parts.append(
            entries.order_by().values(
                audit_ts=F("action_time"),
                audit_uid=Cast("user_id", CharField()),
                audit_who=F("user__username"),
                audit_src=_text(ADMIN),
                audit_act=Cast("action_flag", CharField()),
                audit_otype=Coalesce(
                    Concat(F("content_type__app_label"), _text("."), F("content_type__model")),
                    _text(""),
                    output_field=CharField(),
                ),
                audit_oid=Coalesce(F("object_id"), _text(""), output_field=CharField()),
                audit_note=F("object_repr"),
                audit_rid=Cast("pk", CharField()),
            )
        )
    for label, _model, historical in history_models():
        if filters.source and filters.source != label:
            continue
        rows = historical.objects.all()
        if filters.user:
            rows = rows.filter(history_user__username=filters.user)
        if start:
            rows = rows.filter(history_date__gte=start)
        if end:
            rows = rows.filter(history_date__lt=end)
        parts.append(
            rows.order_by().values(
                audit_ts=F("history_date"),
                audit_uid=Cast("history_user_id", CharField()),
                audit_who=Coalesce(F("history_user__username"), _text("")),
                audit_src=_text("history"),
                audit_act=F("history_type"),
                audit_otype=_text(label),
                audit_oid=Cast("id", CharField()),
                audit_note=Coalesce(F("history_change_reason"), _text("")),
                audit_rid=Cast("history_id", CharField()),
            )
        )
    return parts


COLUMNS = (
    "audit_ts",
    "audit_uid",
    "audit_who",
    "audit_src",
    "audit_act",
    "audit_otype",
    "audit_oid",
    "audit_note",
    "audit_rid",
)


@dataclasses.dataclass
class Entry:
    time: datetime.datetime
    user_id: str | None
    username: str
    source: str  # "access" or "history"
    action: str  # an access kind, or +/~/- for history
    object_type: str
    object_id: str
    note: str
    row_id: str
    what: str = ""
    action_label: str = ""
    changes: list = dataclasses.field(default_factory=list)


DIFF_ROWS = 5000  # an export shows old → new for this many rows (one query per changed record)


def timeline(filters, *, offset=0, limit=50, diffs=True):
    """One slice of the timeline, newest first: a list of :class:`Entry`."""
    parts = _parts(filters)
    if not parts:
        return []
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    ordered = union.order_by("-audit_ts")
    rows = list(ordered[offset : offset + limit])
    return describe([Entry(*(row[key] for key in COLUMNS)) for row in rows], diffs=diffs)


def iterate(filters, *, limit):
    """Rows for the export: newest first, at most ``limit``; the changed fields of the first
    ``DIFF_ROWS`` of them."""
    entries = timeline(filters, offset=0, limit=limit, diffs=False)
    describe(entries[:DIFF_ROWS], diffs=True)
    return entries


def describe(entries, diffs=True):
    """Labels for the page and the export; the changed fields of history rows (one query per model
    and page for the records, one per changed record for its predecessor)."""
    models = {label: (model, historical) for label, model, historical in history_models()}
    kinds = dict(AuditEvent.Kind.choices)
    history_labels = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    by_model, admin_entries = {}, []
    for entry in entries:
        if entry.source == ACCESS:
            entry.action_label = str(kinds.get(entry.action, entry.action))
            entry.what = entry.note or entry.object_type
            continue
        if entry.source == ADMIN:
            admin_entries.append(entry)
            continue
        model, _historical = models.get(entry.object_type, (None, None))
        entry.action_label = str(history_labels.get(entry.action, entry.action))
        entry.what = f"{model._meta.verbose_name if model else entry.object_type} #{entry.object_id}"
        by_model.setdefault(entry.object_type, []).append(entry)
    _describe_admin(admin_entries)
    if not diffs:
        return entries
    for label, items in by_model.items():
        _model, historical = models[label]
        records = historical.objects.in_bulk([int(e.row_id) for e in items])
        for entry in items:
            record = records.get(int(entry.row_id))
            if record is None:
                continue
            entry.what = f"{entry.what} {record.instance}"[:200] if hasattr(record, "instance") else entry.what
            if entry.action != "~":
                continue
            previous = record.prev_record
            if previous is None:
                continue
            delta = record.diff_against(previous)
            entry.changes = [
                (str(historical._meta.get_field(change.field).verbose_name), _short(change.old), _short(change.new))
                for change in delta.changes
                if change.field not in {"updated_at", "version", "updated_by"}
            ]
    return entries


def _describe_admin(entries):
    """Admin actions: the action, the object and Django's own change message (one query)."""
    if not entries:
        return
    from django.contrib.admin.models import LogEntry

    labels = {"1": _("Created"), "2": _("Changed"), "3": _("Deleted")}
    records = LogEntry.objects.in_bulk([int(e.row_id) for e in entries])
    for entry in entries:
        entry.action_label = _("%(action)s (administration)") % {"action": labels.get(entry.action, entry.action)}
        try:
            kind = apps.get_model(entry.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            kind = entry.object_type
        entry.what = f"{kind} {entry.note}"[:200]
        record = records.get(int(entry.row_id))
        if record is not None and record.change_message:
            entry.changes = [("", "", str(record.get_change_message()))]


def _short(value, size=80):
    text = "—" if value is None or value == "" else str(value)
    return text if len(text) <= size else text[: size - 1] + "…"
