"""Pages of service requests (企业诉求): the list (the officer's own queue first), the overdue list,
the rates per department and park, create (from an enterprise page or a visit), detail with the
workflow steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.forms import run_service
from portal.list_pages import list_context
from portal.scoping import get_for_user_or_404

from . import selectors_requests as selectors
from . import services_requests as services
from .filtersets import ServiceRequestFilterSet
from .forms_requests import AssignForm, CloseForm, ResolveForm, ServiceRequestForm
from .models import Enterprise, ServiceRequest, Visit
from .workflow import SERVICE_REQUEST_TRANSITIONS

STATUS = ServiceRequest.Status
COLUMNS = [
    ("", gettext_lazy("title")),
    ("", gettext_lazy("enterprise")),
    ("category", gettext_lazy("category")),
    ("received_on", gettext_lazy("received on")),
    ("due_on", gettext_lazy("due on")),
    ("status", gettext_lazy("status")),
    ("", gettext_lazy("department")),
    ("", gettext_lazy("officer")),
]


def _columns():
    return COLUMNS


@login_required
def servicerequest_list(request):
    queryset = selectors.request_rows(user=request.user, mine_first="ordering" not in request.GET)
    context = list_context(request, queryset, ServiceRequestFilterSet, _columns())
    context["title"] = _("Service requests")
    context["can_create"] = request.user.effective_role in {"officer", "park_staff", "admin"}
    return render(request, "enterprises/servicerequest_list.html", context)


@login_required
def servicerequest_overdue(request):
    queryset = selectors.overdue_rows(user=request.user)
    context = list_context(request, queryset, ServiceRequestFilterSet, _columns())
    context["title"] = _("Overdue service requests")
    context["overdue_page"] = True
    return render(request, "enterprises/servicerequest_list.html", context)


@login_required
def servicerequest_rates(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return render(
        request,
        "enterprises/servicerequest_rates.html",
        {"rates": selectors.request_rates(user=request.user, year=year), "year": year},
    )


@login_required
def servicerequest_create(request):
    """New request; ``?enterprise=<id>`` (from the enterprise page) or ``?visit=<id>`` (from a
    visit record) fixes whose it is."""
    source = request.GET
    visit = None
    if source.get("visit"):
        visit = get_for_user_or_404(Visit.objects.select_related("enterprise"), request.user, pk=_int(source["visit"]))
        enterprise = visit.enterprise
    elif source.get("enterprise"):
        enterprise = get_for_user_or_404(Enterprise, request.user, pk=_int(source["enterprise"]))
    else:
        raise Http404
    if request.user.effective_role not in {"officer", "park_staff", "admin"}:
        raise PermissionDenied
    form = ServiceRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data, enterprise=enterprise, visit=visit)
        created = run_service(form, services.service_request_create, user=request.user, data=data)
        if created:
            messages.success(
                request, _("Request recorded; due on %(due)s.") % {"due": created.due_on.strftime("%Y-%m-%d")}
            )
            return redirect("enterprises:servicerequest_detail", pk=created.pk)
    return render(
        request,
        "enterprises/servicerequest_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "visit": visit,
            "cancel_url": reverse("enterprises:servicerequest_list"),
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _request(request, pk):
    return get_for_user_or_404(
        ServiceRequest.objects.select_related("enterprise__park", "department", "officer", "visit"),
        request.user,
        pk=pk,
    )


@login_required
def servicerequest_detail(request, pk):
    service_request = _request(request, pk)
    user = request.user
    allowed = SERVICE_REQUEST_TRANSITIONS[service_request.status]
    handle = services.may_handle(user, service_request)
    actions = {
        "assign": services.may_dispatch(user, service_request)
        and service_request.status in {STATUS.RECEIVED, STATUS.IN_PROGRESS},
        "start": handle and STATUS.IN_PROGRESS in allowed,
        "resolve": handle and STATUS.RESOLVED in allowed,
        "close": services.may_rate(user, service_request) and STATUS.CLOSED in allowed,
    }
    today = timezone.localdate()
    overdue = service_request.due_on < (service_request.resolved_on or today) if service_request.due_on else False
    return render(
        request,
        "enterprises/servicerequest_detail.html",
        {
            "sr": service_request,
            "actions": actions,
            "overdue": overdue,
            "assign_form": AssignForm(
                initial={"department": service_request.department_id, "officer": service_request.officer_id}
            ),
            "resolve_form": ResolveForm(initial={"resolved_on": today}),
            "close_form": CloseForm(),
            "history": service_request.history.select_related("history_user").order_by("-history_date")[:50],
        },
    )


@login_required
@require_POST
def servicerequest_action(request, pk, action):
    service_request = _request(request, pk)
    user = request.user
    try:
        if action == "assign":
            form = AssignForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.service_request_assign(
                user=user,
                service_request=service_request,
                department=form.cleaned_data["department"],
                officer=form.cleaned_data["officer"],
            )
        elif action == "start":
            services.service_request_start(user=user, service_request=service_request)
        elif action == "resolve":
            form = ResolveForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.service_request_resolve(
                user=user,
                service_request=service_request,
                resolution=form.cleaned_data["resolution"],
                resolved_on=form.cleaned_data["resolved_on"],
            )
        elif action == "close":
            form = CloseForm(request.POST)
            form.is_valid()
            services.service_request_close(
                user=user, service_request=service_request, satisfaction=form.cleaned_data.get("satisfaction", "")
            )
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("enterprises:servicerequest_detail", pk=service_request.pk)
