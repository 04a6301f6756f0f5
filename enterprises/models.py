"""Enterprises (企业) and what the portal records about them: qualifications, monthly figures,
service requests, visits and cooperation with universities."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parks.models import Level, Park, money_field
from portal.models import BusinessModel, Deactivatable, Department, Region
from portal.periods import validate_month
from portal.scoping import Scope

from .rules import validate_uscc

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Industry(models.Model):
    """GB/T 4754-2017 国民经济行业分类: sections (门类) and divisions (大类)."""

    class LevelChoices(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=LevelChoices.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("section"), null=True, blank=True, on_delete=models.PROTECT, related_name="divisions"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return f"{self.code} {self.name}"


class QualificationKind(models.Model):
    """A kind of qualification or title (高新技术企业, 专精特新 …), with its usual term."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("qualification kind")
        verbose_name_plural = _("qualification kinds")

    def __str__(self):
        return self.name


class Enterprise(BusinessModel, Deactivatable):
    class Scale(models.TextChoices):
        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    class Listing(models.TextChoices):
        NONE = "none", _("Not listed")
        RESERVE = "reserve", _("Listing reserve")
        LISTED = "listed", _("Listed")

    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        validators=[validate_uscc],
        help_text=_("18 characters; the last one is a check digit."),
        db_index=True,  # lookups by code alone (imports, other systems) cannot use the partial unique index
    )
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=30, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    registered_capital = money_field(_("registered capital (10k yuan)"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="enterprises")
    park = models.ForeignKey(
        Park, verbose_name=_("park"), null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.SMALL)
    above_size = models.BooleanField(_("above designated size"), default=False)
    listing_status = models.CharField(_("listing status"), max_length=10, choices=Listing.choices, default=Listing.NONE)
    is_leading = models.BooleanField(_("leading enterprise"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=30, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)

    scope = Scope(park="park", officer_change="all")

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=Q(is_active=True), name="enterprise_unique_active_uscc"),
        ]
        indexes = [
            models.Index(fields=["park", "is_active"], name="enterprise_park_active_idx"),
            models.Index(fields=["above_size"], name="enterprise_above_size_idx"),
            models.Index(fields=["region"], name="enterprise_region_idx"),
            # The list's default order: page N of "by name" reads N × 20 index entries, not a sort.
            models.Index(fields=["name", "id"], name="enterprise_name_idx"),
            # Counting the active (and above-size) enterprises of every chain node joins 100k+ links
            # to these two flags: an index-only scan instead of reading the whole table.
            models.Index(fields=["id"], include=["is_active", "above_size"], name="enterprise_flags_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.uscc and self.is_active:
            clash = Enterprise.objects.filter(uscc=self.uscc, is_active=True).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError(
                    {"uscc": _("This credit code is already used by “%(name)s”.") % {"name": clash.name}},
                    code="duplicate_uscc",
                )


class Qualification(BusinessModel):
    """资质/称号 held by an enterprise, valid from its grant to its expiry."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.ForeignKey(QualificationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.NATIONAL)
    certificate_no = models.CharField(_("certificate number"), max_length=50, blank=True)
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    scope = Scope(park="enterprise__park", officer_change="all")

    class Meta:
        ordering = ["-granted_on"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("granted_on")),
                name="qualification_dates_in_order",
            ),
            models.UniqueConstraint(fields=["enterprise", "kind", "granted_on"], name="qualification_unique_grant"),
        ]
        indexes = [
            # "enterprises with a valid qualification of kind K on date D"
            models.Index(fields=["kind", "granted_on", "expires_on"], name="qualification_valid_idx"),
            models.Index(fields=["expires_on"], name="qualification_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.kind}"

    def clean(self):
        super().clean()
        if self.granted_on and self.expires_on and self.expires_on < self.granted_on:
            raise ValidationError({"expires_on": _("The expiry date cannot be before the grant date.")})


STAT_MONEY_FIELDS = ["output_value", "revenue", "tax", "profit", "rd_expense", "exports"]
STAT_COUNT_FIELDS = ["employees", "rd_staff", "patents_invention", "patents_utility", "patents_design"]


def stat_money(verbose_name, allow_negative=False):
    return models.DecimalField(
        verbose_name,
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[] if allow_negative else NON_NEGATIVE,
    )


class EnterpriseStat(BusinessModel):
    """企业运行数据: one enterprise's figures for one month (当月, not cumulative)."""

    # No index of its own: the unique (enterprise, year, month) index leads with it, and with a
    # second index PostgreSQL picks the narrower one and filters the year on the heap.
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="stats", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("month"), validators=[validate_month])
    output_value = stat_money(_("output value (10k yuan)"))
    revenue = stat_money(_("revenue (10k yuan)"))
    tax = stat_money(_("tax (10k yuan)"))
    profit = stat_money(_("profit (10k yuan)"), allow_negative=True)
    rd_expense = stat_money(_("R&D expenditure (10k yuan)"))
    exports = stat_money(_("exports (10k yuan)"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    rd_staff = models.PositiveIntegerField(_("R&D staff"), null=True, blank=True)
    energy_tce = models.DecimalField(
        _("energy use (tce)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    land_used_mu = models.DecimalField(
        _("land used (mu)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    patents_invention = models.PositiveIntegerField(_("invention patents granted"), null=True, blank=True)
    patents_utility = models.PositiveIntegerField(_("utility model patents granted"), null=True, blank=True)
    patents_design = models.PositiveIntegerField(_("design patents granted"), null=True, blank=True)
    digital_level = models.PositiveSmallIntegerField(
        _("digitalization level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (lowest) to 5 (highest)"),
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Explains a flagged jump or drop against earlier months.")
    )

    scope = Scope(park="enterprise__park", officer_change="all")

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("enterprise monthly figures")
        verbose_name_plural = _("enterprise monthly figures")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="stat_unique_enterprise_period"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="stat_month_1_12"),
            models.CheckConstraint(condition=Q(tax__isnull=True) | Q(tax__gte=0), name="stat_tax_non_negative"),
            models.CheckConstraint(
                condition=Q(revenue__isnull=True) | Q(revenue__gte=0), name="stat_revenue_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "month"], name="stat_period_idx"),
            # "a year's figures, largest revenue first" (lists, API, rankings) walks this index and
            # stops after a page instead of sorting every figure of the year.
            models.Index(fields=["year", "revenue"], name="stat_year_revenue_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}-{self.month:02d}"


class ParkMonth(BusinessModel):
    """A park's monthly submission of its enterprises' figures (月度填报) and its review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="months")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("month"), validators=[validate_month])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for return"), blank=True)

    scope = Scope(park="park", officer_change="all")

    class Meta:
        ordering = ["-year", "-month", "park"]
        verbose_name = _("park monthly submission")
        verbose_name_plural = _("park monthly submissions")
        constraints = [models.UniqueConstraint(fields=["park", "year", "month"], name="parkmonth_unique_period")]

    def __str__(self):
        return f"{self.park} {self.year}-{self.month:02d}"


class Visit(BusinessModel):
    """走访记录."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="visits"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    visited_on = models.DateField(_("visit date"))
    notes = models.TextField(_("notes"))

    scope = Scope(park="enterprise__park", officer_change="all")

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.enterprise} {self.visited_on}"


class ServiceRequest(BusinessModel):
    """企业诉求 ("一企一策"): raised by an enterprise, handled by a department's officer."""

    class Category(models.TextChoices):
        LAND = "land", _("Land")
        FINANCE = "finance", _("Financing")
        TALENT = "talent", _("Talent")
        APPROVAL = "approval", _("Approvals")
        MARKET = "market", _("Market")
        POLICY = "policy", _("Policy")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="service_requests"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("raised during visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    received_on = models.DateField(_("received on"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("assigned department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True)

    scope = Scope(park="enterprise__park", department="department", officer_change="department")

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [models.Index(fields=["status", "due_on"], name="request_overdue_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")), name="request_due_after_received"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.received_on and self.due_on and self.due_on < self.received_on:
            raise ValidationError({"due_on": _("The due date cannot be before the date received.")})
        if self.resolved_on and self.received_on and self.resolved_on < self.received_on:
            raise ValidationError({"resolved_on": _("The resolution date cannot be before the date received.")})


class Cooperation(BusinessModel):
    """校企合作."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Joint platform")
        TECH_TRANSFER = "tech_transfer", _("Technology transfer")
        JOINT_RESEARCH = "joint_research", _("Joint research")
        TALENT = "talent", _("Talent training")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="cooperations"
    )
    partner = models.CharField(_("university or institute"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    signed_on = models.DateField(_("signed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(park="enterprise__park", officer_change="all")

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("university cooperation")
        verbose_name_plural = _("university cooperations")

    def __str__(self):
        return f"{self.enterprise} · {self.partner}"
