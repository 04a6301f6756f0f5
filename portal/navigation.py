"""The top navigation, by role.  Entries name URL patterns by string, so the portal package does
not import the domain apps; an entry whose URL does not exist yet is left out."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_ROLES, Role
from .scoping import user_role

ALL = frozenset(Role.values) - ADMIN_ROLES  # the three administrators see no business pages
READERS = frozenset({Role.OFFICER, Role.LEADER, Role.ANALYST, Role.ADMIN})

NAV_ITEMS = [
    # (label, url name, roles that see it)
    (_("Home"), "home", frozenset(Role.values)),
    (_("Cockpit"), "reports:cockpit", ALL),
    (_("Parks"), "parks:park_list", ALL),
    (_("Enterprises"), "enterprises:enterprise_list", ALL),
    (_("Monthly figures"), "enterprises:stat_grid", frozenset({Role.PARK_STAFF, Role.OFFICER, Role.ADMIN})),
    (_("Clusters and chains"), "clusters:cluster_list", ALL),
    (_("Projects"), "projects:project_list", ALL),
    (_("Policies"), "policies:policy_list", ALL),
    (_("Service requests"), "enterprises:servicerequest_list", ALL),
    (_("Summaries"), "reports:summary_builder", frozenset({Role.ANALYST, Role.OFFICER, Role.LEADER, Role.ADMIN})),
    (_("Reports"), "reports:report_list", ALL),
    (_("Excel imports"), "reports:excel_imports", frozenset({Role.PARK_STAFF, Role.OFFICER, Role.ADMIN})),
    (_("Administration"), "admin:index", frozenset({Role.ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})),
    (_("Audit log"), "audit_list", frozenset({Role.AUDIT_ADMIN})),
]


def navigation_for(request):
    role = user_role(getattr(request, "user", None))
    if role is None:
        return []
    items = []
    for label, url_name, roles in NAV_ITEMS:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": label, "url": url, "active": request.path == url or (url != "/" and request.path.startswith(url))}
        )
    return items
