"""The monthly figures grid (月度填报), its saving endpoint, the submission workflow of a park's
month, and the status board of all parks for a month."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parks.models import Park
from portal import audit
from portal.roles import Role
from portal.scoping import CHANGE, get_for_user_or_404, user_role

from . import selectors, services
from .models import EnterpriseStat, ParkMonth

REVIEWERS = {Role.OFFICER, Role.ADMIN}


def _period(request):
    default_year, default_month = selectors.default_period()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default_year)
        month = int(request.GET.get("month") or request.POST.get("month") or default_month)
    except ValueError:
        raise Http404 from None
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return year, month


def _park(request, parks):
    raw = request.GET.get("park") or request.POST.get("park")
    if not raw:
        return parks.first()
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    return get_for_user_or_404(Park, request.user, pk=pk)


def grid_url(park, year, month):
    return reverse("enterprises:stat_grid") + "?" + urlencode({"park": park.pk, "year": year, "month": month})


@login_required
def stat_grid(request):
    if user_role(request.user) not in {Role.PARK_STAFF, *REVIEWERS}:
        raise PermissionDenied
    parks = Park.objects.for_user(request.user).filter(is_active=True).order_by("code")
    park = _park(request, parks)
    year, month = _period(request)
    if park is None:
        return render(request, "enterprises/stat_grid.html", {"park": None, "parks": parks})
    park_month = ParkMonth.objects.filter(park=park, year=year, month=month).first()
    status = park_month.status if park_month else ParkMonth.Status.DRAFT
    can_edit = (
        Park.objects.for_user(request.user, CHANGE).filter(pk=park.pk).exists() or user_role(request.user) in REVIEWERS
    ) and status not in services.LOCKED_STATUSES
    rows = selectors.stat_grid(user=request.user, park=park, year=year, month=month)
    audit.record(request, "view_enterprise_figures", park, detail={"grid": f"{year}-{month:02d}"})
    labels = [EnterpriseStat._meta.get_field(name).verbose_name for name in selectors.GRID_FIELDS]
    return render(
        request,
        "enterprises/stat_grid.html",
        {
            "park": park,
            "parks": parks,
            "year": year,
            "month": month,
            "years": range(year - 3, year + 2),
            "months": range(1, 13),
            "rows": rows,
            "labels": labels,
            "park_month": park_month,
            "status": status,
            "status_label": ParkMonth.Status(status).label,
            "can_edit": can_edit,
            "can_submit": can_edit
            and user_role(request.user) in {Role.PARK_STAFF, Role.ADMIN}
            and status in {ParkMonth.Status.DRAFT, ParkMonth.Status.RETURNED},
            "can_review": user_role(request.user) in REVIEWERS and status == ParkMonth.Status.SUBMITTED,
            "can_reopen": user_role(request.user) in REVIEWERS and status == ParkMonth.Status.APPROVED,
            "history": park_month.history.select_related("history_user")[:20] if park_month else [],
            "grid_meta": {
                "save_url": reverse("enterprises:stat_grid_save"),
                "park": park.pk,
                "year": year,
                "month": month,
            },
        },
    )


@login_required
@require_POST
def stat_grid_save(request):
    """Saves rows of the grid sent as JSON; answers per row with its new version, errors and flags."""
    try:
        payload = json.loads(request.body)
        park_pk, year, month = int(payload["park"]), int(payload["year"]), int(payload["month"])
        rows = list(payload["rows"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("The request could not be read.")}, status=400)
    park = get_for_user_or_404(Park, request.user, pk=park_pk)
    if user_role(request.user) not in REVIEWERS:
        park = get_for_user_or_404(Park, request.user, CHANGE, pk=park_pk)
    try:
        result = services.stat_rows_save(user=request.user, park=park, year=year, month=month, rows=rows)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    flags = selectors.grid_flags_for(list(result["saved"]), year, month)
    return JsonResponse(
        {
            "saved": {str(pk): version for pk, version in result["saved"].items()},
            "errors": {str(pk): errs for pk, errs in result["errors"].items()},
            "flags": {str(pk): f for pk, f in flags.items()},
        },
        status=200 if not result["errors"] else 422,
    )


def _park_month_or_404(request, pk):
    return get_for_user_or_404(ParkMonth, request.user, pk=pk)


def _run(request, action, **kwargs):
    try:
        action(user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return True


@login_required
@require_POST
def park_month_submit(request):
    park = get_for_user_or_404(Park, request.user, CHANGE, pk=request.POST.get("park") or 0)
    year, month = _period(request)
    if _run(request, services.park_month_submit, park=park, year=year, month=month):
        messages.success(request, _("Submitted for review."))
    return redirect(grid_url(park, year, month))


@login_required
@require_POST
def park_month_review(request, pk):
    """Approve, return (with a reason) or reopen (with a reason) a park's month."""
    park_month = _park_month_or_404(request, pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    if action == "approve":
        done = _run(request, services.park_month_approve, park_month=park_month)
        note = _("Approved; the month is locked.")
    elif action == "return":
        done = _run(request, services.park_month_return, park_month=park_month, reason=reason)
        note = _("Returned to the park.")
    elif action == "reopen":
        done = _run(request, services.park_month_reopen, park_month=park_month, reason=reason)
        note = _("Reopened for correction.")
    else:
        raise Http404
    if done:
        messages.success(request, note)
    return redirect(grid_url(park_month.park, park_month.year, park_month.month))


@login_required
def stat_board(request):
    year, month = _period(request)
    board = selectors.status_board(user=request.user, year=year, month=month)
    return render(
        request,
        "enterprises/stat_board.html",
        {**board, "year": year, "month": month, "years": range(year - 3, year + 2), "months": range(1, 13)},
    )
