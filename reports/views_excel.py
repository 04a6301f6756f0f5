"""Excel pages: exports (at once or through a job), import templates, upload → preview → commit,
and the analysts' summary builder.  Thin: they call reports.exports, reports.imports and
reports.summary."""

import datetime
import io
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parks.models import Park
from portal import audit
from portal.models import Job
from portal.roles import Role
from portal.scoping import user_role

from . import exports, summary
from .imports import services as import_services
from .imports.specs import SPECS, default_period
from .imports.specs import get_spec as get_import_spec
from .indicators import REGISTRY, Span
from .models import SummaryDefinition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def own_job(request, pk, kind):
    """A job of the signed-in user (another user's job is not found)."""
    return get_object_or_404(Job, pk=pk, kind=kind, user=request.user)


# -- exports -------------------------------------------------------------------------------------


@login_required
def export(request):
    spec = exports.get_spec(request.GET.get("export", ""))
    if spec is None:
        raise Http404
    data = exports.filter_data(request.GET)
    queryset, _filterset = spec.queryset(request.user, data)
    total = queryset.count()
    detail = {"export": spec.name, "rows": total, "query": data.urlencode()[:500]}
    if total > exports.sync_rows():
        job = exports.export_start(user=request.user, spec=spec, data=data, total=total)
        audit.record(request, "export", job, detail={**detail, "job": job.pk})
        return redirect("reports:excel_job", pk=job.pk)
    audit.record(request, "export", object_type=spec.model._meta.label_lower, detail=detail)
    path = exports.temp_path()
    try:
        exports.write_export(spec, user=request.user, data=data, target=path)
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)  # the open handle keeps the data readable
    return FileResponse(handle, as_attachment=True, filename=exports.export_filename(spec), content_type=XLSX)


@login_required
def job_detail(request, pk):
    job = own_job(request, pk, "export")
    return render(request, "reports/excel_job.html", {"job": job, "may_resend": exports.export_may_resend(job)})


@login_required
@require_POST
def job_resend(request, pk):
    """The owner sends a stuck (or failed) export again."""
    job = own_job(request, pk, "export")
    try:
        exports.export_resend(user=request.user, job=job)
        messages.success(request, _("The export was sent again."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("reports:excel_job", pk=job.pk)


@login_required
def job_status(request, pk):
    job = own_job(request, pk, "export")
    done = job.status == Job.Status.DONE
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "total": job.total,
            "percent": job.percent,
            "download": reverse("reports:excel_job_download", args=[job.pk]) if done else "",
            "message": job.message,
        }
    )


@login_required
def job_download(request, pk):
    job = own_job(request, pk, "export")
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404
    audit.record(request, "export", job, detail={"export": job.params.get("export"), "download": True})
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.params.get("filename"), content_type=XLSX
    )


# -- imports -------------------------------------------------------------------------------------


def import_spec_or_404(name):
    spec = get_import_spec(name)
    if spec is None:
        raise Http404
    return spec


def template_parks(user):
    parks = Park.objects.for_user(user).filter(is_active=True).order_by("code")
    if user_role(user) == Role.PARK_STAFF:
        parks = parks.filter(pk__in=user.park_ids)
    return parks


@login_required
def import_index(request):
    if not import_services.may_import(request.user):
        raise PermissionDenied
    return render(
        request,
        "reports/excel_imports.html",
        {
            "specs": [spec for spec in SPECS.values() if import_services.may_import(request.user, spec)],
            "parks": template_parks(request.user),
            "period": str(default_period()),
            "jobs": Job.objects.filter(user=request.user, kind="import")[:10],
        },
    )


@login_required
def import_template(request, name):
    spec = import_spec_or_404(name)
    if not import_services.may_import(request.user, spec):
        raise PermissionDenied
    try:
        params = spec.template_params(request.user, request.GET)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("reports:excel_imports")
    buffer = io.BytesIO()
    import_services.write_template(spec, user=request.user, params=params, target=buffer)
    audit.record(request, "export", detail={"template": spec.name, "query": request.GET.urlencode()[:500]})
    suffix = ""
    if params.get("park"):
        suffix = f"-{params['park'].name}-{params['period']}"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"{spec.title}{suffix}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(text):
    from urllib.parse import quote

    return quote(text)


@login_required
@require_POST
def import_upload(request, name):
    spec = import_spec_or_404(name)
    if not import_services.may_import(request.user, spec):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("reports:excel_imports")
    options = import_services.import_options(spec, request.POST)
    job, _outcome = import_services.import_upload(user=request.user, spec=spec, upload=upload, options=options)
    audit.record(request, "import", job, detail={"import": spec.name, "file": upload.name[:200], "step": "upload"})
    return redirect("reports:excel_import_preview", pk=job.pk)


@login_required
def import_preview(request, pk):
    job = own_job(request, pk, "import")
    spec = import_spec_or_404(job.params.get("import", ""))
    if request.method == "POST":
        if job.status in (Job.Status.FAILED, Job.Status.DONE):
            return redirect("reports:excel_import_preview", pk=job.pk)
        outcome = import_services.import_commit(
            user=request.user, spec=spec, job=job, warnings_confirmed=bool(request.POST.get("confirm_warnings"))
        )
        audit.record(request, "import", job, detail={"import": spec.name, "step": "commit", "status": job.status})
        if outcome is not None and job.status == Job.Status.DONE:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged},
            )
        elif outcome is not None and outcome.ok and outcome.warnings:
            messages.error(request, _("Confirm that you have checked the warnings."))
        return redirect("reports:excel_import_preview", pk=job.pk)
    result = job.result or {}
    return render(
        request,
        "reports/excel_import_preview.html",
        {
            "job": job,
            "spec": spec,
            "result": result,
            "errors": job.errors,
            "warnings": result.get("warnings", []),
            "notes": result.get("notes", []),
            "can_commit": job.status == Job.Status.QUEUED and not job.errors and not result.get("file_error"),
        },
    )


# -- the summary builder -------------------------------------------------------------------------


def summary_request(data):
    """(dimension, codes, span) from the form's query string, with defaults."""
    period = default_period()
    dimension = data.get("dimension") or "park"
    if dimension not in dict(summary.DIMENSIONS):
        dimension = "park"
    codes = [c for c in data.getlist("indicators") if c in REGISTRY] or list(summary.DEFAULT_CODES)
    mode = data.get("mode") or "ytd"
    if mode not in dict(summary.MODES):
        mode = "ytd"
    try:
        year = int(data.get("year") or period.year)
        month = int(data.get("month") or period.month)
        span = Span(year, month, mode)
    except (ValueError, ValidationError):
        span = Span(period.year, period.month, mode)
    return dimension, codes, span


@login_required
def summary_builder(request):
    data = request.GET
    definition = None
    if data.get("definition"):
        definition = get_object_or_404(SummaryDefinition, pk=data["definition"], owner=request.user)
        data = data.copy()
        data.setdefault("dimension", definition.dimension)
        data.setdefault("mode", definition.mode)
        if not data.getlist("indicators"):
            data.setlist("indicators", definition.indicators)
    dimension, codes, span = summary_request(data)
    table = summary.build_summary(dimension=dimension, codes=codes, span=span) if "dimension" in data else None
    query = request.GET.urlencode()
    return render(
        request,
        "reports/excel_summary.html",
        {
            "table": table,
            "dimension": dimension,
            "codes": codes,
            "span": span,
            "dimensions": summary.DIMENSIONS,
            "modes": summary.MODES,
            "indicators": REGISTRY.values(),
            "months": range(1, 13),
            "years": range(datetime.date.today().year - 5, datetime.date.today().year + 1),
            "definitions": SummaryDefinition.objects.filter(owner=request.user),
            "definition": definition,
            "query": query if not definition else _definition_query(dimension, codes, span),
        },
    )


def _definition_query(dimension, codes, span):
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    q["dimension"], q["mode"], q["year"], q["month"] = dimension, span.mode, span.year, span.month
    q.setlist("indicators", codes)
    return q.urlencode()


@login_required
def summary_download(request):
    dimension, codes, span = summary_request(request.GET)
    table = summary.build_summary(dimension=dimension, codes=codes, span=span)
    title = _("Summary by %(dimension)s, %(period)s") % {"dimension": table.dimension_label, "period": span.label}
    content = summary.summary_xlsx(table, user=request.user, title=title)
    audit.record(request, "export", detail={"summary": title, "query": request.GET.urlencode()[:500]})
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{title}.xlsx".replace("/", "-")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


@login_required
@require_POST
def summary_save(request):
    dimension, codes, span = summary_request(request.POST)
    name = (request.POST.get("name") or "").strip()[:100]
    if not name:
        messages.error(request, _("Give the summary a name."))
    else:
        summary.summary_definition_save(user=request.user, name=name, dimension=dimension, codes=codes, mode=span.mode)
        messages.success(request, _("Summary “%(name)s” saved; rerun it each month from the list.") % {"name": name})
    return redirect(reverse("reports:summary_builder") + "?" + _definition_query(dimension, codes, span))
