"""Writes of the enterprises app (service requests live in services_requests.py): enterprises and
what is recorded about them, the monthly figures grid (月度填报) and a park month's submission."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from parks.services import describe_rows, object_delete
from portal.periods import validate_period_not_future
from portal.roles import Role
from portal.scoping import CHANGE, user_role
from portal.services import object_save

from .models import Cooperation, Enterprise, EnterpriseStat, ParkMonth, Qualification, Visit
from .rules import default_expiry
from .selectors import GRID_FIELDS, unexplained_flags
from .signals import stats_written
from .workflow import check_stat_month_transition

# -- enterprises ----------------------------------------------------------------------------------


def enterprise_create(*, user, data) -> Enterprise:
    return object_save(user=user, obj=Enterprise(), data=data)


def enterprise_update(*, user, obj, data, expected_version) -> Enterprise:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def enterprise_delete_blockers(enterprise):
    """Why an enterprise may not be deleted: the records that carry its history (monthly figures,
    policy applications, service requests, projects), as "3 enterprise monthly figures、…"; "" when
    none. Reverse relations only: no import of the apps to the right."""
    blockers = []
    for accessor in ("stats", "applications", "service_requests", "projects"):
        manager = getattr(enterprise, accessor, None)
        if manager is not None:
            blockers.extend(manager.all()[:1000])
    return describe_rows(blockers)


def enterprise_delete_cascades(enterprise):
    """What goes with a deleted enterprise (shown on the confirmation page)."""
    rows = [*enterprise.qualifications.all(), *enterprise.visits.all(), *enterprise.cooperations.all()]
    return describe_rows(rows)


@transaction.atomic
def enterprise_delete(*, user, obj):
    """Delete an enterprise that carries no figures; one with monthly figures or policy
    applications (or requests, projects) is refused with the reason (docs/decisions.md)."""
    obj = Enterprise.objects.select_for_update().get(pk=obj.pk)
    blockers = enterprise_delete_blockers(obj)
    if blockers:
        raise ValidationError(
            _("“%(name)s” has %(rows)s; its figures would be lost. Deactivate it instead (edit → active).")
            % {"name": obj.name, "rows": blockers},
            code="has_figures",
        )
    object_delete(user=user, obj=obj)


# -- qualifications, visits, cooperations ---------------------------------------------------------


def qualification_create(*, user, data) -> Qualification:
    data = dict(data)
    if not data.get("expires_on") and data.get("kind") and data.get("granted_on"):
        data["expires_on"] = default_expiry(data["granted_on"], data["kind"].validity_years)
    return object_save(user=user, obj=Qualification(), data=data)


def qualification_update(*, user, obj, data, expected_version) -> Qualification:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def qualification_delete(*, user, obj):
    object_delete(user=user, obj=obj)


def visit_create(*, user, data) -> Visit:
    return object_save(user=user, obj=Visit(officer=user), data=data)


def visit_update(*, user, obj, data, expected_version) -> Visit:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def visit_delete(*, user, obj):
    object_delete(user=user, obj=obj)


def cooperation_create(*, user, data) -> Cooperation:
    return object_save(user=user, obj=Cooperation(), data=data)


def cooperation_update(*, user, obj, data, expected_version) -> Cooperation:
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def cooperation_delete(*, user, obj):
    object_delete(user=user, obj=obj)


# -- monthly figures (月度填报) -------------------------------------------------------------------

LOCKED_STATUSES = {ParkMonth.Status.SUBMITTED, ParkMonth.Status.APPROVED}


def _field_parsers():
    """Form fields that turn the grid's strings into values, with Django's (translated) messages."""
    parsers = {}
    for name in GRID_FIELDS:
        model_field = EnterpriseStat._meta.get_field(name)
        parsers[name] = model_field.formfield(required=False, localize=False)
    parsers["note"] = forms.CharField(required=False, max_length=300)
    return parsers


def parse_row(values, parsers):
    """{field: value}, {field: [messages]} for one row of strings."""
    cleaned, errors = {}, {}
    for name, raw in values.items():
        parser = parsers.get(name)
        if parser is None:
            continue
        raw = "" if raw is None else str(raw).strip().replace(",", "")
        try:
            value = parser.clean(raw)
        except ValidationError as exc:
            errors[name] = exc.messages
            continue
        if name == "note":
            value = value or ""
        else:
            model_field = EnterpriseStat._meta.get_field(name)
            try:
                if value is not None:
                    model_field.run_validators(value)
            except ValidationError as exc:
                errors[name] = exc.messages
                continue
        cleaned[name] = value
    return cleaned, errors


def park_month_locked_error(park_month):
    return ValidationError(
        _("The figures of %(period)s are %(status)s and cannot be changed.")
        % {"period": f"{park_month.year}-{park_month.month:02d}", "status": park_month.get_status_display()},
        code="locked",
    )


@transaction.atomic
def stat_rows_save(*, user, park, year, month, rows, today=None):
    """Save rows of the grid for one park and month in a few statements whatever their number.

    ``rows``: [{"enterprise": id, "version": int|None, "values": {field: str}}]. Returns
    {"saved": {enterprise_id: version}, "errors": {enterprise_id: {field: [messages]}}}; rows with
    errors are left as they were, the others are saved. Each row carries the version it was read
    at: a row changed meanwhile by someone else is refused (optimistic concurrency). Refused as a
    whole when the month is submitted or approved (locked) or not reached yet."""
    today = today or timezone.localdate()
    validate_period_not_future(year, month, today)
    park_month = ParkMonth.objects.select_for_update().filter(park=park, year=year, month=month).first()
    if park_month and park_month.status in LOCKED_STATUSES:
        raise park_month_locked_error(park_month)
    ids = {int(row["enterprise"]) for row in rows}
    allowed = set(Enterprise.objects.for_user(user, CHANGE).filter(park=park, pk__in=ids).values_list("pk", flat=True))
    existing = {
        stat.enterprise_id: stat
        for stat in EnterpriseStat.objects.select_for_update().filter(enterprise_id__in=allowed, year=year, month=month)
    }
    parsers = _field_parsers()
    now = timezone.now()
    to_create, to_update, errors, saved, changed_fields = [], [], {}, {}, set()
    for row in rows:
        enterprise_id = int(row["enterprise"])
        if enterprise_id not in allowed:
            errors[enterprise_id] = {"__all__": [_("This enterprise is not in the park.")]}
            continue
        cleaned, row_errors = parse_row(row.get("values", {}), parsers)
        stat = existing.get(enterprise_id)
        version = row.get("version")
        if stat is not None and version not in (None, "") and int(version) != stat.version:
            row_errors["__all__"] = [
                _("Someone else saved this row while you were editing it; reload to see their figures.")
            ]
        if row_errors:
            errors[enterprise_id] = row_errors
            continue
        if stat is None:
            stat = EnterpriseStat(
                enterprise_id=enterprise_id, year=year, month=month, created_by=user, created_at=now, version=0
            )
            to_create.append(stat)
        else:
            to_update.append(stat)
        for name, value in cleaned.items():
            setattr(stat, name, value)
            changed_fields.add(name)
        stat.version += 1
        stat.updated_by = user
        stat.updated_at = now
    if to_create:
        bulk_create_with_history(to_create, EnterpriseStat, batch_size=500, default_user=user)
    if to_update:
        fields = sorted(changed_fields | {"version", "updated_by", "updated_at"})
        bulk_update_with_history(to_update, EnterpriseStat, fields, batch_size=500, default_user=user)
    for stat in (*to_create, *to_update):
        saved[stat.enterprise_id] = stat.version
    if to_create or to_update:
        stats_written.send(sender=EnterpriseStat, enterprise_ids=sorted(saved), periods=[(year, month)])
    if park_month is None and (to_create or to_update):
        park_month = object_save(user=user, obj=ParkMonth(park=park, year=year, month=month))
    return {"saved": saved, "errors": errors}


# -- a park month's submission --------------------------------------------------------------------

STATUS_LABELS = dict(ParkMonth.Status.choices)


def _is_reviewer(user):
    return user_role(user) in {Role.OFFICER, Role.ADMIN}


def _move(*, user, park_month, target, reason=""):
    check_stat_month_transition(park_month.status, target, STATUS_LABELS)
    park_month.status = target
    park_month._change_reason = reason or target
    return object_save(user=user, obj=park_month)


@transaction.atomic
def park_month_submit(*, user, park, year, month, today=None):
    """Park staff submit a park's figures of a month for review. Refused while a flagged figure
    (a jump or drop against last month or the same month last year) has no explanatory note."""
    today = today or timezone.localdate()
    if not park.__class__.objects.for_user(user, CHANGE).filter(pk=park.pk).exists():
        raise PermissionDenied
    validate_period_not_future(year, month, today)
    park_month = ParkMonth.objects.select_for_update().filter(park=park, year=year, month=month).first()
    if park_month is None:
        park_month = object_save(user=user, obj=ParkMonth(park=park, year=year, month=month))
    check_stat_month_transition(park_month.status, ParkMonth.Status.SUBMITTED, STATUS_LABELS)
    missing = unexplained_flags(park=park, year=year, month=month)
    if missing:
        raise ValidationError(
            _("Explain the flagged figures before submitting: %(names)s.") % {"names": "、".join(missing)},
            code="flags_without_note",
        )
    park_month.submitted_at = timezone.now()
    park_month.submitted_by = user
    park_month.return_reason = ""
    return _move(user=user, park_month=park_month, target=ParkMonth.Status.SUBMITTED, reason=_("Submitted"))


def _lock(park_month):
    return ParkMonth.objects.select_for_update().get(pk=park_month.pk)


@transaction.atomic
def park_month_approve(*, user, park_month):
    """An officer approves a submitted month; its figures are locked from then on."""
    if not _is_reviewer(user):
        raise PermissionDenied
    park_month = _lock(park_month)
    park_month.reviewed_at = timezone.now()
    park_month.reviewed_by = user
    return _move(user=user, park_month=park_month, target=ParkMonth.Status.APPROVED, reason=_("Approved"))


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")}, code="reason_required")
    return reason


@transaction.atomic
def park_month_return(*, user, park_month, reason):
    """An officer returns a submitted month with a reason; the park corrects and submits again."""
    if not _is_reviewer(user):
        raise PermissionDenied
    reason = _require_reason(reason)
    park_month = _lock(park_month)
    park_month.reviewed_at = timezone.now()
    park_month.reviewed_by = user
    park_month.return_reason = reason
    return _move(user=user, park_month=park_month, target=ParkMonth.Status.RETURNED, reason=reason)


@transaction.atomic
def park_month_reopen(*, user, park_month, reason):
    """An officer reopens an approved month (back to draft) so that a figure can be corrected;
    the reason is kept in the month's history."""
    if not _is_reviewer(user):
        raise PermissionDenied
    reason = _require_reason(reason)
    park_month = _lock(park_month)
    park_month.return_reason = reason
    return _move(user=user, park_month=park_month, target=ParkMonth.Status.DRAFT, reason=reason)


def stat_deadline_day():
    return settings.PORTAL_STAT_DEADLINE_DAY
