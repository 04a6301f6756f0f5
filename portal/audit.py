"""The access log (等保 2.0 安全审计): one helper, :func:`record`, called by the sign-in signals,
the export and import views, the enterprise figures pages and report downloads, and by
:class:`AuditMiddleware` for every refused request (403).

Changes to business rows are not logged here: django-simple-history records them on every
business model, and the audit page (``portal.views_audit``) reads both.  Rows of this log are
append-only (the model, its queryset and, on PostgreSQL, a trigger refuse UPDATE and DELETE) and
kept at least ``AUDIT_RETENTION_DAYS`` (≥ 180) days; ``manage.py audit_purge`` removes older ones.
"""

import logging

from django.conf import settings
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

log = logging.getLogger("portal.audit")

MIN_RETENTION_DAYS = 180


def retention_days():
    return max(MIN_RETENTION_DAYS, getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS))


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind ``PORTAL_TRUSTED_PROXIES`` reverse proxies the
    address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, which a
    client can prefix with anything it likes)."""
    if request is None:
        return None
    hops = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    return _valid_ip(remote)


def _valid_ip(value):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_ipv46_address

    if not value:
        return None
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return value


def record(request, kind, obj=None, *, user=None, detail=None, object_type="", object_id="", object_repr=""):
    """Append one event.  ``obj`` (a model instance) fills the object reference; ``user`` defaults
    to the request's signed-in user.  Returns the event."""
    from .models import AuditEvent

    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = str(obj)[:200]
    path = ""
    if request is not None:
        path = request.get_full_path()[:300]
    return AuditEvent.objects.create(
        user=user,
        username=(user.get_username() if user is not None else (detail or {}).get("username", ""))[:150],
        ip=client_ip(request),
        kind=kind,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=str(object_repr)[:200],
        path=path,
        detail=detail or {},
    )


@receiver(user_logged_in, dispatch_uid="portal.audit.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    record(request, "login", user=user)


@receiver(user_login_failed, dispatch_uid="portal.audit.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django masks the password in ``credentials``; only the name tried is kept.
    username = str(credentials.get("username") or credentials.get("email") or "")[:150]
    record(request, "login_failed", user=None, detail={"username": username})


@receiver(user_logged_out, dispatch_uid="portal.audit.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, "logout", user=user)


class AuditMiddleware:
    """Logs every request answered 403 (a page, an API call, an export) as ``permission_denied``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                record(request, "permission_denied", detail={"method": request.method})
            except Exception:  # the refusal itself must still reach the user
                log.exception("could not log a refused request")
        return response
