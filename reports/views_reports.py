"""Generated reports, the park evaluation, targets, indicators and notifications: thin views over
reports/services.py."""

import io
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import audit, watermark
from portal.excel import watermark_text
from portal.forms import VersionedModelForm, run_service
from portal.models import Notification
from portal.roles import Role
from portal.scoping import CHANGE, get_for_user_or_404, user_role

from . import services
from .filtersets import ReportFilterSet
from .models import EvaluationObjection, EvaluationScheme, Indicator, ParkEvaluation, Report, SubjectType, Target

OFFICERS = {Role.OFFICER, Role.ADMIN}


def is_officer(user):
    return user_role(user) in OFFICERS


def require_officer(user):
    if not is_officer(user):
        raise PermissionDenied


# -- reports -------------------------------------------------------------------------------------


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(label=gettext_lazy("period"), min_value=0, max_value=12, initial=0)
    subject_type = forms.ChoiceField(
        label=gettext_lazy("subject type"), choices=SubjectType.choices, initial=SubjectType.REGION
    )
    subject_id = forms.IntegerField(label=gettext_lazy("subject"), required=False, min_value=1)


@login_required
def report_list(request):
    filterset = ReportFilterSet(request.GET or None, queryset=Report.objects.all())
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    form = None
    if is_officer(request.user):
        today = timezone.localdate()
        form = ReportRequestForm(initial={"year": today.year, "kind": Report.Kind.MONTHLY_BULLETIN, "period": 1})
    return render(
        request,
        "reports/report_list.html",
        {"filter": filterset, "page": page, "form": form, "is_officer": form is not None},
    )


@login_required
@require_POST
def report_create(request):
    require_officer(request.user)
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["subject_type"] == SubjectType.REGION:
            data["subject_id"] = None
        report = run_service(form, services.report_request, user=request.user, **data)
        if report:
            messages.success(request, _("The report is being generated."))
            return redirect("reports:report_detail", pk=report.pk)
    filterset = ReportFilterSet(None, queryset=Report.objects.all())
    page = Paginator(filterset.qs, 25).get_page(1)
    return render(
        request, "reports/report_list.html", {"filter": filterset, "page": page, "form": form, "is_officer": True}
    )


@login_required
def report_detail(request, pk):
    report = get_object_or_404(Report, pk=pk)
    return render(request, "reports/report_detail.html", {"report": report, "is_officer": is_officer(request.user)})


@login_required
def report_status(request, pk):
    report = get_object_or_404(Report, pk=pk)
    return render(request, "reports/_report_status.html", {"report": report, "is_officer": is_officer(request.user)})


@login_required
def report_latest(request, kind):
    report = Report.objects.filter(kind=kind, subject_type=SubjectType.REGION, status=Report.Status.DONE).first()
    if report is None:
        raise Http404
    return redirect("reports:report_detail", pk=report.pk)


@login_required
def report_download(request, pk, fmt):
    report = get_object_or_404(Report, pk=pk)
    file = {"docx": report.docx, "xlsx": report.xlsx}.get(fmt)
    if not file:
        raise Http404
    suffix = _("annex") if fmt == "xlsx" else ""
    name = f"{report.title or report.pk}{suffix}.{fmt}"
    with file.open("rb") as handle:
        data = handle.read()
    stamp = watermark_text(request.user, action=_("Downloaded by %(user)s at %(time)s"))
    data = watermark.stamp_download(data, stamp, spreadsheet=fmt == "xlsx")
    audit.record(request, "report_download", report, detail={"format": fmt})
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name)


@login_required
@require_POST
def report_regenerate(request, pk):
    require_officer(request.user)
    report = get_object_or_404(Report, pk=pk)
    services.report_request(
        user=request.user,
        kind=report.kind,
        year=report.year,
        period=report.period,
        subject_type=report.subject_type,
        subject_id=report.subject_id,
    )
    messages.success(request, _("The report is being generated again; it replaces this one when done."))
    return redirect("reports:report_detail", pk=report.pk)


# -- targets and indicators ----------------------------------------------------------------------


class TargetForm(VersionedModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "subject_type", "subject_id", "year", "value", "note"]


@login_required
def indicator_list(request):
    return render(request, "reports/report_indicators.html", {"indicators": Indicator.objects.all()})


@login_required
def target_list(request):
    targets = Target.objects.for_user(request.user).select_related("indicator")
    year = request.GET.get("year")
    if year and year.isdigit():
        targets = targets.filter(year=int(year))
    progress = services.target_progress(targets)
    return render(
        request,
        "reports/report_targets.html",
        {"rows": progress, "can_add": is_officer(request.user), "year": year or ""},
    )


@login_required
def target_edit(request, pk=None):
    target = get_for_user_or_404(Target, request.user, CHANGE, pk=pk) if pk else Target()
    if pk is None:
        require_officer(request.user)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.target_save,
            user=request.user,
            target=target,
            data={k: v for k, v in form.cleaned_data.items() if k != "version"},
            expected_version=form.cleaned_data.get("version"),
        )
        if saved:
            return redirect("reports:target_list")
    return render(request, "reports/report_target_form.html", {"form": form, "target": target})


# -- evaluation ----------------------------------------------------------------------------------


class SchemeForm(VersionedModelForm):
    items_json = forms.CharField(label=gettext_lazy("indicators and weights"), widget=forms.Textarea(attrs={"rows": 6}))
    thresholds_json = forms.CharField(label=gettext_lazy("grade thresholds"), widget=forms.TextInput)

    class Meta:
        model = EvaluationScheme
        fields = ["name", "period_months", "publication_days", "bottom_n", "award_fund", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items_json"].initial = json.dumps(self.instance.items, ensure_ascii=False)
        self.fields["thresholds_json"].initial = json.dumps(self.instance.thresholds, ensure_ascii=False)

    def clean_items_json(self):
        return self._json("items_json", list)

    def clean_thresholds_json(self):
        return self._json("thresholds_json", dict)

    def _json(self, name, kind):
        try:
            value = json.loads(self.cleaned_data[name])
        except ValueError:
            raise ValidationError(_("Enter valid JSON.")) from None
        if not isinstance(value, kind):
            raise ValidationError(_("Enter valid JSON."))
        return value


@login_required
def evaluation_list(request):
    evaluations = ParkEvaluation.objects.for_user(request.user).select_related("park", "scheme")
    periods = sorted({(e.scheme_id, e.year, e.month) for e in evaluations}, reverse=True)
    selected = request.GET.get("period")
    if periods:
        key = periods[0]
        if selected:
            parts = selected.split("-")
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                key = tuple(int(p) for p in parts)
        evaluations = evaluations.filter(scheme_id=key[0], year=key[1], month=key[2]).order_by("rank", "park__code")
    else:
        key = None
    schemes = EvaluationScheme.objects.all()
    return render(
        request,
        "reports/evaluation_list.html",
        {
            "evaluations": evaluations if key else [],
            "periods": periods,
            "current": key,
            "schemes": schemes,
            "is_officer": is_officer(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def evaluation_run(request):
    require_officer(request.user)
    scheme = get_object_or_404(EvaluationScheme, pk=request.POST.get("scheme"))
    try:
        year, month = int(request.POST.get("year", "")), int(request.POST.get("month", ""))
        services.evaluation_run(user=request.user, scheme=scheme, year=year, month=month)
        messages.success(request, _("The parks have been scored; the results are under publication."))
    except (ValueError, ValidationError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [_("Enter a year and a month.")])))
    return redirect("reports:evaluation_list")


@login_required
@require_POST
def evaluation_finalize(request):
    require_officer(request.user)
    scheme = get_object_or_404(EvaluationScheme, pk=request.POST.get("scheme"))
    try:
        year, month = int(request.POST.get("year", "")), int(request.POST.get("month", ""))
        transitions = services.evaluation_finalize(user=request.user, scheme=scheme, year=year, month=month)
        messages.success(
            request, _("The results are final; %(n)s park status changes recorded.") % {"n": len(transitions)}
        )
    except (ValueError, ValidationError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [_("Enter a year and a month.")])))
    return redirect("reports:evaluation_list")


class ObjectionForm(forms.Form):
    item = forms.ModelChoiceField(label=gettext_lazy("indicator"), queryset=None, required=False)
    claimed_value = forms.DecimalField(
        label=gettext_lazy("value claimed"), required=False, max_digits=18, decimal_places=4
    )
    reason = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = evaluation.items.all()


class ObjectionHandleForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("decision"), choices=[("accept", gettext_lazy("Accept")), ("reject", gettext_lazy("Reject"))]
    )
    corrected_value = forms.DecimalField(
        label=gettext_lazy("corrected value"), required=False, max_digits=18, decimal_places=4
    )
    reply = forms.CharField(label=gettext_lazy("reply"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


@login_required
def evaluation_detail(request, pk):
    evaluation = get_for_user_or_404(ParkEvaluation.objects.select_related("park", "scheme"), request.user, pk=pk)
    may_object = user_role(request.user) == Role.PARK_STAFF and evaluation.park_id in request.user.park_ids
    form = ObjectionForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and may_object and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            services.objection_create,
            user=request.user,
            evaluation=evaluation,
            item=data["item"],
            reason=data["reason"],
            claimed_value=data["claimed_value"],
        )
        if saved:
            messages.success(request, _("Your objection has been lodged."))
            return redirect("reports:evaluation_detail", pk=pk)
    objections = evaluation.objections.select_related("item", "handled_by")
    return render(
        request,
        "reports/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "items": evaluation.items.all(),
            "objections": objections,
            "form": form,
            "may_object": may_object and evaluation.status == ParkEvaluation.Status.PUBLICIZED,
            "is_officer": is_officer(request.user),
            "handle_form": ObjectionHandleForm(),
            "history": evaluation.history.all()[:50],
            "status_changes": evaluation.park.status_changes.all()[:10],
        },
    )


@login_required
@require_POST
def objection_handle(request, pk):
    require_officer(request.user)
    objection = get_for_user_or_404(EvaluationObjection, request.user, CHANGE, pk=pk)
    form = ObjectionHandleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                value = data["corrected_value"] if data["corrected_value"] is not None else objection.claimed_value
                services.objection_accept(
                    user=request.user, objection=objection, corrected_value=value, reply=data["reply"]
                )
                messages.success(request, _("Objection accepted; the park has been re-scored."))
            else:
                services.objection_reject(user=request.user, objection=objection, reply=data["reply"])
                messages.success(request, _("Objection rejected with a reply."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    return redirect("reports:evaluation_detail", pk=objection.evaluation_id)


@login_required
def scheme_edit(request, pk=None):
    scheme = get_for_user_or_404(EvaluationScheme, request.user, CHANGE, pk=pk) if pk else EvaluationScheme()
    if pk is None:
        require_officer(request.user)
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "items_json", "thresholds_json"}}
        data["items"] = form.cleaned_data["items_json"]
        data["thresholds"] = form.cleaned_data["thresholds_json"]
        saved = run_service(
            form,
            services.scheme_save,
            user=request.user,
            scheme=scheme,
            data=data,
            expected_version=form.cleaned_data.get("version"),
        )
        if saved:
            messages.success(request, _("Evaluation scheme saved."))
            return redirect("reports:evaluation_list")
    return render(
        request,
        "reports/evaluation_scheme_form.html",
        {"form": form, "scheme": scheme, "indicators": Indicator.objects.all()},
    )


# -- notifications -------------------------------------------------------------------------------


@login_required
def notification_badge(request):
    """The unread count on the bell, loaded after the page so that no page pays a query for it."""
    from .templatetags.report_tags import unread_notifications

    return render(request, "includes/notification_badge.html", {"unread": unread_notifications(request.user)})


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "reports/report_notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk=None):
    notifications = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk is not None:
        notifications = notifications.filter(pk=pk)
    notifications.update(read_at=timezone.now())
    return redirect(request.POST.get("next") or "reports:notification_list")
