"""Reads shared by pages, exports, the API and reports."""

from django.db.models import F, Q
from django.utils import timezone

from .models import ServiceRequest

OPEN_REQUEST_STATUSES = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.IN_PROGRESS)


def overdue_q(today=None):
    """Requests overdue on ``today``: still open past their due date, or resolved after it."""
    today = today or timezone.localdate()
    return Q(status__in=OPEN_REQUEST_STATUSES, due_on__lt=today) | Q(resolved_on__gt=F("due_on"))
