"""The registry of exportable lists: model name → the model's scoped queryset, its FilterSet and
its columns (header key = field name, Chinese label = the field's verbose name).

Every list page's export button calls ``reports:export?export=<model_name>&<the page's filters>``;
the export starts from ``Model.objects.for_user(user)`` and the same FilterSet as the page, so the
file holds exactly the rows of the page.  Small exports are written at once; large ones (more rows
than ``EXCEL_EXPORT_SYNC_ROWS``) run as a Celery task that writes its progress to a Job row.
"""

import dataclasses
import datetime
import os
import tempfile

from django.conf import settings
from django.db import models
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from clusters import filtersets as cluster_filtersets
from enterprises import filtersets as enterprise_filtersets
from parks import filtersets as park_filtersets
from policies import filtersets as policy_filtersets
from portal import excel
from portal.roles import Role
from portal.scoping import user_role
from projects import filtersets as project_filtersets

# Related rows are shown by these fields (the names people use; USCC for enterprises as well).
RELATED_DISPLAY = {
    "enterprises.enterprise": [("uscc", "uscc"), ("name", "name")],
    "parks.park": [("name", None)],
    "portal.region": [("name", None)],
    "portal.department": [("name", None)],
    "enterprises.industry": [("code", None)],
    "enterprises.qualificationkind": [("name", None)],
    "clusters.cluster": [("name", None)],
    "clusters.chain": [("name", None)],
    "clusters.chainnode": [("name", None)],
    "projects.project": [("code", "code"), ("name", "name")],
    "policies.policy": [("title", None)],
    "policies.measure": [("title", None)],
}
SKIPPED_FIELDS = {"created_by", "updated_by"}
BOOKKEEPING_FIELDS = {"created_at", "updated_at", "version", "is_active", "deactivated_at"}  # last columns
PERSONAL_FIELDS = {"contact_person", "contact_phone"}
PERSONAL_ROLES = {Role.PARK_STAFF, Role.OFFICER, Role.ADMIN}  # those who may change enterprises


def sync_rows():
    return getattr(settings, "EXCEL_EXPORT_SYNC_ROWS", 5000)


@dataclasses.dataclass
class ExportColumn(excel.Column):
    path: str = ""


def field_kind(field):
    if isinstance(field, models.BooleanField):
        return excel.BOOL
    if isinstance(field, models.DateTimeField):
        return excel.DATETIME
    if isinstance(field, models.DateField):
        return excel.DATE
    if isinstance(field, models.DecimalField):
        return excel.MONEY if field.decimal_places == 2 else excel.DECIMAL
    if isinstance(field, (models.IntegerField, models.FloatField)) and not field.choices:
        return excel.INTEGER
    return excel.TEXT


def model_columns(model):
    """Columns from the model's fields, in their order: related rows by their display fields."""
    columns = []
    fields = sorted(model._meta.concrete_fields, key=lambda f: f.name in BOOKKEEPING_FIELDS)
    for field in fields:
        if field.primary_key or field.name in SKIPPED_FIELDS:
            continue
        label = str(field.verbose_name)
        if field.is_relation:
            related = field.related_model._meta.label_lower
            for attr, suffix in RELATED_DISPLAY.get(related, [("pk", None)]):
                sub_label = label
                if suffix:
                    sub_label = f"{label}{field.related_model._meta.get_field(attr).verbose_name}"
                key = field.name if not suffix else f"{field.name}__{attr}"
                columns.append(ExportColumn(key=key, label=sub_label, path=f"{field.name}__{attr}"))
            continue
        choices = {code: str(text) for code, text in field.choices} if field.choices else None
        columns.append(
            ExportColumn(key=field.name, label=label, kind=field_kind(field), choices=choices, path=field.name)
        )
    return columns


@dataclasses.dataclass
class ExportSpec:
    name: str
    model: type
    filterset: type

    @property
    def title(self):
        return str(self.model._meta.verbose_name_plural)

    def columns(self, user):
        personal = user_role(user) in PERSONAL_ROLES
        return [c for c in model_columns(self.model) if personal or c.key not in PERSONAL_FIELDS]

    def queryset(self, user, data):
        """The user's rows filtered as on the list page; returns (queryset, filterset).

        The filterset gets a request carrying the user, as on the page: its choices of related rows
        (the parks this user sees …) are built from it; without one they are empty, a chosen park is
        then invalid and the export held no row where the page listed them (issue 18, item 4)."""
        base = self.model.objects.for_user(user)
        filterset = self.filterset(data=data, queryset=base, request=request_for(user))
        queryset = filterset.qs if filterset.is_valid() else base.none()
        if not queryset.query.order_by and not self.model._meta.ordering:
            queryset = queryset.order_by("pk")
        return queryset, filterset


def request_for(user):
    """A request of the user, for a filterset built outside a view (the export job runs in the worker)."""
    request = HttpRequest()
    request.user = user
    return request


REGISTRY: dict[str, ExportSpec] = {}


def register_filtersets(module):
    for value in vars(module).values():
        if isinstance(value, type) and value.__name__.endswith("FilterSet") and getattr(value, "_meta", None):
            model = value._meta.model
            if model is not None and value.__module__ == module.__name__:
                REGISTRY[model._meta.model_name] = ExportSpec(model._meta.model_name, model, value)


for _module in (park_filtersets, enterprise_filtersets, cluster_filtersets, project_filtersets, policy_filtersets):
    register_filtersets(_module)


def get_spec(name):
    return REGISTRY.get(name)


def filter_data(query):
    """The list page's filters from a query string (without ``export`` and ``page``)."""
    data = query.copy() if isinstance(query, QueryDict) else QueryDict(mutable=True)
    if not isinstance(query, QueryDict):
        for key, values in (query or {}).items():
            data.setlist(key, values if isinstance(values, list) else [values])
    for key in ("export", "page", "per_page"):
        data.pop(key, None)
    return data


def write_export(spec, *, user, data, target, progress=None, every=2000):
    """Stream the rows into ``target`` (a path); returns the row count.  ``progress(n)`` is called
    every ``every`` rows."""
    queryset, filterset = spec.queryset(user, data)
    columns = spec.columns(user)
    paths = [c.path for c in columns]
    count = 0
    with excel.WorkbookWriter(target, user=user) as book:
        sheet = book.add_sheet(spec.title, columns)
        write = sheet.write_row
        for row in queryset.values_list(*paths).iterator(chunk_size=2000):
            write(row)
            count += 1
            if progress and count % every == 0:
                progress(count)
        info = excel.export_info(title=spec.title, user=user, filters=describe_filters(filterset), rows=count)
        book.add_info_sheet(excel.sheet_title(_info_title()), spec.title, info)
    return count


def describe_filters(filterset):
    """(label, value) of the filters, the search and the sort in use, as the page shows them."""
    return filterset.active_filters


def _info_title():
    from django.utils.translation import gettext as _

    return _("Filters and export time")


def export_filename(spec):
    return f"{spec.title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


def temp_path():
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=settings.VAR_DIR)
    os.close(handle)
    return path


# -- large exports: a Job row and a Celery task ---------------------------------------------------


def export_start(*, user, spec, data, total):
    """Queue a large export; the page polls the returned job."""
    from django.db import transaction

    from portal.models import Job
    from portal.queue import enqueue

    from .tasks import export_run

    job = Job.objects.create(
        kind="export",
        key=f"{spec.name}:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        user=user,
        params={"export": spec.name, "query": data.urlencode(), "filename": export_filename(spec)},
        total=total,
    )
    transaction.on_commit(lambda: enqueue(export_run, job.pk, on_error=lambda error: export_not_queued(job.pk)))
    return job


def stuck_after():
    """How long a queued or running export may go without finishing before its owner may send it
    again (its worker may have died: the embedded broker loses a killed worker's messages)."""
    return datetime.timedelta(minutes=getattr(settings, "EXCEL_EXPORT_STUCK_MINUTES", 10))


def export_may_resend(job, now=None):
    """Whether the job's owner may send it again: it failed, or it has been queued or running for
    longer than :func:`stuck_after`."""
    from portal.models import Job

    if job.kind != "export" or job.status == Job.Status.DONE:
        return False
    if job.status == Job.Status.FAILED:
        return True
    since = job.started_at or job.created_at
    return since is not None and (now or timezone.now()) - since > stuck_after()


def export_resend(*, user, job):
    """Queue an export again for its owner (the task is idempotent: a finished job is left
    alone); raises PermissionDenied for anyone else and ValidationError when the job is neither
    failed nor stuck."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from portal.models import Job
    from portal.queue import enqueue

    from .tasks import export_run

    if job.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not export_may_resend(job):
            raise ValidationError(_("This export is still running or already done; it cannot be sent again."))
        job.status = Job.Status.QUEUED
        job.progress = 0
        job.message = ""
        job.started_at = None
        job.created_at = timezone.now()  # the stuck clock starts again
        job.save(update_fields=["status", "progress", "message", "started_at", "created_at"])
        job_id = job.pk
        transaction.on_commit(lambda: enqueue(export_run, job_id, on_error=lambda error: export_not_queued(job_id)))
    return job


def export_not_queued(job_id):
    """The broker could not be reached: the job fails at once, saying so, instead of waiting for ever."""
    from django.utils.translation import gettext as _

    from portal.models import Job

    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED,
        message=_("The task queue cannot be reached; the export was not started. Try again in a few minutes."),
        finished_at=timezone.now(),
    )


def export_run_job(job_id, pause=None):
    """Write the export of a job (idempotent: a finished job is left alone)."""
    from django.core.files import File

    from portal.models import Job

    job = Job.objects.select_related("user").get(pk=job_id)
    if job.status == Job.Status.DONE:
        return job
    spec = get_spec(job.params["export"])
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1, progress=0
    )
    if pause:
        pause()
    path = temp_path()
    try:
        count = write_export(
            spec,
            user=job.user,
            data=QueryDict(job.params.get("query", "")),
            target=path,
            progress=lambda n: Job.objects.filter(pk=job.pk).update(progress=n),
        )
        with open(path, "rb") as handle:
            job.result_file.save(f"export-{job.pk}.xlsx", File(handle), save=False)
        job.status = Job.Status.DONE
        job.progress = count
        job.total = count
        job.finished_at = timezone.now()
        job.save(update_fields=["result_file", "status", "progress", "total", "finished_at"])
    except Exception as error:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=str(error)[:300])
        raise
    finally:
        os.unlink(path)
    return job
