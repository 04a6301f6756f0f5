"""Cross-cutting models: users and roles, regions, departments, and the base of every business
model (who and when, version for optimistic concurrency, change history, scope)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import ADMIN_ROLES, Role, role_grants, role_has_module
from .scoping import Scope, ScopedManager


class Region(models.Model):
    """行政区划 (GB/T 2260)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District or county")

    code = models.CharField(
        _("division code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("A division code has exactly 6 digits."))],
    )
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Department(models.Model):
    """部门: 工信局, 科技局, 发改委 …"""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.short_name or self.name


class User(AbstractUser):
    """A portal user.  Park staff are assigned parks through ``Park.staff`` (the relation is declared
    on the right-hand model, STYLE.md "Apps in layers"); officers belong to one department."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ANALYST)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Chinese order, family name first and no space (权娜杰); Latin names keep theirs."""
        family, given = self.last_name.strip(), self.first_name.strip()
        if (family + given).isascii():
            return f"{given} {family}".strip()
        return family + given

    @cached_property
    def park_ids(self):
        """Ids of the parks this user is assigned to (park staff)."""
        return list(self.assigned_parks.values_list("pk", flat=True))

    @property
    def effective_role(self):
        return Role.ADMIN if self.is_superuser else self.role

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_role = instance.__dict__.get("role")
        return instance

    def save(self, *args, **kwargs):
        # The three administrator roles work in the Django admin, within their role's permissions;
        # an account moved out of them loses that access.
        if self.role in ADMIN_ROLES:
            self.is_staff = True
        elif getattr(self, "_loaded_role", None) in ADMIN_ROLES and not self.is_superuser:
            self.is_staff = False
        super().save(*args, **kwargs)
        self._loaded_role = self.role

    def has_perm(self, perm, obj=None):
        if self.is_active and not self.is_superuser and self.role in ADMIN_ROLES:
            return role_grants(self.role, perm)  # the role alone decides: no extra grants
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and not self.is_superuser and self.role in ADMIN_ROLES:
            return role_has_module(self.role, app_label)
        return super().has_module_perms(app_label)


class BusinessModel(models.Model):
    """Fields every business model carries; subclasses set ``scope``."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(inherit=True)
    objects = ScopedManager()
    scope = Scope()

    class Meta:
        abstract = True


class Deactivatable(models.Model):
    """Rows that are deactivated instead of deleted once they carry figures."""

    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Job(models.Model):
    """Long work run by a Celery worker (exports, imports, reports, evaluations): its state and
    progress for the page that polls it, keyed by a natural key so a rerun finds it again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    key = models.CharField(_("key"), max_length=200, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["status", "started_at"], name="job_stuck_idx")]

    def __str__(self):
        return f"{self.kind} {self.key} ({self.get_status_display()})"

    @property
    def percent(self):
        return int(self.progress * 100 / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)


class Notification(models.Model):
    """An in-app reminder (the bell), also sent by e-mail where the user has an address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=200, help_text=_("one notification per user and key"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class AuditQuerySet(models.QuerySet):
    """The access log is append-only: the ORM refuses to change or remove its rows (the database
    refuses too, by a trigger on PostgreSQL; see the migration)."""

    def update(self, **kwargs):
        raise AuditLogImmutable(_("The audit log cannot be changed."))

    def delete(self):
        raise AuditLogImmutable(_("The audit log cannot be erased."))


class AuditLogImmutable(Exception):
    pass


class AuditEvent(models.Model):
    """访问日志 (等保 2.0 安全审计): sign-ins, failed sign-ins, sign-outs, exports, imports, views of
    enterprise figures, report downloads and refusals.  Written by ``portal.audit.record``; changes
    to business rows are in the change history (django-simple-history), which the audit page reads
    beside this table."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")
        VIEW_ENTERPRISE_FIGURES = "view_enterprise_figures", _("Viewed enterprise figures")
        REPORT_DOWNLOAD = "report_download", _("Report download")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        AUDIT_EXPORT = "audit_export", _("Audit log export")

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: a removed account leaves its events and its name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["username", "time"], name="auditevent_user_time_idx")]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.username} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable(_("The audit log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable(_("The audit log cannot be erased."))
