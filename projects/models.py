"""Major projects (重大项目), their yearly plans and monthly scheduling (月调度)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Chain, InvestmentLead
from enterprises.models import Enterprise
from parks.models import Park, money_field
from portal.models import BusinessModel, Deactivatable, Department
from portal.periods import validate_month
from portal.scoping import Scope

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Project(BusinessModel, Deactivatable):
    class Stage(models.TextChoices):
        CONCEIVING = "conceiving", _("Conceiving")
        RESERVE = "reserve", _("Reserve")
        NEWLY_STARTED = "newly_started", _("Newly started")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        IN_PRODUCTION = "in_production", _("Completed and in production")
        TERMINATED = "terminated", _("Terminated")

    class KeyLevel(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial key project")
        MUNICIPAL = "municipal", _("Municipal key project")
        DISTRICT = "district", _("District key project")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    investor = models.ForeignKey(
        Enterprise,
        verbose_name=_("investor enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="projects")
    chain = models.ForeignKey(
        Chain, verbose_name=_("chain"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    lead = models.OneToOneField(
        InvestmentLead,
        verbose_name=_("investment lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project",
    )
    total_investment = money_field(_("total investment (10k yuan)"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.RESERVE, db_index=True)
    key_level = models.CharField(_("key level"), max_length=12, choices=KeyLevel.choices, default=KeyLevel.DISTRICT)
    planned_start_on = models.DateField(_("planned start"), null=True, blank=True)
    planned_finish_on = models.DateField(_("planned finish"), null=True, blank=True)
    started_on = models.DateField(_("actual start"), null=True, blank=True)
    finished_on = models.DateField(_("actual finish"), null=True, blank=True)
    responsible_leader = models.CharField(_("responsible leader"), max_length=60, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope = Scope(park="park", department="department")

    class Meta:
        ordering = ["code"]
        verbose_name = _("major project")
        verbose_name_plural = _("major projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_finish_on__isnull=True)
                | Q(planned_start_on__isnull=True)
                | Q(planned_finish_on__gte=models.F("planned_start_on")),
                name="project_planned_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["park", "stage"], name="project_park_stage_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.planned_start_on and self.planned_finish_on and self.planned_finish_on < self.planned_start_on:
            raise ValidationError({"planned_finish_on": _("The planned finish cannot be before the planned start.")})
        if self.started_on and self.finished_on and self.finished_on < self.started_on:
            raise ValidationError({"finished_on": _("The actual finish cannot be before the actual start.")})


class ProjectPlan(BusinessModel):
    """A project's planned investment for one year (年度计划投资)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    planned_investment = money_field(_("annual planned investment (10k yuan)"))

    scope = Scope(park="project__park", department="project__department")

    class Meta:
        ordering = ["project", "-year"]
        verbose_name = _("annual investment plan")
        verbose_name_plural = _("annual investment plans")
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="projectplan_unique_year")]

    def __str__(self):
        return f"{self.project} {self.year}"


class ProjectProgress(BusinessModel):
    """月调度: the investment a project completed in one month, with notes and problems."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="progress")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=[validate_month])
    completed_investment = money_field(_("investment completed this month (10k yuan)"), default=Decimal("0"))
    progress_note = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems"), blank=True)

    scope = Scope(park="project__park", department="project__department")

    class Meta:
        ordering = ["project", "-year", "-month"]
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="progress_unique_period"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="progress_month_1_12"),
        ]
        indexes = [models.Index(fields=["year", "month"], name="progress_period_idx")]

    def __str__(self):
        return f"{self.project} {self.year}-{self.month:02d}"
