"""One answer to "which rows may this user see or change" (STYLE.md, "One scope, everywhere").

Every business model declares a :class:`Scope` saying how its rows reach a park and a department;
``Model.objects.for_user(user, action)`` filters by it.  Views, exports, imports, API viewsets and
reports all start from that call, never from a park filter written by hand.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .roles import READ_ALL_ROLES, Role

VIEW = "view"
CHANGE = "change"


class Scope:
    """How a model's rows are reached.

    park: path(s) from the model to ``parks.Park`` (``"pk"`` for Park itself, ``"enterprise__park"``
        …); a tuple means "visible when any of them is".  ``None``: the model belongs to no park and
        every signed-in role reads it (clusters, chains, policies).  Paths follow foreign keys
        only, so the filter never duplicates rows.
    department: path to the owning ``portal.Department``; officers of it may change the row.
    staff_change: whether park staff may change rows of their parks.
    officer_change: "all", "department" (rows of the officer's department) or "none".
    """

    def __init__(self, park=None, department=None, staff_change=True, officer_change="department"):
        self.park_paths = (park,) if isinstance(park, str) else tuple(park or ())
        self.department = department
        self.staff_change = staff_change
        if officer_change not in {"all", "department", "none"}:
            raise ValueError(officer_change)
        self.officer_change = officer_change

    def park_filter(self, park_ids):
        return reduce(or_, (Q(**{f"{path}__in": park_ids}) for path in self.park_paths))


def user_role(user):
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action=VIEW):
        """Rows this user may see (``action="view"``) or change (``action="change"``)."""
        scope = self.model.scope
        role = user_role(user)
        if role is None:
            return self.none()
        if role == Role.ADMIN:
            return self
        if action == VIEW:
            if role in READ_ALL_ROLES or not scope.park_paths:
                return self
            return self.filter(scope.park_filter(user.park_ids))
        if action != CHANGE:
            raise ValueError(action)
        if role in {Role.LEADER, Role.ANALYST}:
            return self.none()
        if role == Role.PARK_STAFF:
            if not scope.staff_change or not scope.park_paths:
                return self.none()
            return self.filter(scope.park_filter(user.park_ids))
        if role == Role.OFFICER:
            if scope.officer_change == "all":
                return self
            if scope.officer_change == "department" and scope.department and user.department_id:
                return self.filter(**{scope.department: user.department_id})
        return self.none()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def can_change(user, obj):
    return type(obj)._default_manager.for_user(user, CHANGE).filter(pk=obj.pk).exists()


def get_for_user_or_404(model_or_queryset, user, action=VIEW, **lookup):
    """The object if the user may see it (else 404); with ``action="change"`` also 403 when the
    user may see it but not change it."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    try:
        obj = queryset.for_user(user, VIEW).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    if action == CHANGE and not can_change(user, obj):
        raise PermissionDenied
    return obj
