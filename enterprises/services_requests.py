"""Writes of service requests (企业诉求, 一企一策): create with a due date from the category's time
limit, assign to a department and officer, start, resolve, close with the enterprise's
satisfaction.  Every step is checked against ``enterprises.workflow`` and written into the
request's history with a reason."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.roles import Role
from portal.scoping import user_role
from portal.services import object_save

from .models import ServiceRequest
from .rules import request_due_on
from .workflow import check_service_request_transition

STATUS = ServiceRequest.Status
LABELS = dict(STATUS.choices)


def request_limits():
    """Per-category time limits: ``settings.SERVICE_REQUEST_LIMITS`` when a deployment sets it,
    else the 13710 defaults of ``enterprises.rules``."""
    return getattr(settings, "SERVICE_REQUEST_LIMITS", None)


def public_holidays():
    return frozenset(getattr(settings, "PUBLIC_HOLIDAYS", ()))


def _save(user, obj, data=None, reason=""):
    obj._change_reason = (reason or "")[:100] or None
    return object_save(user=user, obj=obj, data=data)


def _refuse(message):
    raise ValidationError(message, code="not_allowed")


def is_park_staff_of(user, enterprise):
    return user_role(user) == Role.PARK_STAFF and enterprise.park_id in user.park_ids


def may_handle(user, service_request):
    """The assigned officer, officers of the assigned department, administrators."""
    role = user_role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.OFFICER and (
        service_request.officer_id == user.pk
        or (service_request.department_id is not None and service_request.department_id == user.department_id)
    )


def may_dispatch(user, service_request):
    """Officers, administrators and staff of the enterprise's park assign requests."""
    role = user_role(user)
    return role in {Role.ADMIN, Role.OFFICER} or is_park_staff_of(user, service_request.enterprise)


def may_rate(user, service_request):
    """The enterprise's satisfaction is recorded by its park's staff (by officers when it is in no
    park) or an administrator."""
    role = user_role(user)
    if role == Role.ADMIN or is_park_staff_of(user, service_request.enterprise):
        return True
    return service_request.enterprise.park_id is None and role == Role.OFFICER


def _move(user, service_request, target, data=None, reason=""):
    check_service_request_transition(service_request.status, target, LABELS)
    step = _("%(old)s → %(new)s") % {"old": LABELS[service_request.status], "new": LABELS[target]}
    return _save(user, service_request, {**(data or {}), "status": target}, f"{step}: {reason}" if reason else step)


def _locked(service_request):
    return ServiceRequest.objects.select_for_update().select_related("enterprise").get(pk=service_request.pk)


def _check_officer(department, officer):
    if officer is not None:
        if user_role(officer) not in {Role.OFFICER, Role.ADMIN}:
            raise ValidationError({"officer": _("Requests are assigned to department officers.")})
        if department is not None and officer.department_id != department.pk:
            raise ValidationError({"officer": _("This officer does not belong to the chosen department.")})


@transaction.atomic
def service_request_create(*, user, data):
    """Record a request raised by an enterprise (on a visit or otherwise); its due date follows
    from the category's time limit (``hard_case``: one month)."""
    data = dict(data)
    enterprise = data["enterprise"]
    role = user_role(user)
    if not (role in {Role.ADMIN, Role.OFFICER} or is_park_staff_of(user, enterprise)):
        _refuse(_("You may record requests only for enterprises of your own parks."))
    hard_case = data.pop("hard_case", False)
    today = timezone.localdate()
    received_on = data.get("received_on") or today
    if received_on > today:
        raise ValidationError({"received_on": _("The date received cannot be in the future.")})
    visit = data.get("visit")
    if visit is not None and visit.enterprise_id != enterprise.pk:
        raise ValidationError({"visit": _("This visit was to another enterprise.")})
    _check_officer(data.get("department"), data.get("officer"))
    data["received_on"] = received_on
    data["due_on"] = (
        request_due_on(received_on, data.get("category"), request_limits(), public_holidays(), hard_case=hard_case)
        if data.get("category")
        else received_on
    )
    data["status"] = STATUS.RECEIVED
    return _save(user, ServiceRequest(), data, _("Received"))


@transaction.atomic
def service_request_assign(*, user, service_request, department, officer):
    """包抓: hand the request to a department and (optionally) one of its officers."""
    service_request = _locked(service_request)
    if not may_dispatch(user, service_request):
        _refuse(_("You may not assign this request."))
    if service_request.status not in {STATUS.RECEIVED, STATUS.IN_PROGRESS}:
        _refuse(_("Only an open request can be assigned."))
    if department is None:
        raise ValidationError({"department": _("Choose the department that handles the request.")})
    _check_officer(department, officer)
    reason = _("Assigned to %(department)s") % {"department": department}
    if officer is not None:
        reason += f" · {officer}"
    return _save(user, service_request, {"department": department, "officer": officer}, reason)


@transaction.atomic
def service_request_start(*, user, service_request):
    service_request = _locked(service_request)
    if not may_handle(user, service_request):
        _refuse(_("The request is handled by its department's officers."))
    return _move(user, service_request, STATUS.IN_PROGRESS)


@transaction.atomic
def service_request_resolve(*, user, service_request, resolution, resolved_on=None):
    """办结: record how the request was resolved and when (today by default)."""
    service_request = _locked(service_request)
    if not may_handle(user, service_request):
        _refuse(_("The request is handled by its department's officers."))
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Describe how the request was resolved.")})
    today = timezone.localdate()
    resolved_on = resolved_on or today
    if resolved_on > today:
        raise ValidationError({"resolved_on": _("The date resolved cannot be in the future.")})
    if resolved_on < service_request.received_on:
        raise ValidationError({"resolved_on": _("The date resolved cannot be before the date received.")})
    return _move(user, service_request, STATUS.RESOLVED, {"resolution": resolution, "resolved_on": resolved_on})


@transaction.atomic
def service_request_close(*, user, service_request, satisfaction):
    """已评价: the enterprise's satisfaction with the resolution."""
    service_request = _locked(service_request)
    if not may_rate(user, service_request):
        _refuse(_("The enterprise's satisfaction is recorded by its park's staff."))
    if satisfaction not in ServiceRequest.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose how satisfied the enterprise is.")})
    label = dict(ServiceRequest.Satisfaction.choices)[satisfaction]
    return _move(user, service_request, STATUS.CLOSED, {"satisfaction": satisfaction}, str(label))
