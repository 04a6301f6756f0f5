"""Indicators and targets, generated reports, and the park evaluation (园区考评) with its
publication and objections.  This app reads every other app (STYLE.md "Apps in layers")."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parks.models import Park
from portal.models import BusinessModel
from portal.periods import validate_month
from portal.scoping import Scope

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class SubjectType(models.TextChoices):
    """What a target or report is about (called *subject*; *scope* is reserved for access)."""

    REGION = "region", _("Region")
    PARK = "park", _("Park")
    CLUSTER = "cluster", _("Cluster")
    CHAIN = "chain", _("Chain")


class Indicator(models.Model):
    """指标: one row per registered indicator function (reports/indicators.py) or hand-entered one."""

    class Method(models.TextChoices):
        COMPUTED = "computed", _("Computed from the data")
        MANUAL = "manual", _("Entered by hand")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.COMPUTED)
    subjects = models.JSONField(_("subjects supported"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class Target(BusinessModel):
    """目标: an indicator's target value for a subject and year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    subject_type = models.CharField(
        _("subject type"), max_length=10, choices=SubjectType.choices, default=SubjectType.REGION
    )
    subject_id = models.PositiveBigIntegerField(_("subject"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope = Scope(department=None, officer_change="all")

    class Meta:
        ordering = ["-year", "indicator"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "subject_type", "subject_id", "year"],
                name="target_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(subject_type="region", subject_id__isnull=True)
                | ~Q(subject_type="region") & Q(subject_id__isnull=False),
                name="target_subject_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"

    def clean(self):
        super().clean()
        if self.subject_type == SubjectType.REGION and self.subject_id is not None:
            raise ValidationError({"subject_id": _("A region-wide target has no subject.")})
        if self.subject_type != SubjectType.REGION and self.subject_id is None:
            raise ValidationError({"subject_id": _("Choose the park, cluster or chain of this target.")})


class Report(models.Model):
    """A generated report: one per (kind, period, subject); a rerun replaces it."""

    class Kind(models.TextChoices):
        MONTHLY_BULLETIN = "monthly_bulletin", _("Monthly park bulletin")
        QUARTERLY = "quarterly", _("Quarterly progress report")
        HALF_YEAR = "half_year", _("Half-year review")
        ANNUAL = "annual", _("Annual assessment")
        CHAIN = "chain", _("Chain report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    period = models.PositiveSmallIntegerField(
        _("period"), default=0, help_text=_("month 1–12, quarter 1–4, half 1–2, or 0 for a year")
    )
    subject_type = models.CharField(
        _("subject type"), max_length=10, choices=SubjectType.choices, default=SubjectType.REGION
    )
    subject_id = models.PositiveBigIntegerField(_("subject"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    content = models.JSONField(_("content"), default=dict, blank=True)
    html = models.TextField(_("rendered text"), blank=True)
    docx = models.FileField(_("Word document"), upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(_("Excel annex"), upload_to="reports/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    schedule = models.CharField(_("schedule"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-year", "-period", "kind"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "period", "subject_type", "subject_id"],
                name="report_unique_per_period_subject",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} {self.year}-{self.period}"


class EvaluationScheme(BusinessModel):
    """园区考评方案: indicators with weights, grade thresholds, period and publication days."""

    name = models.CharField(_("name"), max_length=100)
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    items = models.JSONField(
        _("indicators and weights"),
        default=list,
        help_text=_('[{"indicator": "tax_per_mu", "weight": 30, "best": 50, "worst": 0}, …]'),
    )
    thresholds = models.JSONField(
        _("grade thresholds"), default=dict, help_text=_('{"excellent": 90, "good": 80, "fair": 60}')
    )
    publication_days = models.PositiveSmallIntegerField(_("publication days"), default=7)
    bottom_n = models.PositiveSmallIntegerField(_("bottom ranks watched"), default=3)
    award_fund = models.DecimalField(_("award fund (10k yuan)"), max_digits=14, decimal_places=2, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    scope = Scope(officer_change="all")

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")

    def __str__(self):
        return self.name


class ParkEvaluation(BusinessModel):
    """园区考评: one park's result in one evaluation period (ending in ``year``-``month``)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLICIZED = "publicized", _("Under publication")
        FINAL = "final", _("Final")

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="evaluations"
    )
    park = models.ForeignKey(Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("period ends in month"), validators=[validate_month])
    total_score = models.DecimalField(_("total score"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    park_count = models.PositiveSmallIntegerField(_("parks ranked"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    publication_ends_on = models.DateField(_("publication ends on"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)

    scope = Scope(park="park", staff_change=False, officer_change="all")

    class Meta:
        ordering = ["-year", "-month", "rank"]
        verbose_name = _("park evaluation")
        verbose_name_plural = _("park evaluations")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "park", "year", "month"], name="evaluation_unique_period"),
        ]

    def __str__(self):
        return f"{self.park} {self.year}-{self.month:02d}"


class ParkEvaluationItem(models.Model):
    """One indicator's input value, weight and points in a park's evaluation (explainable scores)."""

    evaluation = models.ForeignKey(
        ParkEvaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="items"
    )
    indicator_code = models.CharField(_("indicator"), max_length=40)
    indicator_name = models.CharField(_("indicator name"), max_length=60)
    input_value = models.DecimalField(_("input value"), max_digits=18, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator_code"], name="evaluationitem_unique"),
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.indicator_name}"


class EvaluationObjection(BusinessModel):
    """异议: a park objects to an input of its evaluation during publication."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    evaluation = models.ForeignKey(
        ParkEvaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="objections"
    )
    item = models.ForeignKey(
        ParkEvaluationItem,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    claimed_value = models.DecimalField(_("value claimed"), max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(_("reply"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope = Scope(park="evaluation__park", officer_change="all")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation objection")
        verbose_name_plural = _("evaluation objections")

    def __str__(self):
        return f"{self.evaluation}: {self.reason[:30]}"


class SummaryDefinition(models.Model):
    """A saved summary (汇总表) definition: dimension, indicators and the kind of period, rerun
    for any month (by default the latest one)."""

    class Mode(models.TextChoices):
        MONTH = "month", _("One month")
        YTD = "ytd", _("Months 1–N (year to date)")
        YEAR = "year", _("Whole year")

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="summary_definitions"
    )
    dimension = models.CharField(_("dimension"), max_length=20)
    indicators = models.JSONField(_("indicators"), default=list)
    mode = models.CharField(_("period"), max_length=5, choices=Mode.choices, default=Mode.YTD)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved summary")
        verbose_name_plural = _("saved summaries")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="summary_definition_unique_name")]

    def __str__(self):
        return self.name


# -- monthly rollups behind the dashboards (reports/rollups.py) ---------------------------------
#
# Derived data, rebuilt from the raw rows at any time (``manage.py rollups_rebuild``): plain
# integer keys, no foreign keys, 0 where an enterprise has no park or no region.

ROLLUP_SUM_FIELDS = (
    "output_value",
    "revenue",
    "tax",
    "profit",
    "rd_expense",
    "exports",
    "energy_tce",
    "land_used_mu",
    "employees",
    "rd_staff",
    "patents_invention",
    "patents_utility",
    "patents_design",
)
ROLLUP_QUALIFICATION_KINDS = ("high_tech", "tech_sme", "srdi_sme", "little_giant")


def _sum_field():
    return models.DecimalField(max_digits=20, decimal_places=2, default=0)


class MonthlyRollup(models.Model):
    """One month of the monthly figures of a group of enterprises, added up, and the group's
    enterprise counts on the month's last day.  A group is the enterprises of one (park, region)
    pair — so a district is the rows of its region plus those of its parks, each enterprise
    counted once — either all of them (dimension "all") or those on a cluster's or a chain's
    nodes (dimension "cluster"/"chain", ``member_id`` the cluster or chain)."""

    class Dimension(models.TextChoices):
        ALL = "all", _("All enterprises")
        CLUSTER = "cluster", _("Cluster")
        CHAIN = "chain", _("Chain")

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    park_id = models.IntegerField(_("park"), default=0)
    region_id = models.IntegerField(_("region"), default=0)
    dimension = models.CharField(_("dimension"), max_length=8, choices=Dimension.choices, default=Dimension.ALL)
    member_id = models.IntegerField(_("member"), default=0)
    reporting = models.PositiveIntegerField(_("enterprises reporting"), default=0)
    output_value = _sum_field()
    revenue = _sum_field()
    tax = _sum_field()
    profit = _sum_field()
    rd_expense = _sum_field()
    exports = _sum_field()
    energy_tce = _sum_field()
    land_used_mu = _sum_field()
    employees = models.BigIntegerField(default=0)
    rd_staff = models.BigIntegerField(default=0)
    patents_invention = models.BigIntegerField(default=0)
    patents_utility = models.BigIntegerField(default=0)
    patents_design = models.BigIntegerField(default=0)
    # stocks on the month's last day: active enterprises established by then, and holders of a
    # valid qualification of each kind
    enterprises = models.PositiveIntegerField(default=0)
    above_size = models.PositiveIntegerField(default=0)
    qual_high_tech = models.PositiveIntegerField(default=0)
    qual_tech_sme = models.PositiveIntegerField(default=0)
    qual_srdi_sme = models.PositiveIntegerField(default=0)
    qual_little_giant = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly rollup")
        verbose_name_plural = _("monthly rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "member_id", "year", "month", "park_id", "region_id"], name="rollup_unique_key"
            )
        ]
        indexes = [models.Index(fields=["park_id", "region_id", "year", "month"], name="rollup_bucket_idx")]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.park_id}/{self.region_id} {self.dimension} {self.member_id}"


class NodeRollup(models.Model):
    """Active enterprises (and above-size ones) of a chain node in one (park, region) group."""

    node_id = models.IntegerField(_("chain node"))
    park_id = models.IntegerField(_("park"), default=0)
    region_id = models.IntegerField(_("region"), default=0)
    enterprises = models.PositiveIntegerField(default=0)
    above_size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chain node rollup")
        verbose_name_plural = _("chain node rollups")
        constraints = [models.UniqueConstraint(fields=["node_id", "park_id", "region_id"], name="noderollup_unique")]
        indexes = [models.Index(fields=["park_id", "region_id"], name="noderollup_bucket_idx")]

    def __str__(self):
        return f"{self.node_id} {self.park_id}/{self.region_id}"


class RollupState(models.Model):
    """One row: the months the rollups cover and when they were last rebuilt."""

    first_year = models.PositiveSmallIntegerField(default=0)
    first_month = models.PositiveSmallIntegerField(default=0)
    last_year = models.PositiveSmallIntegerField(default=0)
    last_month = models.PositiveSmallIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup state")

    def __str__(self):
        return f"{self.first_year}-{self.first_month:02d} … {self.last_year}-{self.last_month:02d}"


class RollupBucket(models.Model):
    """A (park, region) group whose rollups wait for a recomputation after a change of who belongs
    to it (an enterprise moved, deactivated, flagged above size, qualified, put on a chain node).
    While any such row exists the dashboards say their figures are being recomputed."""

    park_id = models.IntegerField(default=0)
    region_id = models.IntegerField(default=0)
    changes = models.PositiveIntegerField(default=1)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rollup group to recompute")
        verbose_name_plural = _("rollup groups to recompute")
        constraints = [models.UniqueConstraint(fields=["park_id", "region_id"], name="rollupbucket_unique")]

    def __str__(self):
        return f"{self.park_id}/{self.region_id}"
