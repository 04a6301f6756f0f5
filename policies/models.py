"""Policies (政策文件), their measures (奖补事项) and enterprises' applications (申报/兑现)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Chain, Cluster
from enterprises.models import Enterprise
from parks.models import Park, money_field
from portal.models import BusinessModel, Deactivatable, Department
from portal.scoping import Scope

from .rules import validate_amount_rule, validate_eligibility


class Policy(BusinessModel, Deactivatable):
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=100)
    issued_on = models.DateField(_("issue date"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    text = models.TextField(_("full text"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="policies/%Y/", blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("applicable clusters"), blank=True, related_name="policies"
    )
    chains = models.ManyToManyField(Chain, verbose_name=_("applicable chains"), blank=True, related_name="policies")
    parks = models.ManyToManyField(Park, verbose_name=_("applicable parks"), blank=True, related_name="policies")

    scope = Scope(department="department")

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="policy_validity_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity cannot be before its start.")})


class Measure(BusinessModel, Deactivatable):
    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        SUBSIDY = "subsidy", _("Subsidy")
        INTEREST_SUBSIDY = "interest_subsidy", _("Interest subsidy")
        RENT_RELIEF = "rent_relief", _("Rent relief")
        FUND = "fund", _("Fund investment")

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("reviewing department"), on_delete=models.PROTECT, related_name="measures"
    )
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True, validators=[validate_eligibility])
    amount_rule = models.JSONField(_("amount rule"), validators=[validate_amount_rule])
    base_label = models.CharField(
        _("base of the amount"), max_length=60, blank=True, help_text=_("e.g. equipment investment (10k yuan)")
    )
    budget = money_field(_("budget (10k yuan)"))
    opens_on = models.DateField(_("application window opens"), null=True, blank=True)
    closes_on = models.DateField(_("application window closes"), null=True, blank=True)
    auto_grant = models.BooleanField(
        _("granted without application"),
        default=False,
        help_text=_("免申即享: eligible enterprises are found from the data."),
    )

    scope = Scope(department="department")

    class Meta:
        ordering = ["policy", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(opens_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="measure_window_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The window cannot close before it opens.")})


class Application(BusinessModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PARK_REVIEWED = "park_reviewed", _("Park reviewed")
        DEPARTMENT_APPROVED = "department_approved", _("Department approved")
        DISBURSED = "disbursed", _("Disbursed")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="applications"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="applications"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    base_amount = money_field(_("base amount (10k yuan)"), null=True, blank=True)
    computed_amount = money_field(_("computed amount (10k yuan)"), default=Decimal("0"))
    approved_amount = money_field(_("approved amount (10k yuan)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    park_reviewed_at = models.DateTimeField(_("park reviewed at"), null=True, blank=True)
    park_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("park reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    is_auto = models.BooleanField(_("granted without application"), default=False)

    scope = Scope(park="enterprise__park", department="measure__department")

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "measure", "year"], name="application_unique_per_year"),
        ]
        indexes = [models.Index(fields=["measure", "status"], name="application_measure_status_idx")]

    def __str__(self):
        return f"{self.enterprise} · {self.measure}"

    def clean(self):
        super().clean()
        if (
            self.approved_amount is not None
            and self.computed_amount is not None
            and self.approved_amount > self.computed_amount
        ):
            raise ValidationError(
                {
                    "approved_amount": _(
                        "The approved amount cannot exceed the amount computed by the rule (%(amount)s)."
                    )
                    % {"amount": self.computed_amount}
                }
            )


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{filename}"


class ApplicationAttachment(BusinessModel):
    """申报材料, stored outside the web root and served only through a scoped view."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    scope = Scope(park="application__enterprise__park", department="application__measure__department")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")

    def __str__(self):
        return self.original_name
