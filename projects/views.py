"""Pages of major projects: list with lag flags, detail, edit, yearly plans, the monthly
scheduling grid (月调度) and the lagging list by park and leader."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.forms import run_edit
from portal.list_pages import list_context
from portal.scoping import CHANGE, can_change, get_for_user_or_404

from . import selectors, services
from .filtersets import ProjectFilterSet
from .forms import PlanForm, ProjectForm
from .models import Project, ProjectProgress


def _period(request):
    try:
        year = int(request.GET.get("year") or 0) or None
        month = int(request.GET.get("month") or 0) or None
    except ValueError:
        year = month = None
    if month is not None and not 1 <= month <= 12:
        month = None
    return selectors.schedule_period(user=request.user, year=year, month=month)


@login_required
def project_list(request):
    year, month = _period(request)
    queryset = selectors.project_rows(Project.objects.for_user(request.user), year, month)
    columns = [
        ("code", _("code")),
        ("name", _("name")),
        ("", _("park")),
        ("stage", _("stage")),
        ("total_investment", _("total investment (10k yuan)")),
        ("", _("annual plan")),
        ("", _("completed this year")),
        ("", _("completion")),
        ("", _("time elapsed")),
        ("", _("responsible leader")),
    ]
    context = list_context(request, queryset, ProjectFilterSet, columns)
    selectors.decorate(context["rows"], month)
    context.update({"year": year, "month": month, "can_create": request.user.effective_role in CREATORS})
    return render(request, "projects/project_list.html", context)


CREATORS = {"officer", "park_staff", "admin"}


@login_required
def project_detail(request, pk):
    project = get_for_user_or_404(
        Project.objects.select_related("park", "investor", "chain", "department", "lead"), request.user, pk=pk
    )
    year, month = _period(request)
    annotated = selectors.decorate(
        [selectors.project_rows(Project.objects.filter(pk=project.pk), year, month).get()], month
    )[0]
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "figures": annotated,
            "year": year,
            "month": month,
            "plans": project.plans.order_by("-year"),
            "progress": project.progress.order_by("-year", "-month")[:36],
            "plan_form": PlanForm(initial={"year": year}),
            "can_change": can_change(request.user, project),
            "history": project.history.select_related("history_user").order_by("-history_date")[:50],
        },
    )


@login_required
def project_edit(request, pk=None):
    if pk is None:
        if request.user.effective_role not in CREATORS:
            raise PermissionDenied
        project = Project()
    else:
        project = get_for_user_or_404(Project, request.user, CHANGE, pk=pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_edit(form, services.project_save, user=request.user, project=project)
    ):
        return redirect("projects:project_detail", pk=project.pk)
    title = _("Edit %(name)s") % {"name": project.name} if pk else _("New major project")
    cancel = reverse("projects:project_detail", args=[pk]) if pk else reverse("projects:project_list")
    return render(request, "clusters/form.html", {"form": form, "title": title, "cancel_url": cancel})


@login_required
@require_POST
def project_plan(request, pk):
    project = get_for_user_or_404(Project, request.user, CHANGE, pk=pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.project_plan_save(user=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("Annual plan saved."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("projects:project_detail", pk=project.pk)


def _parse_amount(raw):
    raw = (raw or "").strip().replace(",", "")
    if not raw:
        return None, None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, _("Enter a number in 10k yuan.")
    if not value.is_finite() or value.as_tuple().exponent < -2 or abs(value) >= Decimal("1e12"):
        return None, _("Enter a number in 10k yuan with at most two decimals.")
    return value, None


@login_required
def progress_grid(request):
    """月调度: this month's completed investment, progress note and problems for every project the
    user may change, one row each, saved together."""
    if request.user.effective_role not in CREATORS:
        raise PermissionDenied
    year, month = _period(request)
    filterset = ProjectFilterSet(request.GET or None, queryset=Project.objects.for_user(request.user, CHANGE))
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    queryset = selectors.project_rows(
        queryset.filter(is_active=True).exclude(stage=Project.Stage.TERMINATED), year, month
    ).order_by("park__name", "code")
    page_obj = Paginator(queryset, 50).get_page(request.GET.get("page"))
    projects = selectors.decorate(list(page_obj.object_list), month)
    current = {p.project_id: p for p in ProjectProgress.objects.filter(project__in=projects, year=year, month=month)}
    errors = {}
    values = {}
    if request.method == "POST":
        rows = {}
        for project in projects:
            amount, error = _parse_amount(request.POST.get(f"c_{project.pk}"))
            note = request.POST.get(f"n_{project.pk}", "")
            problems = request.POST.get(f"p_{project.pk}", "")
            values[project.pk] = (request.POST.get(f"c_{project.pk}", ""), note, problems)
            if error:
                errors[project.pk] = [error]
            rows[project] = {"completed_investment": amount, "progress_note": note, "problems": problems}
        if not errors:
            try:
                saved = services.progress_save_month(user=request.user, year=year, month=month, rows=rows)
            except ValidationError as exc:
                errors = dict(exc.message_dict.items())
            else:
                messages.success(request, _("%(count)s rows saved.") % {"count": len(saved)})
                return redirect(request.get_full_path())
    for project in projects:
        row = current.get(project.pk)
        project.entry = values.get(project.pk) or (
            (row.completed_investment, row.progress_note, row.problems) if row else ("", "", "")
        )
        project.errors = errors.get(project.pk) or errors.get(str(project.pk)) or []
    return render(
        request,
        "projects/progress_grid.html",
        {
            "projects": projects,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "filter": filterset,
            "year": year,
            "month": month,
            "form_errors": errors.get("__all__", []),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def lagging_list(request):
    year, month = _period(request)
    projects = selectors.lagging_projects(user=request.user, year=year, month=month)
    return render(
        request,
        "projects/lagging_list.html",
        {
            "groups": selectors.lagging_by_park_and_leader(projects),
            "count": len(projects),
            "year": year,
            "month": month,
        },
    )
