"""Parks (园区) and what belongs to them: land, standard factories, innovation carriers, the six
enabling factors, and evaluations."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import BusinessModel, Deactivatable, Region
from portal.scoping import Scope

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


def money_field(verbose_name, **kwargs):
    """万元, two decimals."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, validators=NON_NEGATIVE, **kwargs)


def area_mu_field(verbose_name, **kwargs):
    """亩, two decimals."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, validators=NON_NEGATIVE, **kwargs)


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COUNTY = "county", _("County")


class Park(BusinessModel, Deactivatable):
    class Kind(models.TextChoices):
        HIGH_TECH_ZONE = "high_tech_zone", _("High-tech zone")
        ECONOMIC_ZONE = "economic_zone", _("Economic and technological development zone")
        SPECIALIZED = "specialized", _("Specialized park")
        MICRO_ENTERPRISE = "micro_enterprise", _("Micro and small enterprise park")
        CIRCULAR_ECONOMY = "circular_economy", _("Circular economy park")

    class Status(models.TextChoices):
        CULTIVATING = "cultivating", _("Cultivating")
        PREPARATORY = "preparatory", _("Preparatory")
        FORMAL = "formal", _("Formal")
        DELISTED = "delisted", _("Delisted")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="parks")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.MUNICIPAL)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPECIALIZED)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FORMAL, db_index=True)
    observation_ends_on = models.DateField(_("observation period ends on"), null=True, blank=True)
    planned_area_mu = area_mu_field(_("planned area (mu)"), default=Decimal("0"))
    built_area_mu = area_mu_field(_("built area (mu)"), default=Decimal("0"))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    committee_contact = models.CharField(_("managing committee contact"), max_length=50, blank=True)
    committee_phone = models.CharField(_("managing committee phone"), max_length=20, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("park staff"), blank=True, related_name="assigned_parks"
    )

    scope = Scope(park="pk", officer_change="none")

    class Meta:
        ordering = ["code"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=Q(is_active=True), name="park_unique_active_name"),
            models.CheckConstraint(
                condition=Q(built_area_mu__lte=models.F("planned_area_mu")) | Q(planned_area_mu=0),
                name="park_built_within_planned",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        if self.planned_area_mu and self.built_area_mu and self.built_area_mu > self.planned_area_mu:
            raise ValidationError({"built_area_mu": _("The built area cannot exceed the planned area.")})
