"""The work the Excel bench measures, ours and django-import-export's on the same queryset,
columns and file (bench only: django-import-export is a development dependency)."""

import io
import os

from django.db import transaction


def bench_user():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return (
        User.objects.filter(role="officer", is_active=True).order_by("pk").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


def export_ours(user, folder):
    from reports import exports

    return exports.write_export(
        exports.get_spec("enterprise"), user=user, data={}, target=os.path.join(folder, "ours.xlsx")
    )


def enterprise_resource(user):
    from import_export import fields, resources

    from enterprises.models import Enterprise
    from reports import exports

    columns = exports.get_spec("enterprise").columns(user)
    attrs = {c.key: fields.Field(attribute=c.path, column_name=str(c.label)) for c in columns}

    class Meta:
        model = Enterprise
        fields = [c.key for c in columns]

    return type("EnterpriseResource", (resources.ModelResource,), {"Meta": Meta, **attrs})()


def export_iex(user, folder):
    from enterprises.models import Enterprise

    resource = enterprise_resource(user)
    queryset = Enterprise.objects.for_user(user).select_related("region", "park", "industry")
    dataset = resource.export(queryset=queryset)
    with open(os.path.join(folder, "iex.xlsx"), "wb") as handle:
        handle.write(dataset.export("xlsx"))
    return len(dataset)


def monthly_file(user, limit=10_000):
    """A monthly-figures file of up to ``limit`` rows: the latest month's figures, revenue +1%
    (so committing it changes every row), written by the template writer."""
    from decimal import Decimal

    from enterprises.models import EnterpriseStat
    from reports.imports.services import write_template
    from reports.imports.specs import STAT_FIELDS, get_spec

    spec = get_spec("enterprisestat")
    latest = EnterpriseStat.objects.for_user(user).order_by("-year", "-month").values("year", "month").first()
    if latest is None:
        return b"", 0
    stats = (
        EnterpriseStat.objects.for_user(user)
        .filter(**latest)
        .select_related("enterprise")
        .only("enterprise__uscc", "enterprise__name", "year", "month", *STAT_FIELDS)[:limit]
    )
    rows = []
    for s in stats:
        figures = [getattr(s, f) for f in STAT_FIELDS]
        figures[1] = (s.revenue or Decimal("0")) * Decimal("1.01")
        figures[1] = figures[1].quantize(Decimal("0.01"))
        rows.append([s.enterprise.uscc, s.enterprise.name, f"{s.year}-{s.month:02d}", None, None, *figures])

    class Spec(type(spec)):
        def template_rows(self, user, params):
            return rows

    buffer = io.BytesIO()
    write_template(Spec(), user=user, params={}, target=buffer)
    return buffer.getvalue(), len(rows)


class Rollback(Exception):
    pass


def import_ours(user, data):
    """Upload (check every row, keep the file and its parse) and commit (rolled back): the two
    buttons, as :func:`upload_job` and :func:`commit_job` press them; the job is deleted after."""
    cleanups = []
    try:
        return commit_job(user, upload_job(user, data, at_end=cleanups.append))
    finally:
        for cleanup in cleanups:
            cleanup()


def upload_job(user, data, at_end=None):
    """The import Job of an upload: what the upload button does (check every row, store the file
    and the parse beside it for the commit).  The job and its files are deleted at once, or, given
    ``at_end`` (the bench context's), when the run ends (the commit scenario's repeats use it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.imports import services
    from reports.imports.specs import get_spec

    upload = SimpleUploadedFile("monthly.xlsx", data)
    job, outcome = services.import_upload(user=user, spec=get_spec("enterprisestat"), upload=upload)

    def remove():
        storage = job.result_file.storage
        for name in (job.result_file.name, job.params.get("parsed_file")):
            if name and storage.exists(name):
                storage.delete(name)
        job.delete()

    if at_end is None:
        remove()
    else:
        at_end(remove)
    if not outcome.ok:
        raise RuntimeError(f"{outcome.file_error} {outcome.errors[:3]}")
    return job


def commit_job(user, job):
    """What the commit button does once the preview's warnings are confirmed
    (reports.imports.services.import_commit), rolled back."""
    from reports.imports import services
    from reports.imports.specs import get_spec

    try:
        with transaction.atomic():
            outcome = services.import_commit(
                user=user, spec=get_spec("enterprisestat"), job=job, warnings_confirmed=True
            )
            if outcome is None or not outcome.ok or job.status != job.Status.DONE:
                raise RuntimeError(f"not committed: {outcome and outcome.errors[:3]} {job.status}")
            raise Rollback
    except Rollback:
        job.refresh_from_db()
    return len(outcome.plan)


def stat_resource():
    from import_export import fields, resources, widgets

    from enterprises.models import Enterprise, EnterpriseStat
    from reports.imports.specs import STAT_FIELDS, get_spec

    spec = get_spec("enterprisestat")
    labels = {c.key: str(c.label) for c in spec.columns}
    attrs = {
        "enterprise": fields.Field(
            attribute="enterprise",
            column_name=labels["enterprise"],
            widget=widgets.ForeignKeyWidget(Enterprise, "uscc"),
        ),
        "year": fields.Field(attribute="year", column_name="year"),
        "month": fields.Field(attribute="month", column_name="month"),
    }
    for name in STAT_FIELDS:
        widget = widgets.CharWidget(allow_blank=True, coerce_to_string=True) if name == "note" else None
        attrs[name] = fields.Field(attribute=name, column_name=labels[name], widget=widget)

    class Meta:
        model = EnterpriseStat
        import_id_fields = ("enterprise", "year", "month")
        fields = ("enterprise", "year", "month", *STAT_FIELDS)
        skip_unchanged = True
        use_bulk = False

    return type("StatResource", (resources.ModelResource,), {"Meta": Meta, **attrs})()


def import_iex(user, data):
    """django-import-export importing the same file (its period column split into year and month),
    validating every row; a dry run, so its transaction is rolled back."""
    import tablib

    dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    period_index = dataset.headers.index(next(h for h in dataset.headers if (h and "（年月）" in h) or h == "period"))
    years, months = [], []
    for row in dataset:
        year, month = str(row[period_index]).split("-")
        years.append(int(year))
        months.append(int(month))
    dataset.append_col(years, header="year")
    dataset.append_col(months, header="month")
    result = stat_resource().import_data(dataset, dry_run=True, raise_errors=True)
    return result.total_rows
