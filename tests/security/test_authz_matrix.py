"""The authorization matrix: every URL of the portal, every role, both object scopes.

The expectations below are written by hand from DESIGN.md ("Who uses it", the row-level scope
paragraph) and docs/decisions.md ("Access"), not computed from portal/scoping.py, which is what
they check. Every route that ``get_resolver()`` finds must have a row here: a new URL without one
fails ``test_every_route_is_in_the_matrix`` with its name.

A row is ``R(kind, "anon staff officer leader analyst admin")``; each answer is

    L    302 to the login page          401  API: not signed in
    200  the page / data                302  a redirect elsewhere (e.g. a leader's home → cockpit)
    403  visible but not theirs to change   404  not in their view scope (or no such thing)
    405  the method is not GET (a POST-only action)      204  no content

``a/b`` is the answer for the object in the own scope / in the other scope: park A / park B for
park-scoped rows (staff_a belongs to park A), 工信局 / 科技局 for department rows (the officer is
in 工信局), the user's own / another user's row for jobs and notifications.

Writes: for every row whose answer for a role is 403, 404, L or 401, that role's POST (browser:
the form an administrator is shown, submitted as is; API: the row's own JSON as PUT/PATCH, a POST
of it to the list, a DELETE) is refused with that answer and changes nothing in the database.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import db_fingerprint, fingerprint_diff

ROLES = ("anon", "staff", "officer", "leader", "analyst", "admin")


class R:
    def __init__(self, kind, answers, *, kwargs=None, query=None, post=True, api=False, posts=None, data=None):
        self.kind = kind  # object kind in tests/security/world.py, None for routes without one
        parts = answers.split()
        assert len(parts) == len(ROLES), answers
        self.answers = dict(zip(ROLES, parts, strict=True))
        self.kwargs = kwargs or {}  # fixed URL arguments (slugs)
        self.query = query or {}
        self.post = post  # check that refused roles' POSTs change nothing
        self.api = api
        # POST-only actions: the answers to a POST, as ``answers`` ("-": allowed, not tried;
        # "302": sent back to the page with the refusal as a message). Nothing is written.
        self.posts = R(kind, posts) if posts else None
        self.data = data or {}  # what a POST-only action is sent besides the administrator's form

    def expected(self, role, scope):
        answer = self.answers[role]
        if "/" in answer:
            own, other = answer.split("/")
            return own if scope == "own" else other
        return answer


def api(kind, answers, **kw):
    return R(kind, answers, api=True, **kw)


# Reading: everyone signed in; rows behind it scoped.
READ = "L 200 200 200 200 200"
READ_SCOPED = "L 200/404 200 200 200 200"
# Park rows: park staff change their own park's, the officer reads, leader/analyst read.
PARK_ROW_EDIT = "L 200/404 403 403 403 200"
# Enterprise rows: park staff their park's; officers all (statistics and review are their job).
ENTERPRISE_ROW_EDIT = "L 200/404 200 403 403 200"
# Department rows (clusters, chains, policies, measures): officers of the department.
DEPT_ROW_EDIT = "L 403 200/403 403 403 200"
# New-row forms: writers only.
CREATE_STAFF = "L 200 403 403 403 200"
CREATE_WRITERS = "L 200 200 403 403 200"
CREATE_OFFICER = "L 403 200 403 403 200"
POST_ONLY = "L 405 405 405 405 405"
API_READ = "401 200 200 200 200 200"
API_READ_SCOPED = "401 200/404 200 200 200 200"
API_POST_ONLY = "401 405 405 405 405 405"

MATRIX = {
    # -- portal ----------------------------------------------------------------------------------
    "home": R(None, "L 200 200 302 200 200"),  # a leader starts on the cockpit
    "healthz": R(None, "200 200 200 200 200 200"),  # for the proxy: no data, no login
    "login": R(None, "200 302 302 302 302 302", post=False),  # signed in: on to the home page
    "logout": R(None, "405 405 405 405 405 405", post=False),  # POST only (Django 5)
    "set_language": R(None, "302 302 302 302 302 302", post=False),  # back to the page
    # -- parks -----------------------------------------------------------------------------------
    "parks:park_list": R(None, READ),
    "parks:park_create": R(None, "L 403 403 403 403 200"),  # parks are reference data
    "parks:park_detail": R("park", READ_SCOPED),
    "parks:park_edit": R("park", PARK_ROW_EDIT),
    "parks:park_delete": R("park", "L 403/404 403 403 403 200"),  # only administrators delete parks
    "parks:park_figures": R("park", READ_SCOPED),
    "parks:landparcel_list": R(None, READ),
    "parks:landparcel_create": R(None, CREATE_STAFF),
    "parks:landparcel_detail": R("landparcel", READ_SCOPED),
    "parks:landparcel_edit": R("landparcel", PARK_ROW_EDIT),
    "parks:landparcel_delete": R("landparcel", PARK_ROW_EDIT),
    "parks:standardfactory_list": R(None, READ),
    "parks:standardfactory_create": R(None, CREATE_STAFF),
    "parks:standardfactory_detail": R("standardfactory", READ_SCOPED),
    "parks:standardfactory_edit": R("standardfactory", PARK_ROW_EDIT),
    "parks:standardfactory_delete": R("standardfactory", PARK_ROW_EDIT),
    "parks:innovationcarrier_list": R(None, READ),
    "parks:innovationcarrier_create": R(None, CREATE_STAFF),
    "parks:innovationcarrier_detail": R("innovationcarrier", READ_SCOPED),
    "parks:innovationcarrier_edit": R("innovationcarrier", ENTERPRISE_ROW_EDIT),
    "parks:innovationcarrier_delete": R("innovationcarrier", ENTERPRISE_ROW_EDIT),
    # -- enterprises -----------------------------------------------------------------------------
    "enterprises:enterprise_list": R(None, READ),
    "enterprises:enterprise_create": R(None, CREATE_WRITERS),
    "enterprises:enterprise_detail": R("enterprise", READ_SCOPED),
    "enterprises:enterprise_edit": R("enterprise", ENTERPRISE_ROW_EDIT),
    "enterprises:enterprise_delete": R("enterprise", ENTERPRISE_ROW_EDIT),
    "enterprises:qualification_list": R(None, READ),
    "enterprises:qualification_create": R(None, CREATE_WRITERS),
    "enterprises:qualification_detail": R("qualification", READ_SCOPED),
    "enterprises:qualification_edit": R("qualification", ENTERPRISE_ROW_EDIT),
    "enterprises:qualification_delete": R("qualification", ENTERPRISE_ROW_EDIT),
    "enterprises:visit_list": R(None, READ),
    "enterprises:visit_create": R(None, CREATE_WRITERS),
    "enterprises:visit_detail": R("visit", READ_SCOPED),
    "enterprises:visit_edit": R("visit", ENTERPRISE_ROW_EDIT),
    "enterprises:visit_delete": R("visit", ENTERPRISE_ROW_EDIT),
    "enterprises:cooperation_list": R(None, READ),
    "enterprises:cooperation_create": R(None, CREATE_WRITERS),
    "enterprises:cooperation_detail": R("cooperation", READ_SCOPED),
    "enterprises:cooperation_edit": R("cooperation", ENTERPRISE_ROW_EDIT),
    "enterprises:cooperation_delete": R("cooperation", ENTERPRISE_ROW_EDIT),
    "enterprises:servicerequest_list": R(None, READ),
    "enterprises:servicerequest_overdue": R(None, READ),
    "enterprises:servicerequest_rates": R(None, READ),
    # a request is recorded for an enterprise (?enterprise=<id>): park staff for their park's
    "enterprises:servicerequest_create": R("enterprise", "L 200/404 200 403 403 200", query={"enterprise": "{pk}"}),
    "enterprises:servicerequest_detail": R("servicerequest", READ_SCOPED),
    "enterprises:servicerequest_action": R(
        "servicerequest", POST_ONLY, kwargs={"action": "start"}, posts="L 302/404 -/302 302 302 -"
    ),
    "enterprises:stat_grid": R(None, "L 200 200 403 403 200"),  # data entry, not reading
    "enterprises:stat_grid_save": R(None, POST_ONLY, posts="L - - 400 400 -"),
    "enterprises:park_month_submit": R(None, POST_ONLY, posts="L 404 404 404 404 404"),
    "enterprises:park_month_review": R(
        "parkmonth", POST_ONLY, posts="L 403/404 - 403 403 -", data={"action": "approve"}
    ),
    "enterprises:stat_board": R(None, READ),
    # -- clusters and chains ---------------------------------------------------------------------
    "clusters:cluster_list": R(None, READ),
    "clusters:cluster_detail": R("cluster", READ),
    "clusters:cluster_edit": R("cluster", DEPT_ROW_EDIT),
    "clusters:chain_list": R(None, READ),
    "clusters:chain_detail": R("chain", READ),
    "clusters:chain_edit": R("chain", DEPT_ROW_EDIT),
    "clusters:chain_master_toggle": R("chain", POST_ONLY, posts="L 403 -/403 403 403 -"),
    "clusters:node_add": R("chain", DEPT_ROW_EDIT),
    "clusters:node_edit": R("node", DEPT_ROW_EDIT),
    "clusters:node_move": R("node", DEPT_ROW_EDIT),
    "clusters:node_reorder": R("node", POST_ONLY, posts="L 403 -/403 403 403 -"),
    "clusters:node_delete": R("node", DEPT_ROW_EDIT),
    "clusters:node_attach": R("node", POST_ONLY, posts="L 403 -/403 403 403 -"),
    "clusters:node_detach": R("node", POST_ONLY, posts="L 403 -/403 403 403 -"),
    "clusters:lead_list": R(None, READ),
    "clusters:lead_board": R(None, READ),
    "clusters:lead_create": R(None, CREATE_WRITERS),
    "clusters:lead_detail": R("lead", READ_SCOPED),
    # a lead targeting park A: its staff and the chain's department
    "clusters:lead_edit": R("lead", "L 200/404 200/403 403 403 200"),
    "clusters:lead_move": R("lead", POST_ONLY, posts="L -/404 -/403 403 403 -"),
    "clusters:lead_land": R("lead", "L 200/404 200/403 403 403 200"),
    "clusters:supplylink_list": R(None, READ),
    "clusters:supplylink_create": R(None, CREATE_WRITERS),
    "clusters:supplylink_edit": R("supplylink", "L 200/404 403 403 403 200"),
    # -- projects --------------------------------------------------------------------------------
    "projects:project_list": R(None, READ),
    "projects:project_create": R(None, CREATE_WRITERS),
    "projects:project_detail": R("project", READ_SCOPED),
    "projects:project_edit": R("project", "L 200/404 200/403 403 403 200"),
    "projects:project_plan": R("project", POST_ONLY, posts="L -/404 -/403 403 403 -"),
    "projects:progress_grid": R(None, "L 200 200 403 403 200"),  # data entry, not reading
    "projects:lagging_list": R(None, READ),
    # -- policies --------------------------------------------------------------------------------
    "policies:policy_list": R(None, READ),
    "policies:policy_create": R(None, CREATE_OFFICER),
    "policies:policy_detail": R("policy", READ),
    "policies:policy_edit": R("policy", DEPT_ROW_EDIT),
    "policies:measure_create": R("policy", DEPT_ROW_EDIT),  # a clause added to the department's policy
    "policies:measure_list": R(None, READ),
    "policies:measure_detail": R("measure", READ),
    "policies:measure_edit": R("measure", DEPT_ROW_EDIT),
    "policies:eligible_list": R("measure", READ),
    "policies:application_list": R(None, READ),
    "policies:application_create": R(None, CREATE_WRITERS),
    "policies:application_detail": R("application", READ_SCOPED),
    # a draft is the park's to edit; the measure's department may correct it as well
    "policies:application_edit": R("application", "L 200/404 200/403 403 403 200"),
    "policies:application_action": R(
        "application", POST_ONLY, kwargs={"action": "submit"}, posts="L -/404 -/302 302 302 -"
    ),
    "policies:attachment_upload": R("application", POST_ONLY, posts="L -/404 -/302 302 302 -"),
    "policies:attachment_download": R("attachment", READ_SCOPED),
    "policies:attachment_delete": R("attachment", POST_ONLY, posts="L -/404 -/302 302 302 -"),
    # -- dashboards: aggregates for everyone, the rows behind them scoped -------------------------
    "reports:cockpit": R(None, READ),
    "reports:cockpit_data": R(None, READ),
    "reports:bigscreen": R(None, READ),
    "reports:figure_rows": R(None, "L 302 302 302 302 302", kwargs={"code": "high_tech_count"}),
    "reports:drill_enterprises": R(None, READ),
    "reports:drill_cluster": R("cluster", READ),
    "reports:chain_map": R("chain", READ),
    "reports:chain_map_data": R("chain", READ),
    "reports:drill_node": R("node", READ),
    "reports:drill_enterprise": R("enterprise", READ_SCOPED),
    "reports:drill_park": R("park", READ_SCOPED),  # a park's page, as park_detail: another park is 404
    "reports:park_map": R(None, READ),
    # -- reports, targets, evaluation, notifications ---------------------------------------------
    "reports:report_list": R(None, READ),
    "reports:report_create": R(None, POST_ONLY, posts="L 403 - 403 403 -"),
    "reports:report_latest": R(None, "L 302 302 302 302 302", kwargs={"kind": "monthly_bulletin"}),
    "reports:report_detail": R("report", READ),
    "reports:report_status": R("report", READ),
    "reports:report_download": R("report", READ, kwargs={"fmt": "docx"}),
    "reports:report_regenerate": R("report", POST_ONLY, posts="L 403 - 403 403 -"),
    "reports:indicator_list": R(None, READ),
    "reports:target_list": R(None, READ),
    "reports:target_create": R(None, CREATE_OFFICER),
    "reports:target_edit": R("target", "L 403 200 403 403 200"),
    "reports:evaluation_list": R(None, READ),
    "reports:evaluation_run": R(None, POST_ONLY, posts="L 403 - 403 403 -"),
    "reports:evaluation_finalize": R(None, POST_ONLY, posts="L 403 - 403 403 -"),
    "reports:evaluation_detail": R("evaluation", READ_SCOPED),
    "reports:objection_handle": R("objection", POST_ONLY, posts="L 403 - 403 403 -"),
    "reports:scheme_create": R(None, CREATE_OFFICER),
    "reports:scheme_edit": R("scheme", "L 403 200 403 403 200"),
    "reports:notification_list": R(None, READ),
    "reports:notification_badge": R(None, READ),
    # one's own notifications and saved summaries: every role may write them
    "reports:notification_read_all": R(None, POST_ONLY, post=False),
    "reports:notification_read": R("notification", POST_ONLY, post=False),
    "reports:search": R(None, READ, query={"q": "园区"}),
    # -- Excel: exports for every role (analysts export), imports for writers ---------------------
    "reports:export": R(None, READ, query={"export": "enterprise"}),
    "reports:excel_job": R("exportjob", "L 200/404 200/404 200/404 200/404 200/404"),
    "reports:excel_job_status": R("exportjob", "L 200/404 200/404 200/404 200/404 200/404"),
    # the audit log: the audit administrator alone (三员分立; that role's access: tests/portal/test_audit.py),
    # not even the system administrator
    "audit_list": R(None, "L 403 403 403 403 403"),
    "reports:excel_job_download": R("exportjob", "L 200/404 200/404 200/404 200/404 200/404"),
    # one's own finished export is not sent again (back to the job page with the reason)
    "reports:excel_job_resend": R("exportjob", POST_ONLY, posts="L 302/404 302/404 302/404 302/404 -"),
    "reports:excel_imports": R(None, "L 200 200 403 403 200"),
    "reports:excel_import_template": R(None, "L 200 200 403 403 200", kwargs={"name": "enterprise"}),
    "reports:excel_import_upload": R(None, POST_ONLY, kwargs={"name": "enterprise"}, posts="L - - 403 403 -"),
    "reports:excel_import_preview": R("importjob", "L 200/404 200/404 200/404 200/404 200/404"),
    "reports:summary_builder": R(None, READ),
    "reports:summary_download": R(None, READ),
    "reports:summary_save": R(None, POST_ONLY, post=False),
    # -- API -------------------------------------------------------------------------------------
    "api-root": api(None, API_READ),
    "api-token": api(None, "405 405 405 405 405 405", post=False),  # POST username + password
    "api-schema": api(None, "200 200 200 200 200 200", post=False),  # the documentation is public
    "api-docs": R(None, "200 200 200 200 200 200", post=False),  # an HTML page (Swagger UI)
    # aggregates of any park are readable by every role (DESIGN: rankings, bulletins)
    "aggregate-figures": api(
        "park", API_READ, query={"subject_type": "park", "subject_id": "{pk}", "year": "2025", "month": "3"}
    ),
    "aggregate-target-progress": api(None, API_READ, query={"year": "2025", "month": "3"}),
    "aggregate-chains-list": api(None, API_READ),
    "aggregate-chains-detail": api("chain", API_READ),
    # API writes per kind: see API_WRITES below.
    "park-list": api(None, API_READ),
    "park-detail": api("park", API_READ_SCOPED),
    "landparcel-list": api(None, API_READ),
    "landparcel-detail": api("landparcel", API_READ_SCOPED),
    "standardfactory-list": api(None, API_READ),
    "standardfactory-detail": api("standardfactory", API_READ_SCOPED),
    "innovationcarrier-list": api(None, API_READ),
    "innovationcarrier-detail": api("innovationcarrier", API_READ_SCOPED),
    "parkfactor-list": api(None, API_READ),
    "parkfactor-detail": api("parkfactor", API_READ_SCOPED),
    "enterprise-list": api(None, API_READ),
    "enterprise-detail": api("enterprise", API_READ_SCOPED),
    "qualification-list": api(None, API_READ),
    "qualification-detail": api("qualification", API_READ_SCOPED),
    "enterprisestat-list": api(None, API_READ),
    "enterprisestat-detail": api("stat", API_READ_SCOPED),
    "parkmonth-list": api(None, API_READ),
    "parkmonth-detail": api("parkmonth", API_READ_SCOPED),
    # workflow actions are POST-only (their refusals: tests/api/test_workflow_actions.py)
    "parkmonth-submit": api(None, API_POST_ONLY),
    "parkmonth-approve": api("parkmonth", API_POST_ONLY),
    "parkmonth-return": api("parkmonth", API_POST_ONLY),
    "parkmonth-reopen": api("parkmonth", API_POST_ONLY),
    "visit-list": api(None, API_READ),
    "visit-detail": api("visit", API_READ_SCOPED),
    "servicerequest-list": api(None, API_READ),
    "servicerequest-detail": api("servicerequest", API_READ_SCOPED),
    "servicerequest-assign": api("servicerequest", API_POST_ONLY),
    "servicerequest-start": api("servicerequest", API_POST_ONLY),
    "servicerequest-resolve": api("servicerequest", API_POST_ONLY),
    "servicerequest-close": api("servicerequest", API_POST_ONLY),
    "cooperation-list": api(None, API_READ),
    "cooperation-detail": api("cooperation", API_READ_SCOPED),
    "cluster-list": api(None, API_READ),
    "cluster-detail": api("cluster", API_READ),
    "chain-list": api(None, API_READ),
    "chain-detail": api("chain", API_READ),
    "chainnode-list": api(None, API_READ),
    "chainnode-detail": api("node", API_READ),
    "investmentlead-list": api(None, API_READ),
    "investmentlead-detail": api("lead", API_READ_SCOPED),
    "investmentlead-move": api("lead", API_POST_ONLY),
    "supplylink-list": api(None, API_READ),
    "supplylink-detail": api("supplylink", API_READ_SCOPED),
    "project-list": api(None, API_READ),
    "project-detail": api("project", API_READ_SCOPED),
    "projectplan-list": api(None, API_READ),
    "projectplan-detail": api("projectplan", API_READ_SCOPED),
    "projectprogress-list": api(None, API_READ),
    "projectprogress-detail": api("projectprogress", API_READ_SCOPED),
    "policy-list": api(None, API_READ),
    "policy-detail": api("policy", API_READ),
    "measure-list": api(None, API_READ),
    "measure-detail": api("measure", API_READ),
    "application-list": api(None, API_READ),
    "application-detail": api("application", API_READ_SCOPED),
    "application-submit": api("application", API_POST_ONLY),
    "application-park-review": api("application", API_POST_ONLY),
    "application-approve": api("application", API_POST_ONLY),
    "application-return": api("application", API_POST_ONLY),
    "application-reject": api("application", API_POST_ONLY),
    "application-disburse": api("application", API_POST_ONLY),
    "target-list": api(None, API_READ),
    "target-detail": api("target", API_READ),
    "report-list": api(None, API_READ),
    "report-detail": api("report", API_READ),
    "parkevaluation-list": api(None, API_READ),
    "parkevaluation-detail": api("evaluation", API_READ_SCOPED),
}

# Who may write through the API, per detail route: the answer to PUT / PATCH / DELETE of the row
# in each scope ("-": allowed, not tried here, since it would change the world), and to a POST to
# the list of a copy of the own-scope row.
API_WRITES = {
    # detail route: (PUT/PATCH/DELETE answers, POST-to-list answers)
    # park staff's copy of their park is refused by validation (its code is taken) or, with a new
    # code, because the new park is not theirs (403): "|" lists the answers accepted
    "park-detail": ("401 -/404 403 403 403 -", "401 400|403 403 403 403 -"),
    "landparcel-detail": ("401 -/404 403 403 403 -", "401 - 403 403 403 -"),
    "standardfactory-detail": ("401 -/404 403 403 403 -", "401 - 403 403 403 -"),
    "innovationcarrier-detail": ("401 -/404 - 403 403 -", "401 - - 403 403 -"),
    "parkfactor-detail": ("401 -/404 403 403 403 -", "401 - 403 403 403 -"),
    "enterprise-detail": ("401 -/404 - 403 403 -", "401 - - 403 403 -"),
    "qualification-detail": ("401 -/404 - 403 403 -", "401 - - 403 403 -"),
    "enterprisestat-detail": ("401 -/404 - 403 403 -", "401 - - 403 403 -"),
    "visit-detail": ("401 -/404 - 403 403 -", "401 - - 403 403 -"),
    "servicerequest-detail": ("401 -/404 -/403 403 403 -", "401 - - 403 403 -"),
    "cooperation-detail": ("401 -/404 - 403 403 -", "401 - - 403 403 -"),
    "cluster-detail": ("401 403 -/403 403 403 -", "401 403 - 403 403 -"),
    "chain-detail": ("401 403 -/403 403 403 -", "401 403 - 403 403 -"),
    "chainnode-detail": ("401 403 -/403 403 403 -", "401 403 - 403 403 -"),
    "investmentlead-detail": ("401 -/404 -/403 403 403 -", "401 - - 403 403 -"),
    "supplylink-detail": ("401 -/404 403 403 403 -", "401 - 403 403 403 -"),
    "project-detail": ("401 -/404 -/403 403 403 -", "401 - - 403 403 -"),
    "projectplan-detail": ("401 -/404 -/403 403 403 -", "401 - - 403 403 -"),
    "projectprogress-detail": ("401 -/404 -/403 403 403 -", "401 - - 403 403 -"),
    "policy-detail": ("401 403 -/403 403 403 -", "401 403 - 403 403 -"),
    "measure-detail": ("401 403 -/403 403 403 -", "401 403 - 403 403 -"),
    "application-detail": ("401 -/404 -/403 403 403 -", "401 - - 403 403 -"),
    "target-detail": ("401 403 - 403 403 -", "401 403 - 403 403 -"),
}

# Found by the walk but not in the matrix, on purpose.
EXCLUDED = {
    "admin": "Django's admin site: is_staff superusers only, its own permission system "
    "(tests/portal checks that other roles are sent to its login).",
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            if pattern.app_name == "admin":
                yield "admin", pattern
                continue
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern), pattern


def all_routes():
    return sorted({name for name, _pattern in walk(get_resolver().url_patterns)})


def test_every_route_is_in_the_matrix():
    routes = all_routes()
    missing = [name for name in routes if name not in MATRIX and name not in EXCLUDED]
    assert not missing, f"routes with no row in the authorization matrix: {', '.join(missing)}"
    stale = [name for name in MATRIX if name not in routes]
    assert not stale, f"matrix rows for routes that no longer exist: {', '.join(stale)}"
    unnamed = [name for name in routes if "/" in name or "^" in name]
    assert not unnamed, f"routes without a name cannot be checked: {unnamed}"
    assert set(API_WRITES) <= set(MATRIX)


def test_the_matrix_covers_the_api_writes():
    """Every API viewset that accepts writes has a row in API_WRITES."""
    for name, row in MATRIX.items():
        if not row.api or not name.endswith("-detail") or row.kind is None:
            continue
        callback = get_resolver().resolve(reverse(name, args=[1])).func
        methods = set(getattr(callback, "actions", {}))
        if methods & {"put", "patch", "delete"}:
            assert name in API_WRITES, f"{name} accepts writes but has no row in API_WRITES"


# -- checking ------------------------------------------------------------------------------------


def url_for(name, row, world, role, scope):
    kwargs = dict(row.kwargs)
    obj = None
    if row.kind:
        obj = world.get(row.kind, scope, role)
    pattern_keys = _pattern_keys(name)
    if obj is not None:
        if "pk" in pattern_keys:
            kwargs["pk"] = obj.pk
        for key in pattern_keys - {"pk"} - set(kwargs):
            if key == "enterprise_pk":
                kwargs[key] = obj.enterprises.first().pk
            else:
                kwargs[key] = obj.pk  # chain_pk, policy_pk
    url = reverse(name, kwargs=kwargs)
    if row.query:
        url += "?" + urlencode({k: v.format(pk=obj.pk if obj else "") for k, v in row.query.items()})
    return url


_KEYS = {}


def _pattern_keys(name):
    if not _KEYS:
        for route, pattern in walk(get_resolver().url_patterns):
            regex = pattern.pattern.regex.pattern if hasattr(pattern.pattern, "regex") else ""
            _KEYS[route] = set(re.findall(r"\?P<(\w+)>", regex)) | set(pattern.pattern.converters)
    return _KEYS.get(name, set())


def answer_of(response):
    status = response.status_code
    if status == 302:
        location = response["Location"]
        return "L" if location.startswith(reverse("login")) else "302"
    return str(status)


def scopes_of(row):
    return ("own", "other") if row.kind else ("own",)


def client_as(client, world, role):
    client.logout()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_matrix_says(role, world, client):
    client = client_as(client, world, role)
    wrong = []
    for name, row in MATRIX.items():
        for scope in scopes_of(row):
            url = url_for(name, row, world, role, scope)
            response = client.get(url, HTTP_ACCEPT="application/json" if row.api else "text/html")
            got = answer_of(response)
            want = row.expected(role, scope)
            if got != want:
                wrong.append(f"{name} [{scope}] {url}: expected {want}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


class FormFields(HTMLParser):
    """The fields of the page's POST forms with the values shown (what a browser would submit)."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.in_form = False
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            # not the language switcher of the page's header
            self.in_form = "/i18n/" not in (attrs.get("action") or "")
        if not self.in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind in {"submit", "button", "file"}:
                return
            self.data.setdefault(attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select:
            if ("selected" in attrs or self.select not in self.data) and attrs.get("value"):
                self.data[self.select] = attrs["value"]
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data.setdefault(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def admin_form_data(client, world, url):
    """What the administrator's form at this URL submits unchanged (valid data: a refused role's
    POST would write if the refusal were missing)."""
    client_as(client, world, "admin")
    response = client.get(url)
    parser = FormFields()
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    # a visible change, so that a write that got through is a new version
    for key in ("notes", "note", "description", "name", "title"):
        if key in parser.data:
            parser.data[key] = (parser.data[key] or "x") + " 改"
            break
    return parser.data


@pytest.mark.parametrize("role", ["anon", "staff", "officer", "leader", "analyst"])
def test_refused_browser_posts_change_nothing(role, world, client):
    wrong = []
    for name, row in MATRIX.items():
        if row.api or not row.post:
            continue
        for scope in scopes_of(row):
            want = (row.posts or row).expected(role, scope)
            if want not in {"L", "302", "400", "403", "404"}:
                continue
            url = url_for(name, row, world, role, scope)
            data = {**admin_form_data(client, world, url), **row.data}
            client_as(client, world, role)
            before = db_fingerprint()
            got = answer_of(client.post(url, data))
            changed = fingerprint_diff(before, db_fingerprint())
            # 405: a read-only page refuses every POST, which is a refusal as well
            if (got != want and got != "405") or changed:
                wrong.append(f"{name} [{scope}] POST {url}: expected {want}, got {got}; changed {changed}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["anon", "staff", "officer", "leader", "analyst"])
def test_refused_api_writes_change_nothing(role, world, client):
    wrong = []
    for name, (detail_answers, create_answers) in API_WRITES.items():
        row = R(MATRIX[name].kind, detail_answers)
        for scope in scopes_of(row):
            want = row.expected(role, scope)
            if want == "-":
                continue
            url = url_for(name, row, world, role, scope)
            client_as(client, world, "admin")
            body = client.get(url).json()
            client_as(client, world, role)
            before = db_fingerprint()
            for method in ("put", "patch", "delete"):
                response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
                got = answer_of(response)
                if got != want:
                    wrong.append(f"{method.upper()} {name} [{scope}]: expected {want}, got {got}")
            changed = fingerprint_diff(before, db_fingerprint())
            if changed:
                wrong.append(f"{name} [{scope}]: a refused write changed {changed}")
        want = R(None, create_answers).expected(role, "own")
        if want == "-":
            continue
        list_url = reverse(name.replace("-detail", "-list"))
        client_as(client, world, "admin")
        body = client.get(url_for(name, MATRIX[name], world, "admin", "own")).json()
        client_as(client, world, role)
        before = db_fingerprint()
        got = answer_of(client.post(list_url, json.dumps(body), content_type="application/json"))
        changed = fingerprint_diff(before, db_fingerprint())
        if got not in want.split("|") or changed:
            wrong.append(f"POST {list_url}: expected {want}, got {got}; changed {changed}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# -- exports: the rows of the other park never leave in a file ------------------------------------


def workbook_text(response):
    import io

    import openpyxl

    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def test_park_staff_export_only_their_parks_rows(world, client):
    """Every exportable list, exported by staff of park A: park A's rows are in the file, none of
    park B's (named 乙园区机密… or in "Park B")."""
    from reports.exports import REGISTRY

    from .world import MARK_A, MARK_B

    # department-owned lists (clusters, chains, policies …) are readable by every role
    everyones = {"cluster", "chain", "chainnode", "policy", "measure", "target"}
    client_as(client, world, "staff")
    leaked, empty = [], []
    for name in sorted(set(REGISTRY) - everyones):
        response = client.get(reverse("reports:export") + "?" + urlencode({"export": name}))
        assert response.status_code == 200, name
        text = workbook_text(response)
        if MARK_B in text or "Park B" in text:
            leaked.append(name)
        if MARK_A not in text and "Park A" not in text:
            empty.append(name)
    assert not leaked, f"exports with park B's rows for park A's staff: {leaked}"
    assert not empty, f"exports without park A's rows (the check above proves nothing): {empty}"
    assert len(REGISTRY) - len(everyones & set(REGISTRY)) >= 15
