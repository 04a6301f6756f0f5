"""The five roles of DESIGN.md, and the three administrator roles of graded protection (三员,
等保 2.0): system, security and audit administrators (docs/security.md, "Audit and administration")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARK_STAFF = "park_staff", _("Park committee staff")
    OFFICER = "officer", _("Department officer")
    LEADER = "leader", _("Leader")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


READ_ALL_ROLES = {Role.OFFICER, Role.LEADER, Role.ANALYST, Role.ADMIN}

# 三员: each administers one thing and none of them reads or changes business data.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# What each of them may do in the Django admin, as "app_label.model": the actions granted.
# The system administrator configures the system (reference data, schedules, indicators and
# evaluation schemes, jobs); the security administrator manages users, groups and API tokens
# (accounts are deactivated, never deleted, so the log keeps pointing at them); the audit
# administrator only reads the access log (the cross-portal audit page is theirs alone).
ALL_ACTIONS = frozenset({"view", "add", "change", "delete"})
ADMIN_ROLE_PERMISSIONS = {
    Role.SYSTEM_ADMIN: {
        "portal.region": ALL_ACTIONS,
        "portal.department": ALL_ACTIONS,
        "portal.job": frozenset({"view"}),
        "enterprises.industry": ALL_ACTIONS,
        "enterprises.qualificationkind": ALL_ACTIONS,
        "reports.indicator": ALL_ACTIONS,
        "reports.evaluationscheme": ALL_ACTIONS,
        "django_celery_beat.periodictask": ALL_ACTIONS,
        "django_celery_beat.crontabschedule": ALL_ACTIONS,
        "django_celery_beat.intervalschedule": ALL_ACTIONS,
        "django_celery_beat.clockedschedule": ALL_ACTIONS,
        "django_celery_beat.solarschedule": ALL_ACTIONS,
    },
    Role.SECURITY_ADMIN: {
        "portal.user": frozenset({"view", "add", "change"}),
        "auth.group": ALL_ACTIONS,
        "authtoken.tokenproxy": frozenset({"view", "delete"}),
        "authtoken.token": frozenset({"view", "delete"}),
    },
    Role.AUDIT_ADMIN: {
        "portal.auditevent": frozenset({"view"}),
    },
}


def role_grants(role, perm):
    """Whether an administrator role holds the Django permission ``perm`` ("app.action_model")."""
    grants = ADMIN_ROLE_PERMISSIONS.get(role)
    if not grants or "." not in perm:
        return False
    app_label, codename = perm.split(".", 1)
    action, _sep, model = codename.partition("_")
    return action in grants.get(f"{app_label}.{model}", ())


def role_has_module(role, app_label):
    return any(key.split(".")[0] == app_label for key in ADMIN_ROLE_PERMISSIONS.get(role, {}))
