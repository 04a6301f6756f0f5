"""One definition of each figure (STYLE.md).

An indicator is a registered function of a *subject* (the region, a district, a park, a cluster or
a chain) and a *span* (one month, 1–N月 of a year, or a whole year).  The cockpit, the API
aggregates, the analysts' summaries, the reports and the park evaluation all call
:func:`compute` / :func:`figures`, never their own queries, so they agree by construction.

Indicators of the same source are computed together: all monthly-figure sums of a subject for a
span and the same span last year come from one query; all qualification counts from another.
"""

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusters.models import ChainNode
from clusters.rules import chain_completeness, node_status
from enterprises.models import Enterprise, EnterpriseStat, Qualification, ServiceRequest
from enterprises.selectors import overdue_q
from parks.models import InnovationCarrier
from portal.periods import Period, quantize, time_elapsed_progress, yoy
from projects.models import Project, ProjectPlan, ProjectProgress
from projects.rules import is_lagging

REGION, DISTRICT, PARK, CLUSTER, CHAIN = "region", "district", "park", "cluster", "chain"
SUBJECT_TYPES = (REGION, DISTRICT, PARK, CLUSTER, CHAIN)


@dataclasses.dataclass(frozen=True)
class Subject:
    type: str = REGION
    id: int | None = None

    def __post_init__(self):
        if self.type not in SUBJECT_TYPES:
            raise ValueError(f"unknown subject type {self.type!r}")
        if (self.type == REGION) != (self.id is None):
            raise ValueError("the region has no id; every other subject needs one")


@dataclasses.dataclass(frozen=True)
class Span:
    """The months a flow figure adds up: ``mode`` "month" (that month), "ytd" (1–N月) or "year"."""

    year: int
    month: int
    mode: str = "ytd"

    def __post_init__(self):
        if self.mode not in {"month", "ytd", "year"}:
            raise ValueError(f"unknown span mode {self.mode!r}")
        Period(self.year, self.month)  # validates the month

    @property
    def first_month(self):
        return self.month if self.mode == "month" else 1

    @property
    def last_month(self):
        return 12 if self.mode == "year" else self.month

    @property
    def end_date(self):
        return Period(self.year, self.last_month).last_day

    def last_year(self):
        return Span(self.year - 1, self.month, self.mode)

    def months_q(self, prefix=""):
        return Q(
            **{
                f"{prefix}year": self.year,
                f"{prefix}month__gte": self.first_month,
                f"{prefix}month__lte": self.last_month,
            }
        )

    @property
    def label(self):
        if self.mode == "month":
            return _("%(year)s/%(month)s") % {"year": self.year, "month": self.month}
        if self.mode == "year":
            return _("year %(year)s") % {"year": self.year}
        return _("%(year)s, months 1–%(month)s") % {"year": self.year, "month": self.month}


@dataclasses.dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    source: str
    kind: str  # "flow" (adds up over the span) or "stock" (a count on the span's last day)
    field: str = ""
    compute: Callable | None = None
    order: int = 0


REGISTRY: dict[str, IndicatorDef] = {}


def register(code, name, unit, source, kind="flow", field="", compute=None):
    REGISTRY[code] = IndicatorDef(code, name, unit, source, kind, field, compute, order=len(REGISTRY))


def indicator(code, name, unit, kind="stock"):
    """Register a custom indicator: ``@indicator("platforms", _("Innovation platforms"), unit)``."""

    def wrap(func):
        register(code, name, unit, "custom", kind, compute=func)
        return func

    return wrap


# -- who belongs to a subject -------------------------------------------------------------------


def enterprise_q(subject, prefix=""):
    """Q selecting the enterprises of a subject; ``prefix`` reaches Enterprise from another model
    (``"enterprise__"`` from monthly figures)."""
    p = prefix
    if subject.type == REGION:
        return Q()
    if subject.type == DISTRICT:
        return Q(**{f"{p}region_id": subject.id}) | Q(**{f"{p}park__region_id": subject.id})
    if subject.type == PARK:
        return Q(**{f"{p}park_id": subject.id})
    members = ChainNode.enterprises.through.objects
    if subject.type == CHAIN:
        members = members.filter(chainnode__chain_id=subject.id)
    else:
        members = members.filter(chainnode__chain__cluster_id=subject.id)
    return Q(**{f"{p}pk__in": members.values("enterprise_id")})


def enterprises(subject):
    return Enterprise.objects.filter(is_active=True).filter(enterprise_q(subject))


def project_q(subject, prefix=""):
    p = prefix
    if subject.type == REGION:
        return Q()
    if subject.type == DISTRICT:
        return Q(**{f"{p}park__region_id": subject.id})
    if subject.type == PARK:
        return Q(**{f"{p}park_id": subject.id})
    if subject.type == CHAIN:
        return Q(**{f"{p}chain_id": subject.id})
    return Q(**{f"{p}chain__cluster_id": subject.id})


def park_q(subject, prefix=""):
    if subject.type == REGION:
        return Q()
    if subject.type == DISTRICT:
        return Q(**{f"{prefix}region_id": subject.id})
    if subject.type == PARK:
        return Q(**{f"{prefix}pk": subject.id})
    if subject.type == CHAIN:
        return Q(**{f"{prefix}chains": subject.id})
    return Q(**{f"{prefix}chains__cluster": subject.id})


# -- sources ------------------------------------------------------------------------------------

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=20, decimal_places=2))


def stat_sums(subject, spans, fields):
    """{span: {field: Decimal}} from one query over the monthly figures."""
    stats = EnterpriseStat.objects.filter(enterprise_q(subject, "enterprise__"))
    window = Q()
    for span in spans:
        window |= span.months_q()
    aggregates = {}
    for i, span in enumerate(spans):
        for field in fields:
            # Counts (patents) are integers: the sum is a decimal like the money fields.
            aggregates[f"{field}__{i}"] = Coalesce(
                Sum(field, filter=span.months_q()), ZERO, output_field=ZERO.output_field
            )
    row = stats.filter(window).aggregate(**aggregates)
    return {span: {field: row[f"{field}__{i}"] for field in fields} for i, span in enumerate(spans)}


def qualification_counts(subject, days, kinds):
    """{day: {kind code: enterprises holding a valid one on that day}} from one query."""
    quals = Qualification.objects.filter(enterprise__is_active=True).filter(enterprise_q(subject, "enterprise__"))
    aggregates = {}
    for i, day in enumerate(days):
        valid = Q(granted_on__lte=day) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        for kind in kinds:
            aggregates[f"{kind}__{i}"] = Count("enterprise", filter=valid & Q(kind__code=kind), distinct=True)
    row = quals.filter(kind__code__in=kinds).aggregate(**aggregates)
    return {day: {kind: Decimal(row[f"{kind}__{i}"]) for kind in kinds} for i, day in enumerate(days)}


def investment_sums(subject, spans):
    """{span: investment completed (万元)} of the subject's projects, from one query."""
    progress = ProjectProgress.objects.filter(project_q(subject, "project__"), project__is_active=True)
    aggregates = {
        f"inv__{i}": Coalesce(Sum("completed_investment", filter=span.months_q()), ZERO) for i, span in enumerate(spans)
    }
    row = progress.aggregate(**aggregates)
    return {span: row[f"inv__{i}"] for i, span in enumerate(spans)}


# -- the registry -------------------------------------------------------------------------------

STAT_FIELDS = {
    "output_value": (_("Industrial output value"), _("10k yuan")),
    "revenue": (_("Operating revenue"), _("10k yuan")),
    "tax": (_("Tax paid"), _("10k yuan")),
    "profit": (_("Profit"), _("10k yuan")),
    "rd_expense": (_("R&D expenditure"), _("10k yuan")),
    "exports": (_("Exports"), _("10k yuan")),
    "patents_invention": (_("Invention patents granted"), pgettext_lazy("unit", "items")),
    "patents_utility": (_("Utility model patents granted"), pgettext_lazy("unit", "items")),
    "patents_design": (_("Design patents granted"), pgettext_lazy("unit", "items")),
}
for _field, (_name, _unit) in STAT_FIELDS.items():
    register(_field, _name, _unit, "stat", field=_field)

QUALIFICATION_INDICATORS = {
    "high_tech_count": ("high_tech", _("High-tech enterprises")),
    "tech_sme_count": ("tech_sme", _("Technology-based SMEs")),
    "srdi_count": ("srdi_sme", _("Specialized and sophisticated SMEs")),
    "little_giant_count": ("little_giant", _("Little giant enterprises")),
}
for _code, (_kind, _name) in QUALIFICATION_INDICATORS.items():
    register(_code, _name, pgettext_lazy("unit", "enterprises"), "qualification", kind="stock", field=_kind)

register("investment_completed", _("Fixed-asset investment completed"), _("10k yuan"), "investment")


@indicator("enterprise_count", _("Enterprises"), pgettext_lazy("unit", "enterprises"))
def enterprise_count(subject, span):
    return Decimal(
        enterprises(subject).filter(Q(established_on__isnull=True) | Q(established_on__lte=span.end_date)).count()
    )


@indicator("above_size_count", _("Above-designated-size enterprises"), pgettext_lazy("unit", "enterprises"))
def above_size_count(subject, span):
    return Decimal(enterprises(subject).filter(above_size=True).count())


@indicator("patents", _("Patents granted"), pgettext_lazy("unit", "items"), kind="flow")
def patents(subject, span):
    sums = stat_sums(subject, [span], ["patents_invention", "patents_utility", "patents_design"])[span]
    return sum(sums.values(), Decimal("0"))


@indicator("platforms", _("Innovation platforms"), pgettext_lazy("unit", "units"))
def platforms(subject, span):
    carriers = InnovationCarrier.objects.filter(park_q(subject, "park__"), status__in=["built", "operating"]).filter(
        Q(recognized_on__isnull=True) | Q(recognized_on__lte=span.end_date)
    )
    return Decimal(carriers.distinct().count())


@indicator("tax_per_mu", _("Tax per mu"), _("10k yuan per mu"), kind="flow")
def tax_per_mu(subject, span):
    sums = stat_sums(subject, [span], ["tax"])[span]
    land = land_used(subject, span)
    return quantize(sums["tax"] / land, Decimal("0.01")) if land else None


@indicator("revenue_per_mu", _("Revenue per mu"), _("10k yuan per mu"), kind="flow")
def revenue_per_mu(subject, span):
    sums = stat_sums(subject, [span], ["revenue"])[span]
    land = land_used(subject, span)
    return quantize(sums["revenue"] / land, Decimal("0.01")) if land else None


@indicator("rd_intensity", _("R&D intensity"), "%", kind="flow")
def rd_intensity(subject, span):
    sums = stat_sums(subject, [span], ["rd_expense", "revenue"])[span]
    return quantize(sums["rd_expense"] * 100 / sums["revenue"], Decimal("0.01")) if sums["revenue"] else None


def land_used(subject, span):
    """Land in use (亩) in the span's last month: land is a stock, not added up over months."""
    last = Span(span.year, span.last_month, "month")
    return stat_sums(subject, [last], ["land_used_mu"])[last]["land_used_mu"]


@indicator("projects_started", _("Projects newly started"), pgettext_lazy("unit", "projects"), kind="flow")
def projects_started(subject, span):
    start = datetime.date(span.year, span.first_month, 1)
    return Decimal(
        Project.objects.filter(
            project_q(subject), is_active=True, started_on__gte=start, started_on__lte=span.end_date
        ).count()
    )


@indicator("projects_lagging", _("Lagging projects"), pgettext_lazy("unit", "projects"))
def projects_lagging(subject, span):
    return Decimal(len(lagging_projects(subject, span)))


@indicator("overdue_requests", _("Overdue service requests"), pgettext_lazy("unit", "requests"))
def overdue_requests(subject, span):
    return Decimal(
        ServiceRequest.objects.filter(enterprise_q(subject, "enterprise__"))
        .filter(received_on__lte=span.end_date)
        .filter(overdue_q(span.end_date))
        .count()
    )


@indicator("chain_completeness", _("Chain completeness"), "%")
def chain_completeness_indicator(subject, span):
    nodes = ChainNode.objects.all()
    if subject.type == CHAIN:
        nodes = nodes.filter(chain_id=subject.id)
    elif subject.type == CLUSTER:
        nodes = nodes.filter(chain__cluster_id=subject.id)
    statuses = [status for _node, status in node_statuses(nodes)]
    rate = chain_completeness(statuses)
    return quantize(rate * 100, Decimal("0.01")) if rate is not None else None


# -- shared selectors behind the indicators -------------------------------------------------------


def node_statuses(nodes):
    """[(node, "missing"|"weak"|"strong")] with the enterprise counts in one query."""
    annotated = nodes.select_related("chain").annotate(
        n_enterprises=Count("enterprises", filter=Q(enterprises__is_active=True), distinct=True),
        n_above=Count(
            "enterprises", filter=Q(enterprises__is_active=True, enterprises__above_size=True), distinct=True
        ),
    )
    return [(node, node_status(node.n_enterprises, node.n_above, node.chain.weak_threshold)) for node in annotated]


def lagging_projects(subject, span):
    """Projects under way whose 1–N月 completion is more than 10 points behind 序时进度."""
    projects = (
        Project.objects.filter(project_q(subject), is_active=True, stage__in=["newly_started", "under_construction"])
        .annotate(
            ytd=Coalesce(
                Sum(
                    "progress__completed_investment",
                    filter=Q(progress__year=span.year, progress__month__lte=span.month),
                ),
                ZERO,
            )
        )
        .select_related("park")
    )
    plans = dict(
        ProjectPlan.objects.filter(project__in=[p.pk for p in projects], year=span.year).values_list(
            "project_id", "planned_investment"
        )
    )
    lagging = []
    for project in projects:
        plan = plans.get(project.pk)
        if plan and is_lagging(project.ytd, plan, span.month):
            project.annual_plan = plan
            project.elapsed = time_elapsed_progress(span.month)
            lagging.append(project)
    return lagging


# -- computing ----------------------------------------------------------------------------------


def compute_many(codes, subject, spans):
    """{span: {code: value}} for several indicators and spans, grouping by source."""
    result = {span: {} for span in spans}
    by_source = {}
    for code in codes:
        by_source.setdefault(REGISTRY[code].source, []).append(REGISTRY[code])
    if "stat" in by_source:
        sums = stat_sums(subject, spans, [d.field for d in by_source["stat"]])
        for span in spans:
            for d in by_source["stat"]:
                result[span][d.code] = sums[span][d.field]
    if "qualification" in by_source:
        days = [span.end_date for span in spans]
        counts = qualification_counts(subject, days, [d.field for d in by_source["qualification"]])
        for span in spans:
            for d in by_source["qualification"]:
                result[span][d.code] = counts[span.end_date][d.field]
    if "investment" in by_source:
        sums = investment_sums(subject, spans)
        for span in spans:
            result[span]["investment_completed"] = sums[span]
    for d in by_source.get("custom", []):
        for span in spans:
            result[span][d.code] = d.compute(subject, span)
    return result


def compute(code, subject, span):
    return compute_many([code], subject, [span])[span][code]


def figures(codes, subject, span):
    """[{code, name, unit, value, last_year, yoy}] for the span and the same span last year."""
    last = span.last_year()
    values = compute_many(codes, subject, [span, last])
    rows = []
    for code in codes:
        d = REGISTRY[code]
        current, previous = values[span][code], values[last][code]
        rows.append(
            {
                "code": code,
                "name": d.name,
                "unit": d.unit,
                "value": current,
                "last_year": previous,
                "yoy": yoy(current, previous),
            }
        )
    return rows


def sync_indicator_rows():
    """Make the Indicator table list every registered indicator (name, unit, order)."""
    from .models import Indicator

    for d in REGISTRY.values():
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={
                "name": str(d.name),
                "unit": str(d.unit),
                "method": Indicator.Method.COMPUTED,
                "subjects": list(SUBJECT_TYPES),
                "sort_order": d.order,
            },
        )
