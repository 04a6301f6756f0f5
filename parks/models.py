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
from portal.scoping import Scope, ScopedManager

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


class ParkStatusChange(models.Model):
    """An audit row for each move of a park under dynamic management (动态管理)."""

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from status"), max_length=12, choices=Park.Status.choices)
    to_status = models.CharField(_("to status"), max_length=12, choices=Park.Status.choices)
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective on"))
    observation_ends_on = models.DateField(_("observation period ends on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("e.g. the evaluation it follows"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = ScopedManager()
    scope = Scope(park="park", staff_change=False, officer_change="none")

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("park status change")
        verbose_name_plural = _("park status changes")

    def __str__(self):
        return f"{self.park}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ParkFactor(BusinessModel):
    """The six enabling factors of a specialised park (六大要素)."""

    class Factor(models.TextChoices):
        LAND_RESERVE = "land_reserve", _("Industrial land reserve (mu)")
        STANDARD_FACTORY = "standard_factory", _("Standard factories (m²)")
        INNOVATION_PLATFORM = "innovation_platform", _("Innovation platforms")
        OPEN_PLATFORM = "open_platform", _("Open platform")
        FINANCING_PLATFORM = "financing_platform", _("Investment and financing platform")
        INDUSTRY_FUND = "industry_fund", _("Industry fund (10k yuan)")

    class Status(models.TextChoices):
        NONE = "none", _("None")
        PLANNED = "planned", _("Planned")
        IN_PLACE = "in_place", _("In place")

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="factors")
    factor = models.CharField(_("factor"), max_length=24, choices=Factor.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NONE)
    quantity = models.DecimalField(
        _("quantity"), max_digits=16, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope = Scope(park="park", officer_change="none")

    class Meta:
        ordering = ["park", "factor"]
        verbose_name = _("park factor")
        verbose_name_plural = _("park factors")
        constraints = [models.UniqueConstraint(fields=["park", "factor"], name="parkfactor_unique_per_park")]

    def __str__(self):
        return f"{self.park} · {self.get_factor_display()}"


class LandParcel(BusinessModel):
    """土地: a parcel of the park's land and where it stands between approval and use."""

    class Status(models.TextChoices):
        APPROVED_NOT_ACQUIRED = "approved_not_acquired", _("Approved, not acquired")
        ACQUIRED_NOT_SUPPLIED = "acquired_not_supplied", _("Acquired, not supplied")
        SUPPLIED_NOT_USED = "supplied_not_used", _("Supplied, not used")
        IN_USE = "in_use", _("In use")
        RECLAIMED = "reclaimed", _("Reclaimed")

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="land_parcels")
    code = models.CharField(_("parcel code"), max_length=40)
    area_mu = area_mu_field(_("area (mu)"))
    price = money_field(_("land price (10k yuan)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, db_index=True)
    # Declared by string: parks code never imports enterprises (docs/decisions.md, "Layers").
    holder = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("holder enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="land_parcels",
    )
    supplied_on = models.DateField(_("supply date"), null=True, blank=True)
    agreed_start_on = models.DateField(_("agreed construction start date"), null=True, blank=True)
    construction_started_on = models.DateField(_("construction started on"), null=True, blank=True)

    scope = Scope(park="park", officer_change="none")

    class Meta:
        ordering = ["park", "code"]
        verbose_name = _("land parcel")
        verbose_name_plural = _("land parcels")
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="landparcel_unique_code_per_park")]
        indexes = [models.Index(fields=["status", "agreed_start_on"], name="landparcel_idle_idx")]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        if self.supplied_on and self.agreed_start_on and self.agreed_start_on < self.supplied_on:
            raise ValidationError({"agreed_start_on": _("The agreed start date cannot be before the supply date.")})
        if self.status in {self.Status.SUPPLIED_NOT_USED, self.Status.IN_USE} and not self.holder_id:
            raise ValidationError({"holder": _("A supplied parcel needs its holder enterprise.")})


class StandardFactory(BusinessModel):
    """标准厂房."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        COMPLETED = "completed", _("Completed")
        IN_USE = "in_use", _("In use")

    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="standard_factories")
    name = models.CharField(_("name"), max_length=100)
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    leased_area_m2 = models.DecimalField(
        _("leased area (m²)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=NON_NEGATIVE
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.COMPLETED)

    scope = Scope(park="park", officer_change="none")

    class Meta:
        ordering = ["park", "name"]
        verbose_name = _("standard factory")
        verbose_name_plural = _("standard factories")
        constraints = [
            models.CheckConstraint(
                condition=Q(leased_area_m2__lte=models.F("floor_area_m2")), name="factory_leased_within_floor"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (
            self.floor_area_m2 is not None
            and self.leased_area_m2 is not None
            and self.leased_area_m2 > self.floor_area_m2
        ):
            raise ValidationError({"leased_area_m2": _("The leased area cannot exceed the floor area.")})


class InnovationCarrier(BusinessModel):
    """创新载体: platforms, incubators, accelerators (一台两器) and labs and centres."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Innovation platform")
        INCUBATOR = "incubator", _("Incubator")
        ACCELERATOR = "accelerator", _("Accelerator")
        KEY_LAB = "key_lab", _("Key laboratory")
        ENGINEERING_CENTER = "engineering_center", _("Engineering technology research center")
        ENTERPRISE_TECH_CENTER = "enterprise_tech_center", _("Enterprise technology center")
        ACADEMICIAN_STATION = "academician_station", _("Academician workstation")
        PILOT_BASE = "pilot_base", _("Pilot-scale base")

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        BUILDING = "building", _("Under construction")
        BUILT = "built", _("Built")
        OPERATING = "operating", _("Operating")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.MUNICIPAL)
    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="innovation_carriers")
    host_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("host enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovation_carriers",
    )
    host_institution = models.CharField(_("host university or institute"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPERATING)
    recognized_on = models.DateField(_("recognized or built on"), null=True, blank=True)

    scope = Scope(park="park", officer_change="all")

    class Meta:
        ordering = ["park", "name"]
        verbose_name = _("innovation carrier")
        verbose_name_plural = _("innovation carriers")

    def __str__(self):
        return self.name
