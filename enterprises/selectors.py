"""Reads shared by pages, exports, the API and reports."""

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parks.models import Park
from portal.models import Region
from portal.periods import add_months, previous_month, same_month_last_year, yoy

from .models import Enterprise, EnterpriseStat, ParkMonth, ServiceRequest
from .rules import jump_flags, per_mu, qualification_expiring_within, qualification_valid_on, rd_intensity

OPEN_REQUEST_STATUSES = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.IN_PROGRESS)


def overdue_q(today=None):
    """Requests overdue on ``today``: still open past their due date, or resolved after it."""
    today = today or timezone.localdate()
    return Q(status__in=OPEN_REQUEST_STATUSES, due_on__lt=today) | Q(resolved_on__gt=F("due_on"))


def local_regions():
    """The portal's region and every region under it (three levels at most: city → district), as
    a subquery of their ids (no query of its own)."""
    code = settings.PORTAL_REGION_CODE
    return Region.objects.filter(Q(code=code) | Q(parent__code=code) | Q(parent__parent__code=code)).values("pk")


def local_q(prefix=""):
    """An enterprise inside the region: in a park, or registered in the portal's region or under it.
    ``prefix`` reaches the enterprise through a relation (``"supplier__"``)."""
    return Q(**{f"{prefix}park__isnull": False}) | Q(**{f"{prefix}region_id__in": local_regions()})


# -- monthly figures grid (月度填报) --------------------------------------------------------------


GRID_FIELDS = [
    "output_value",
    "revenue",
    "tax",
    "profit",
    "rd_expense",
    "exports",
    "employees",
    "rd_staff",
    "energy_tce",
    "land_used_mu",
    "patents_invention",
    "patents_utility",
    "patents_design",
    "digital_level",
]
CHECKED_FIELDS = ["output_value", "revenue", "tax", "rd_expense", "exports", "employees"]


def _stats_by_enterprise(enterprise_ids, year, month, fields):
    rows = EnterpriseStat.objects.filter(enterprise_id__in=enterprise_ids, year=year, month=month).values(
        "enterprise_id", *fields
    )
    return {row["enterprise_id"]: row for row in rows}


def row_flags(values, last, last_year, fields):
    """{field: [messages]} of the monthly check (rules.jump_flags) for one row."""
    flags = {}
    for name in fields:
        found = jump_flags(values.get(name), (last or {}).get(name), (last_year or {}).get(name))
        if found:
            flags[name] = found
    return flags


def stat_grid(*, user, park, year, month):
    """The grid of a park's active enterprises × the fields of EnterpriseStat for one month, with
    last month's and the same month last year's values beside each, and the flags: four queries
    whatever the number of enterprises."""
    enterprises = list(
        Enterprise.objects.for_user(user).filter(park=park, is_active=True).order_by("name").only("pk", "name", "uscc")
    )
    ids = [e.pk for e in enterprises]
    current = EnterpriseStat.objects.filter(enterprise_id__in=ids, year=year, month=month).values(
        "enterprise_id", "version", "note", *GRID_FIELDS
    )
    current = {row["enterprise_id"]: row for row in current}
    last = _stats_by_enterprise(ids, *previous_month(year, month), GRID_FIELDS)
    last_year = _stats_by_enterprise(ids, *same_month_last_year(year, month), GRID_FIELDS)
    rows = []
    for enterprise in enterprises:
        values = current.get(enterprise.pk, {})
        flags = row_flags(values, last.get(enterprise.pk), last_year.get(enterprise.pk), CHECKED_FIELDS)
        rows.append(
            {
                "enterprise": enterprise,
                "version": values.get("version"),
                "note": values.get("note", ""),
                "flags": flags,
                "cells": [
                    {
                        "name": name,
                        "value": "" if values.get(name) is None else values[name],
                        "last": last.get(enterprise.pk, {}).get(name),
                        "last_year": last_year.get(enterprise.pk, {}).get(name),
                        "flags": flags.get(name, []),
                    }
                    for name in GRID_FIELDS
                ],
            }
        )
    return rows


def grid_flags_for(enterprise_ids, year, month):
    """{enterprise_id: {field: [messages]}} for saved rows, as the grid shows after a save."""
    current = _stats_by_enterprise(enterprise_ids, year, month, CHECKED_FIELDS)
    last = _stats_by_enterprise(enterprise_ids, *previous_month(year, month), CHECKED_FIELDS)
    last_year = _stats_by_enterprise(enterprise_ids, *same_month_last_year(year, month), CHECKED_FIELDS)
    return {
        pk: row_flags(current.get(pk, {}), last.get(pk), last_year.get(pk), CHECKED_FIELDS) for pk in enterprise_ids
    }


def unexplained_flags(*, park, year, month):
    """Names of the park's enterprises whose figures of the month are flagged and carry no note."""
    stats = EnterpriseStat.objects.filter(enterprise__park=park, year=year, month=month).values(
        "enterprise_id", "enterprise__name", "note", *CHECKED_FIELDS
    )
    stats = [row for row in stats if not (row["note"] or "").strip()]
    ids = [row["enterprise_id"] for row in stats]
    last = _stats_by_enterprise(ids, *previous_month(year, month), CHECKED_FIELDS)
    last_year = _stats_by_enterprise(ids, *same_month_last_year(year, month), CHECKED_FIELDS)
    return [
        row["enterprise__name"]
        for row in stats
        if row_flags(row, last.get(row["enterprise_id"]), last_year.get(row["enterprise_id"]), CHECKED_FIELDS)
    ]


def default_period(today=None):
    """The month a park is entering now: last month (figures arrive after the month ends)."""
    today = today or timezone.localdate()
    return previous_month(today.year, today.month)


def deadline_for(year, month, day=None):
    """The last day to submit a month: the deadline day of the following month."""
    day = day or settings.PORTAL_STAT_DEADLINE_DAY
    next_year, next_month = add_months(year, month, 1)
    return datetime.date(next_year, next_month, day)


def status_board(*, user, year, month, today=None):
    """For one month, each park the user sees with its submission status and whether it is late
    (not submitted or approved by the deadline day of the next month): two queries."""
    today = today or timezone.localdate()
    deadline = deadline_for(year, month)
    parks = list(Park.objects.for_user(user).filter(is_active=True).order_by("code"))
    months = {pm.park_id: pm for pm in ParkMonth.objects.filter(park__in=parks, year=year, month=month)}
    rows = []
    for park in parks:
        pm = months.get(park.pk)
        status = pm.status if pm else ParkMonth.Status.DRAFT
        done = status in {ParkMonth.Status.SUBMITTED, ParkMonth.Status.APPROVED}
        submitted_late = bool(pm and pm.submitted_at and timezone.localdate(pm.submitted_at) > deadline)
        rows.append(
            {
                "park": park,
                "park_month": pm,
                "status": status,
                "status_label": ParkMonth.Status(status).label if pm else _("Not started"),
                "late": (not done and today > deadline) or submitted_late,
            }
        )
    return {"deadline": deadline, "rows": rows}


# -- the enterprise profile (企业画像) -----------------------------------------------------------

PROFILE_MONTHS = 24


def qualification_badge(qualification, today):
    """valid / expiring (within six months) / expired / not yet valid."""
    if qualification.granted_on and qualification.granted_on > today:
        return "pending"
    if not qualification_valid_on(qualification.granted_on, qualification.expires_on, today):
        return "expired"
    if qualification_expiring_within(qualification.expires_on, today):
        return "expiring"
    return "valid"


def enterprise_profile(enterprise, *, user, today=None):
    """Everything the profile page shows, in a fixed number of queries: 24 months of revenue, tax
    and R&D; YTD and 同比 of the latest month with figures; tax per 亩; qualifications with their
    badges; projects, applications, requests, visits; and one timeline of events."""
    today = today or timezone.localdate()
    end = previous_month(today.year, today.month)
    start = add_months(*end, -(PROFILE_MONTHS - 1))
    periods = [add_months(*start, n) for n in range(PROFILE_MONTHS)]
    stats = {
        (row["year"], row["month"]): row
        for row in enterprise.stats.filter(year__gte=start[0] - 1).values(
            "year", "month", "revenue", "tax", "rd_expense", "output_value", "land_used_mu"
        )
    }
    series = {
        "periods": [f"{y}-{m:02d}" for y, m in periods],
        "revenue": [_num(stats.get(p, {}).get("revenue")) for p in periods],
        "tax": [_num(stats.get(p, {}).get("tax")) for p in periods],
        "rd_expense": [_num(stats.get(p, {}).get("rd_expense")) for p in periods],
    }
    latest = max((p for p in stats if p <= end), default=None)
    figures = {}
    if latest:
        year, month = latest

        def ytd(y, name):
            values = [stats.get((y, m), {}).get(name) for m in range(1, month + 1)]
            values = [v for v in values if v is not None]
            return sum(values) if values else None

        figures = {
            "year": year,
            "month": month,
            "revenue_ytd": ytd(year, "revenue"),
            "tax_ytd": ytd(year, "tax"),
            "rd_ytd": ytd(year, "rd_expense"),
        }
        figures["revenue_yoy"] = yoy(figures["revenue_ytd"], ytd(year - 1, "revenue"))
        figures["tax_yoy"] = yoy(figures["tax_ytd"], ytd(year - 1, "tax"))
        figures["tax_per_mu"] = per_mu(figures["tax_ytd"], stats[latest].get("land_used_mu"))
        figures["rd_intensity"] = rd_intensity(figures["rd_ytd"], figures["revenue_ytd"])
    qualifications = list(enterprise.qualifications.select_related("kind"))
    for q in qualifications:
        q.badge = qualification_badge(q, today)
    related = {
        "qualifications": qualifications,
        "projects": _related(enterprise, "projects", user, "park")[:20],
        "applications": _related(enterprise, "applications", user, "measure__policy")[:20],
        "requests": _related(enterprise, "service_requests", user, "department")[:20],
        "visits": list(enterprise.visits.for_user(user).select_related("officer")[:20]),
        "cooperations": list(enterprise.cooperations.for_user(user)[:20]),
        "chain_nodes": list(_related(enterprise, "chain_nodes", user, "chain")),
    }
    events = profile_events(related, today)
    return {"series": series, "figures": figures, "events": events, **related}


def _num(value):
    return None if value is None else float(value)


def _related(enterprise, accessor, user, *select):
    manager = getattr(enterprise, accessor, None)
    if manager is None:
        return []
    return list(manager.for_user(user).select_related(*select))


def profile_events(related, today):
    """The timeline: every dated event of the enterprise, newest first, each with its month so the
    chart can place it over the revenue and tax line."""
    events = []

    def add(day, kind, label):
        if day:
            events.append({"date": day, "period": f"{day.year}-{day.month:02d}", "kind": kind, "label": str(label)})

    for q in related["qualifications"]:
        add(q.granted_on, "qualification", _("Granted: %(kind)s") % {"kind": q.kind})
        if q.expires_on and q.expires_on < today:
            add(q.expires_on, "expired", _("Expired: %(kind)s") % {"kind": q.kind})
    for a in related["applications"]:
        if getattr(a, "disbursed_on", None):
            amount = a.approved_amount if a.approved_amount is not None else a.computed_amount
            label = _("Paid %(amount)s (10k yuan): %(measure)s") % {"amount": amount, "measure": a.measure}
            add(a.disbursed_on, "payment", label)
    for r in related["requests"]:
        add(r.received_on, "request", _("Request raised: %(title)s") % {"title": r.title})
        add(r.resolved_on, "resolved", _("Request resolved: %(title)s") % {"title": r.title})
    for v in related["visits"]:
        add(v.visited_on, "visit", _("Visit"))
    for p in related["projects"]:
        add(getattr(p, "started_on", None), "project", _("Project started: %(name)s") % {"name": p.name})
    events.sort(key=lambda e: e["date"], reverse=True)
    return events
