"""Clusters (产业集群), their chains (产业链), chain nodes (环节), investment leads that would fill
them (补链招商) and supply links between enterprises (配套关系)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, Industry
from parks.models import Park, money_field
from portal.models import BusinessModel, Department
from portal.scoping import Scope


class Cluster(BusinessModel):
    class Category(models.TextChoices):
        ADVANTAGE = "advantage", _("Advantage")
        EMERGING = "emerging", _("Emerging")
        TRADITIONAL = "traditional", _("Traditional")
        FUTURE = "future", _("Future")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    scale_tier = models.CharField(_("scale tier target"), max_length=20, blank=True)
    designations = models.CharField(_("designations"), max_length=200, blank=True)
    group_leader = models.CharField(_("group leader"), max_length=60, blank=True)
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(department="lead_department")

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return self.name


class Chain(BusinessModel):
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="chains")
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    leader = models.CharField(_("chain leader"), max_length=60, blank=True, help_text=_("链长, e.g. a deputy mayor"))
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_parks = models.ManyToManyField(Park, verbose_name=_("host parks"), blank=True, related_name="chains")
    chain_masters = models.ManyToManyField(
        Enterprise, verbose_name=_("chain-master enterprises"), blank=True, related_name="mastered_chains"
    )
    weak_threshold = models.PositiveSmallIntegerField(
        _("weak below"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A node with fewer enterprises than this, or with no above-size one, is weak."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(department="lead_department")

    class Meta:
        ordering = ["cluster__sort_order", "sort_order", "code"]
        verbose_name = _("industrial chain")
        verbose_name_plural = _("industrial chains")

    def __str__(self):
        return self.name


class ChainNode(BusinessModel):
    class Stage(models.TextChoices):
        UPSTREAM = "upstream", _("Upstream")
        MIDSTREAM = "midstream", _("Midstream")
        DOWNSTREAM = "downstream", _("Downstream")

    chain = models.ForeignKey(Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent node"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    name = models.CharField(_("name"), max_length=60)
    is_key = models.BooleanField(_("key link"), default=False)
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("enterprises"), blank=True, related_name="chain_nodes"
    )

    scope = Scope(department="chain__lead_department")

    class Meta:
        ordering = ["chain", "stage", "sort_order", "pk"]
        verbose_name = _("chain node")
        verbose_name_plural = _("chain nodes")
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="chainnode_unique_name_per_chain")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id:
            if self.parent.chain_id != self.chain_id:
                raise ValidationError({"parent": _("The parent node must belong to the same chain.")})
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("A node cannot be placed under itself or its own children.")})
                ancestor = ancestor.parent


class InvestmentLead(BusinessModel):
    """招商线索: a company outside the region that could fill a chain node."""

    class Stage(models.TextChoices):
        CONTACTED = "contacted", _("Contacted")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        LANDED = "landed", _("Landed")
        DROPPED = "dropped", _("Dropped")

    node = models.ForeignKey(ChainNode, verbose_name=_("chain node"), on_delete=models.PROTECT, related_name="leads")
    company_name = models.CharField(_("company"), max_length=100)
    location = models.CharField(_("company location"), max_length=60, blank=True)
    target_park = models.ForeignKey(
        Park, verbose_name=_("target park"), null=True, blank=True, on_delete=models.PROTECT, related_name="leads"
    )
    expected_investment = money_field(_("expected investment (10k yuan)"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.CONTACTED, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step date"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    landed_enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("landed as"), null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )

    scope = Scope(park="target_park", department="node__chain__lead_department")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")

    def __str__(self):
        return self.company_name


class SupplyLink(BusinessModel):
    """配套关系: a supplier enterprise sells to a customer enterprise."""

    supplier = models.ForeignKey(
        Enterprise, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="supplies"
    )
    customer = models.ForeignKey(
        Enterprise, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="purchases"
    )
    product = models.CharField(_("product"), max_length=100)
    annual_amount = money_field(_("annual amount (10k yuan)"), default=Decimal("0"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])

    scope = Scope(park=("supplier__park", "customer__park"))

    class Meta:
        ordering = ["-year", "supplier"]
        verbose_name = _("supply link")
        verbose_name_plural = _("supply links")
        constraints = [
            models.CheckConstraint(condition=~Q(supplier=models.F("customer")), name="supplylink_not_self"),
            models.UniqueConstraint(fields=["supplier", "customer", "product", "year"], name="supplylink_unique"),
        ]

    def __str__(self):
        return f"{self.supplier} → {self.customer}"

    def clean(self):
        super().clean()
        if self.supplier_id and self.supplier_id == self.customer_id:
            raise ValidationError({"customer": _("An enterprise cannot supply itself.")})
