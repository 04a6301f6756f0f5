"""Pages of policies, measures (with the eligible enterprises), applications and their
workflow, and the scoped download of application materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.forms import run_edit, run_service
from portal.list_pages import list_context
from portal.scoping import CHANGE, can_change, get_for_user_or_404

from . import rules, selectors, services
from .filtersets import ApplicationFilterSet, MeasureFilterSet, PolicyFilterSet
from .forms import ApplicationForm, ApproveForm, AttachmentForm, DisburseForm, MeasureForm, PolicyForm, ReasonForm
from .models import Application, ApplicationAttachment, Measure, Policy

STATUS = Application.Status


def _history(obj):
    return obj.history.select_related("history_user").order_by("-history_date")[:50]


def _form_page(request, form, title, cancel_url):
    return render(request, "clusters/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _may_write(user):
    return getattr(user, "effective_role", None) in {"officer", "admin"}


# -- policies and measures --------------------------------------------------------------------


@login_required
def policy_list(request):
    queryset = Policy.objects.for_user(request.user).select_related("department").annotate(n_measures=Count("measures"))
    columns = [
        ("title", _("title")),
        ("", _("document number")),
        ("", _("issuing body")),
        ("issued_on", _("issue date")),
        ("valid_until", _("valid until")),
        ("", _("measures")),
    ]
    context = list_context(request, queryset, PolicyFilterSet, columns)
    context["can_create"] = _may_write(request.user)
    return render(request, "policies/policy_list.html", context)


@login_required
def policy_detail(request, pk):
    policy = get_for_user_or_404(Policy.objects.select_related("department"), request.user, pk=pk)
    measures = list(
        policy.measures.select_related("department").annotate(
            committed=Sum(
                "applications__approved_amount",
                filter=Q(applications__status__in=selectors.COMMITTED_STATUSES),
            )
        )
    )
    for measure in measures:
        measure.remaining = measure.budget - (measure.committed or 0)
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "measures": measures,
            "can_change": can_change(request.user, policy),
            "can_add_measure": _may_write(request.user),
            "history": _history(policy),
        },
    )


@login_required
def policy_edit(request, pk=None):
    if pk is None:
        if not _may_write(request.user):
            raise PermissionDenied
        policy = Policy(department=request.user.department)
    else:
        policy = get_for_user_or_404(Policy, request.user, CHANGE, pk=pk)
    form = PolicyForm(request.POST or None, instance=policy)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_edit(form, services.policy_save, user=request.user, policy=policy)
    ):
        return redirect("policies:policy_detail", pk=policy.pk)
    return _form_page(request, form, _("Policy"), reverse("policies:policy_list"))


@login_required
def measure_list(request):
    queryset = Measure.objects.for_user(request.user).select_related("policy", "department")
    columns = [
        ("title", _("title")),
        ("", _("policy")),
        ("", _("kind")),
        ("", _("reviewing department")),
        ("budget", _("budget (10k yuan)")),
        ("closes_on", _("application window closes")),
    ]
    context = list_context(request, queryset, MeasureFilterSet, columns)
    return render(request, "policies/measure_list.html", context)


@login_required
def measure_detail(request, pk):
    measure = get_for_user_or_404(Measure.objects.select_related("policy", "department"), request.user, pk=pk)
    committed = selectors.committed_amount(measure)
    counts = dict(
        Application.objects.for_user(request.user)
        .filter(measure=measure)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return render(
        request,
        "policies/measure_detail.html",
        {
            "measure": measure,
            "committed": committed,
            "remaining": measure.budget - committed,
            "status_counts": [(label, counts.get(code, 0), code) for code, label in STATUS.choices],
            "can_change": can_change(request.user, measure),
            "history": _history(measure),
        },
    )


@login_required
def measure_edit(request, pk=None, policy_pk=None):
    if pk is None:
        if not _may_write(request.user):
            raise PermissionDenied
        # a clause is part of its policy: only who may change the policy adds one (403 otherwise)
        policy = get_for_user_or_404(Policy, request.user, CHANGE, pk=policy_pk)
        measure = Measure(policy=policy, department=request.user.department or policy.department)
    else:
        measure = get_for_user_or_404(Measure, request.user, CHANGE, pk=pk)
    form = MeasureForm(request.POST or None, instance=measure, initial={"policy": measure.policy_id})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.measure_save,
            user=request.user,
            measure=measure,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
    ):
        return redirect("policies:measure_detail", pk=measure.pk)
    return _form_page(request, form, _("Measure"), reverse("policies:policy_list"))


@login_required
def eligible_list(request, pk):
    """The enterprises that meet a measure's conditions, found from the data (免申即享)."""
    measure = get_for_user_or_404(Measure.objects.select_related("policy"), request.user, pk=pk)
    try:
        year = int(request.GET.get("year") or selectors.facts_year_default())
    except ValueError:
        year = selectors.facts_year_default()
    queryset = selectors.eligible_enterprises(user=request.user, measure=measure, year=year)
    page_obj = Paginator(queryset, 50).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    applications = selectors.applications_by_enterprise(measure, year, [e.pk for e in rows])
    fixed = measure.amount_rule.get("type") == rules.FIXED
    amount = rules.measure_amount(measure.amount_rule, None) if fixed else None
    for enterprise in rows:
        enterprise.application = applications.get(enterprise.pk)
        enterprise.amount = amount
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "policies/eligible_list.html",
        {
            "measure": measure,
            "rows": rows,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "year": year,
            "query": params.urlencode(),
            "can_apply": request.user.effective_role in {"officer", "park_staff", "admin"},
        },
    )


# -- applications -----------------------------------------------------------------------------


@login_required
def application_list(request):
    queryset = Application.objects.for_user(request.user).select_related("enterprise__park", "measure")
    columns = [
        ("enterprise_name", _("enterprise")),
        ("", _("measure")),
        ("year", _("year")),
        ("computed_amount", _("computed amount (10k yuan)")),
        ("approved_amount", _("approved amount (10k yuan)")),
        ("status", _("status")),
        ("submitted_at", _("submitted at")),
    ]
    context = list_context(request, queryset, ApplicationFilterSet, columns)
    return render(request, "policies/application_list.html", context)


def _application(request, pk):
    return get_for_user_or_404(
        Application.objects.select_related("enterprise__park", "measure__department", "measure__policy"),
        request.user,
        pk=pk,
    )


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    user = request.user
    status = application.status
    allowed = rules.APPLICATION_TRANSITIONS[status]
    enter = services.may_enter(user, application)
    officer = services.is_department_officer_of(user, application.measure)
    park = services.may_park_review(user, application)
    actions = {
        "edit": enter and status in {STATUS.DRAFT, STATUS.RETURNED},
        "submit": enter and STATUS.SUBMITTED in allowed,
        "park_review": park and STATUS.PARK_REVIEWED in allowed,
        "approve": officer and STATUS.DEPARTMENT_APPROVED in allowed,
        "return": (officer or (park and status == STATUS.SUBMITTED)) and STATUS.RETURNED in allowed,
        "disburse": officer and STATUS.DISBURSED in allowed,
        "attach": enter and status in {STATUS.DRAFT, STATUS.RETURNED, STATUS.SUBMITTED},
    }
    remaining = selectors.remaining_budget(application.measure)
    return render(
        request,
        "policies/application_detail.html",
        {
            "application": application,
            "actions": actions,
            "remaining": remaining,
            "approve_form": ApproveForm(initial={"approved_amount": min(application.computed_amount, remaining)}),
            "reason_form": ReasonForm(),
            "disburse_form": DisburseForm(),
            "attachment_form": AttachmentForm(),
            "attachments": application.attachments.all(),
            "history": _history(application),
        },
    )


@login_required
def application_create(request):
    if getattr(request.user, "effective_role", None) not in {"park_staff", "officer", "admin"}:
        raise PermissionDenied  # leaders and analysts read applications, never enter them
    initial = {"measure": request.GET.get("measure"), "year": request.GET.get("year")}
    if request.GET.get("enterprise"):
        initial["enterprise"] = request.GET["enterprise"]
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("enterprise", "measure", "year", "base_amount")}
        application = run_service(form, services.application_create, user=request.user, data=data)
        if application:
            return redirect("policies:application_detail", pk=application.pk)
    return _form_page(request, form, _("New application"), reverse("policies:application_list"))


@login_required
def application_edit(request, pk):
    application = _application(request, pk)
    if not services.may_enter(request.user, application):
        raise PermissionDenied  # seen but not theirs to enter: 403, as for every edit page
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("year", "base_amount")}
        if run_service(
            form,
            services.application_update,
            user=request.user,
            application=application,
            data=data,
            expected_version=form.cleaned_data["version"],
        ):
            return redirect("policies:application_detail", pk=application.pk)
    return _form_page(
        request, form, _("Edit application"), reverse("policies:application_detail", args=[application.pk])
    )


def _report(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def application_action(request, pk, action):
    application = _application(request, pk)
    user = request.user
    try:
        if action == "submit":
            services.application_submit(user=user, application=application)
        elif action == "park_review":
            services.application_park_review(user=user, application=application)
        elif action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["approved_amount"])
            services.application_approve(
                user=user, application=application, amount=form.cleaned_data["approved_amount"]
            )
        elif action in {"return", "reject"}:
            form = ReasonForm(request.POST)
            form.is_valid()
            service = services.application_return if action == "return" else services.application_reject
            service(user=user, application=application, reason=form.cleaned_data.get("reason", ""))
        elif action == "disburse":
            form = DisburseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["disbursed_on"])
            services.application_disburse(
                user=user, application=application, disbursed_on=form.cleaned_data["disbursed_on"]
            )
        else:
            raise Http404
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("policies:application_detail", pk=application.pk)


@login_required
@require_POST
def attachment_upload(request, pk):
    application = _application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        _report(request, ValidationError(form.errors["file"]))
    else:
        try:
            services.attachment_add(user=request.user, application=application, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("Material added."))
    return redirect("policies:application_detail", pk=application.pk)


@login_required
def attachment_download(request, pk):
    """Materials are never served from a public path: only here, to users who may see the
    application."""
    attachment = get_for_user_or_404(ApplicationAttachment, request.user, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_for_user_or_404(ApplicationAttachment.objects.select_related("application"), request.user, pk=pk)
    try:
        services.attachment_delete(user=request.user, attachment=attachment)
    except ValidationError as exc:
        _report(request, exc)
    return redirect("policies:application_detail", pk=attachment.application_id)
