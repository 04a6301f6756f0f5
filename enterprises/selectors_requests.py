"""Reads of service requests: the officer's own queue first, the overdue list, and the rates per
department and park (问题化解率, on-time rate, satisfaction rate)."""

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone

from portal.periods import share

from .models import ServiceRequest
from .selectors import overdue_q

STATUS = ServiceRequest.Status
DONE = (STATUS.RESOLVED, STATUS.CLOSED)
CONTENT = (ServiceRequest.Satisfaction.SATISFIED, ServiceRequest.Satisfaction.BASICALLY)


def request_rows(*, user, queryset=None, mine_first=True):
    """Requests visible to ``user``; for an officer, those assigned to them first, then their
    department's, then the rest, each by due date."""
    queryset = queryset if queryset is not None else ServiceRequest.objects.for_user(user)
    queryset = queryset.select_related("enterprise__park", "department", "officer")
    today = timezone.localdate()
    queryset = queryset.annotate(
        is_overdue=Case(When(overdue_q(today), then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    if mine_first and getattr(user, "role", None) == "officer":
        queryset = queryset.annotate(
            queue=Case(
                When(officer=user, then=Value(0)),
                When(department_id=user.department_id, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("queue", "due_on", "pk")
    return queryset


def overdue_rows(*, user, today=None):
    return request_rows(user=user).filter(overdue_q(today)).order_by("due_on", "pk")


def _rates(queryset, key, today):
    rows = (
        queryset.values(key)
        .annotate(
            total=Count("pk"),
            resolved=Count("pk", filter=Q(status__in=DONE)),
            on_time=Count("pk", filter=Q(status__in=DONE, resolved_on__lte=F("due_on"))),
            overdue=Count("pk", filter=overdue_q(today)),
            rated=Count("pk", filter=Q(status=STATUS.CLOSED) & ~Q(satisfaction="")),
            content=Count("pk", filter=Q(status=STATUS.CLOSED, satisfaction__in=CONTENT)),
        )
        .order_by(key)
    )
    result = []
    for row in rows:
        row["label"] = row[key]
        row["resolution_rate"] = share(row["resolved"], row["total"])
        row["on_time_rate"] = share(row["on_time"], row["resolved"])
        row["satisfaction_rate"] = share(row["content"], row["rated"])
        result.append(row)
    return result


def request_rates(*, user, year=None, today=None):
    """Rates per department and per park over the requests visible to ``user`` (received in
    ``year`` when given): resolution rate = resolved or closed ÷ all; on-time rate = resolved by the
    due date ÷ resolved; satisfaction rate = satisfied or basically satisfied ÷ rated."""
    today = today or timezone.localdate()
    queryset = ServiceRequest.objects.for_user(user)
    if year:
        queryset = queryset.filter(received_on__year=year)
    return {
        "departments": _rates(queryset, "department__name", today),
        "parks": _rates(queryset, "enterprise__park__name", today),
        "total": _rates(queryset.annotate(all=Value(1)), "all", today),
    }
