"""Clean answers while the database is away (a PostgreSQL restart, a failover): a request whose
database call fails with a connection error gets a short 503 page with Retry-After, rendered
without touching the database, never a traceback; the next request opens a new connection
(CONN_HEALTH_CHECKS), so the portal recovers without a restart (docs/operations.md)."""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

log = logging.getLogger("portal.resilience")


def unavailable_response():
    title = escape(_("The portal is briefly unavailable"))
    text = escape(_("The database cannot be reached at the moment. Try again in a minute."))
    body = (
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    return response


def database_answers():
    try:
        connection.ensure_connection()
        return connection.is_usable()
    except (OperationalError, InterfaceError):
        return False


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except (OperationalError, InterfaceError) as error:
            log.error("database unavailable: %s", error)
            return unavailable_response()
        # A failure outside the view (the session middleware saving or loading the session) comes
        # back as Django's 500, or 400 "session interrupted": while the database is away, say so.
        if response.status_code in (400, 500) and not database_answers():
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            log.error("database unavailable: %s", exception)
            return unavailable_response()
        return None
