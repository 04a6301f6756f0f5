"""The audit page (审计): who changed what and when across the portal, and who signed in, exported,
imported or looked at enterprise figures.  Only the audit administrator opens it (403 for everyone
else, the other administrators and superusers included); nobody can change or erase what it shows."""

import os
import tempfile

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.forms import DateInput

from . import audit, audit_log, excel
from .roles import Role

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_limit():
    return getattr(settings, "AUDIT_EXPORT_MAX_ROWS", 100_000)


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=gettext_lazy("User"), required=False, max_length=150)
    source = forms.ChoiceField(label=gettext_lazy("What"), required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = audit_log.source_choices()
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self):
        data = self.cleaned_data
        return audit_log.Filters(
            user=(data.get("user") or "").strip(),
            source=data.get("source") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def require_audit_admin(user):
    if not (user.is_authenticated and user.is_active and user.role == Role.AUDIT_ADMIN):
        raise PermissionDenied


def page_number(value):
    try:
        return max(1, min(int(value), 100_000))
    except (TypeError, ValueError):
        return 1


@login_required
def audit_list(request):
    require_audit_admin(request.user)
    form = AuditFilterForm(request.GET or None)
    entries, page, has_next = [], page_number(request.GET.get("page")), False
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound and valid else audit_log.Filters()
    if valid:
        if request.GET.get("export"):
            return audit_export(request, filters)
        rows = audit_log.timeline(filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
        has_next = len(rows) > PAGE_SIZE
        entries = rows[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "portal/audit_list.html",
        {
            "form": form,
            "entries": entries,
            "page": page,
            "has_next": has_next,
            "query": query.urlencode(),
            "retention_days": audit.retention_days(),
        },
    )


def audit_export(request, filters):
    """The filtered timeline as a workbook through portal/excel.py (watermarked like every export)."""
    limit = export_limit()
    entries = audit_log.iterate(filters, limit=limit)
    columns = [
        excel.Column("time", _("Time"), excel.DATETIME),
        excel.Column("user", _("User")),
        excel.Column("source", _("Source")),
        excel.Column("action", _("Action")),
        excel.Column("what", _("Object"), width=40),
        excel.Column("changes", _("Changes"), width=60),
    ]
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=settings.VAR_DIR)
    os.close(handle)
    try:
        with excel.WorkbookWriter(path, user=request.user) as book:
            sheet = book.add_sheet(_("Audit log"), columns)
            for entry in entries:
                changes = "; ".join(f"{field}: {old} → {new}" if field else new for field, old, new in entry.changes)
                source = {audit_log.ACCESS: _("Access"), audit_log.ADMIN: _("Administration")}.get(
                    entry.source, _("Change")
                )
                sheet.write_row([entry.time, entry.username, source, entry.action_label, entry.what, changes])
            pairs = [
                (_("User"), filters.user or "—"),
                (_("What"), dict(audit_log.source_choices()).get(filters.source, "—")),
                (_("From"), filters.date_from or "—"),
                (_("To"), filters.date_to or "—"),
            ]
            info = excel.export_info(title=_("Audit log"), user=request.user, filters=pairs, rows=len(entries))
            book.add_info_sheet(_("Filters and export time"), _("Audit log"), info)
        result = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    audit.record(request, "audit_export", detail={"rows": len(entries), "query": request.GET.urlencode()[:500]})
    filename = f"{_('Audit log')}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return FileResponse(result, as_attachment=True, filename=filename, content_type=XLSX)
