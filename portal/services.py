"""Writes shared by every app: create and update with who/when, version checks and history."""

from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def describe_changes_since(obj, version):
    """Lines "field: old → new" for everything changed after ``version``, newest last."""
    records = list(obj.history.filter(version__gte=version).order_by("history_date", "history_id"))
    lines = []
    for older, newer in pairwise(records):
        delta = newer.diff_against(older)
        who = newer.history_user or _("someone")
        when = date_format(localtime(newer.history_date), "Y-m-d H:i")
        for change in delta.changes:
            if change.field in {"version", "updated_at", "updated_by"}:
                continue
            field = obj._meta.get_field(change.field)
            lines.append(
                _("%(field)s: %(old)s → %(new)s (by %(who)s at %(when)s)")
                % {
                    "field": field.verbose_name,
                    "old": change.old or "—",
                    "new": change.new or "—",
                    "who": who,
                    "when": when,
                }
            )
    return lines


class ConcurrentEditError(ValidationError):
    pass


def check_version(obj, expected_version):
    """Refuse a save based on a stale version, saying what changed meanwhile."""
    if expected_version is None or obj.pk is None:
        return
    current = type(obj)._base_manager.select_for_update().only("version").get(pk=obj.pk)
    if current.version != int(expected_version):
        changes = describe_changes_since(obj, int(expected_version))
        message = _("Someone else saved this record while you were editing it; nothing of yours was saved.")
        if changes:
            message += " " + _("Their changes: %(changes)s.") % {"changes": "；".join(changes)}
        raise ConcurrentEditError(message, code="stale_version")


@transaction.atomic
def object_save(*, user, obj, data=None, expected_version=None):
    """Create or update a business object: set fields from ``data``, check the version, validate
    the model, record who and bump the version.  History is written by the history library."""
    check_version(obj, expected_version)
    m2m = {}
    for name, value in (data or {}).items():
        if name == "version":
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(obj, name, value)
    if obj.pk is None:
        obj.created_by = user
        obj.version = 1
    else:
        obj.version = (obj.version or 0) + 1
    obj.updated_by = user
    obj._history_user = user
    obj.full_clean()
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    return obj
