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
import decimal
import json
import typing
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import connections
from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusters import selectors as cluster_selectors
from clusters.models import Chain, ChainNode
from clusters.rules import chain_completeness, node_status
from enterprises.models import Enterprise, EnterpriseStat, Qualification, QualificationKind, ServiceRequest
from enterprises.selectors import local_q, local_regions, overdue_q
from parks.models import InnovationCarrier, Park
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


REGION_SUBJECT = Subject()


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
    many: bool = False  # ``compute(subject, spans)`` returns {span: value} from one query
    rollup: str | tuple = ""  # the MonthlyRollup column(s) it adds up, when it can be read there


REGISTRY: dict[str, IndicatorDef] = {}
RAW, ROLLUP = "raw", "rollup"  # where compute_many() reads: the rows, or the monthly rollups


def register(code, name, unit, source, kind="flow", field="", compute=None, many=False, rollup=""):
    REGISTRY[code] = IndicatorDef(
        code, name, unit, source, kind, field, compute, order=len(REGISTRY), many=many, rollup=rollup
    )


def indicator(code, name, unit, kind="stock", many=False):
    """Register a custom indicator: ``@indicator("platforms", _("Innovation platforms"), unit)``.

    With ``many=True`` the function takes ``(subject, spans)`` and returns ``{span: value}``, so
    the span and the same span last year come from one query."""

    def wrap(func):
        register(code, name, unit, "custom", kind, compute=func, many=many)
        return func

    return wrap


# -- who belongs to a subject -------------------------------------------------------------------


def enterprise_q(subject, prefix=""):
    """Q selecting the enterprises of a subject; ``prefix`` reaches Enterprise from another model
    (``"enterprise__"`` from monthly figures)."""
    p = prefix
    if subject.type == REGION:
        # the region's own enterprises: in a park, or registered in the region; not the suppliers
        # elsewhere that chain maps record on their nodes
        return local_q(p)
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
    """{span: {field: Decimal}} from one query over the monthly figures: the months of every span's
    years grouped once (year, month), then each span adds up its months."""
    monthly = stat_monthly(subject, sorted({span.year for span in spans}), fields)
    zero = Decimal("0.00")
    result = {}
    for span in spans:
        months = [monthly.get((span.year, m)) for m in range(span.first_month, span.last_month + 1)]
        result[span] = {field: sum((m[field] for m in months if m), zero) for field in fields}
    return result


def stat_monthly(subject, years, fields):
    """{(year, month): {field: Decimal}} of the monthly figures, one pass grouped by month (the
    monthly trend: cheaper than one filtered sum per month)."""
    rows = (
        EnterpriseStat.objects.filter(enterprise_q(subject, "enterprise__"), year__in=years)
        .order_by()
        .values("year", "month")
        .annotate(**{f"sum_{f}": Coalesce(Sum(f), ZERO, output_field=ZERO.output_field) for f in fields})
    )
    return {(r["year"], r["month"]): {f: Decimal(r[f"sum_{f}"]) for f in fields} for r in rows}


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
    window = Q()
    for span in spans:
        window |= span.months_q()  # only the spans' months: the (year, month) index
    progress = ProjectProgress.objects.filter(window, project_q(subject, "project__"), project__is_active=True)
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
    register(_field, _name, _unit, "stat", field=_field, rollup=_field)

QUALIFICATION_INDICATORS = {
    "high_tech_count": ("high_tech", _("High-tech enterprises")),
    "tech_sme_count": ("tech_sme", _("Technology-based SMEs")),
    "srdi_count": ("srdi_sme", _("Specialized and sophisticated SMEs")),
    "little_giant_count": ("little_giant", _("Little giant enterprises")),
}
for _code, (_kind, _name) in QUALIFICATION_INDICATORS.items():
    register(
        _code,
        _name,
        pgettext_lazy("unit", "enterprises"),
        "qualification",
        kind="stock",
        field=_kind,
        rollup=f"qual_{_kind}",
    )

register("investment_completed", _("Fixed-asset investment completed"), _("10k yuan"), "investment")


def established_by(day):
    return Q(established_on__isnull=True) | Q(established_on__lte=day)


def enterprise_counts(subject, spans, defs):
    """{span: {code: Decimal}}: active enterprises established by each span's last day (and
    meeting each indicator's condition), every span and indicator from one query.  The 规上 flag
    is current: last year's figure counts today's above-size enterprises that existed then."""
    aggregates = {
        f"{d.code}__{i}": Count("pk", filter=established_by(span.end_date) & d.field)
        for i, span in enumerate(spans)
        for d in defs
    }
    row = enterprises(subject).aggregate(**aggregates)
    return {span: {d.code: Decimal(row[f"{d.code}__{i}"]) for d in defs} for i, span in enumerate(spans)}


register(
    "enterprise_count",
    _("Enterprises"),
    pgettext_lazy("unit", "enterprises"),
    "enterprise",
    "stock",
    Q(),
    rollup="enterprises",
)
register(
    "above_size_count",
    _("Above-designated-size enterprises"),
    pgettext_lazy("unit", "enterprises"),
    "enterprise",
    "stock",
    Q(above_size=True),
    rollup="above_size",
)


PATENT_FIELDS = ("patents_invention", "patents_utility", "patents_design")
register(
    "patents", _("Patents granted"), pgettext_lazy("unit", "items"), "stat", field=PATENT_FIELDS, rollup=PATENT_FIELDS
)


@indicator("platforms", _("Innovation platforms"), pgettext_lazy("unit", "units"), many=True)
def platforms(subject, spans):
    """Built or operating innovation carriers recognized by the span's last day."""
    carriers = InnovationCarrier.objects.filter(park_q(subject, "park__"), status__in=["built", "operating"])
    aggregates = {
        f"n__{i}": Count("pk", distinct=True, filter=Q(recognized_on__isnull=True) | Q(recognized_on__lte=day))
        for i, day in enumerate(span.end_date for span in spans)
    }
    row = carriers.aggregate(**aggregates)
    return {span: Decimal(row[f"n__{i}"]) for i, span in enumerate(spans)}


@indicator("tax_per_mu", _("Tax per mu"), _("10k yuan per mu"), kind="flow")
def tax_per_mu(subject, span):
    sums = stat_sums(subject, [span], ["tax"])[span]
    return per_mu(sums["tax"], land_used(subject, span))


@indicator("revenue_per_mu", _("Revenue per mu"), _("10k yuan per mu"), kind="flow")
def revenue_per_mu(subject, span):
    sums = stat_sums(subject, [span], ["revenue"])[span]
    return per_mu(sums["revenue"], land_used(subject, span))


@indicator("rd_intensity", _("R&D intensity"), "%", kind="flow")
def rd_intensity(subject, span):
    sums = stat_sums(subject, [span], ["rd_expense", "revenue"])[span]
    return rd_ratio(sums["rd_expense"], sums["revenue"])


def per_mu(amount, land):
    """亩均: an amount ÷ land in use, 2 decimals; None without land."""
    return quantize(amount / land, Decimal("0.01")) if land else None


def rd_ratio(rd_expense, revenue):
    """R&D intensity in %: R&D expenditure × 100 ÷ revenue, 2 decimals; None without revenue."""
    return quantize(rd_expense * 100 / revenue, Decimal("0.01")) if revenue else None


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


@indicator("projects_completed", _("Projects completed"), pgettext_lazy("unit", "projects"), kind="flow")
def projects_completed(subject, span):
    start = datetime.date(span.year, span.first_month, 1)
    return Decimal(
        Project.objects.filter(
            project_q(subject), is_active=True, finished_on__gte=start, finished_on__lte=span.end_date
        ).count()
    )


@indicator("qualifications_new", _("Qualifications newly granted"), pgettext_lazy("unit", "items"), kind="flow")
def qualifications_new(subject, span):
    start = datetime.date(span.year, span.first_month, 1)
    return Decimal(
        Qualification.objects.filter(enterprise__is_active=True)
        .filter(enterprise_q(subject, "enterprise__"), granted_on__gte=start, granted_on__lte=span.end_date)
        .count()
    )


@indicator("leads_signed", _("Investment leads signed"), pgettext_lazy("unit", "items"), kind="flow")
def leads_signed(subject, span):
    from clusters.models import InvestmentLead

    start = datetime.date(span.year, span.first_month, 1)
    leads = InvestmentLead.objects.filter(signed_on__gte=start, signed_on__lte=span.end_date)
    if subject.type == PARK:
        leads = leads.filter(target_park_id=subject.id)
    elif subject.type == DISTRICT:
        leads = leads.filter(target_park__region_id=subject.id)
    elif subject.type == CHAIN:
        leads = leads.filter(node__chain_id=subject.id)
    elif subject.type == CLUSTER:
        leads = leads.filter(node__chain__cluster_id=subject.id)
    return Decimal(leads.count())


@indicator("policy_disbursed", _("Policy funds disbursed"), _("10k yuan"), kind="flow")
def policy_disbursed(subject, span):
    from policies.models import Application

    start = datetime.date(span.year, span.first_month, 1)
    total = (
        Application.objects.filter(enterprise_q(subject, "enterprise__"))
        .filter(status="disbursed", disbursed_on__gte=start, disbursed_on__lte=span.end_date)
        .aggregate(total=Coalesce(Sum("approved_amount"), ZERO))["total"]
    )
    return total


@indicator("projects_lagging", _("Lagging projects"), pgettext_lazy("unit", "projects"))
def projects_lagging(subject, span):
    return Decimal(len(lagging_amounts(subject, span)))


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
    statuses = [status for _node, status in node_statuses(nodes, subject)]
    rate = chain_completeness(statuses)
    return quantize(rate * 100, Decimal("0.01")) if rate is not None else None


# -- shared selectors behind the indicators -------------------------------------------------------


def node_statuses(nodes, subject=REGION_SUBJECT, source=RAW):
    """[(node, "missing"|"weak"|"strong")] with the enterprise counts in one query.  A region,
    district or park subject counts only its enterprises on each node (a chain or cluster subject
    counts them all).  ``source=ROLLUP`` reads the counts from NodeRollup once it is built."""
    from .rollups import coverage

    if source == ROLLUP and coverage() is not None:
        from .models import NodeRollup

        # the region counts every enterprise of a node, as the chain pages do (suppliers elsewhere too)
        within = rollup_group_q(subject) if subject.type in (DISTRICT, PARK) else Q()
        rows = NodeRollup.objects.filter(within, node_id=OuterRef("pk")).order_by().values("node_id")

        def total(column):
            return Coalesce(Subquery(rows.annotate(t=Sum(column)).values("t")), 0)

        annotated = nodes.select_related("chain").annotate(
            n_enterprises=total("enterprises"), n_above=total("above_size")
        )
    elif subject.type not in (DISTRICT, PARK):
        return cluster_selectors.node_statuses(nodes)  # every enterprise of the node: the chain pages' counts
    else:
        # A node's links are unique pairs and the subject's filter joins only to-one rows, so plain
        # counts are exact (COUNT(DISTINCT) would sort every link).
        within = Q(enterprises__is_active=True) & enterprise_q(subject, "enterprises__")
        annotated = nodes.select_related("chain").annotate(
            n_enterprises=Count("enterprises", filter=within),
            n_above=Count("enterprises", filter=within & Q(enterprises__above_size=True)),
        )
    return [(node, node_status(node.n_enterprises, node.n_above, node.chain.weak_threshold)) for node in annotated]


def lagging_amounts(subject, span):
    """{project id: LaggingRow(ytd, plan, name, park_id, park)} of the projects under way whose
    1–N月 completion is more than 10 points behind 序时进度 (projects.rules.is_lagging decides).

    One query: each candidate's plan of the year, its name and park, and its 1–N月 progress added
    up beside them through the (project, year, month) index — not a join grouped by every project
    column."""
    from django.db import connection

    from parks.models import Park

    candidates = Project.objects.filter(
        project_q(subject), is_active=True, stage__in=["newly_started", "under_construction"]
    ).values("pk")
    ids_sql, ids_params = candidates.query.sql_with_params()
    plans, progress = ProjectPlan._meta.db_table, ProjectProgress._meta.db_table
    projects, parks = Project._meta.db_table, Park._meta.db_table
    query = (
        f"SELECT pl.project_id, pl.planned_investment, (SELECT SUM(g.completed_investment) FROM {progress} g "
        "WHERE g.project_id = pl.project_id AND g.year = %s AND g.month <= %s), p.name, p.park_id, k.name, "
        f"k.short_name FROM {plans} pl JOIN {projects} p ON p.id = pl.project_id LEFT JOIN {parks} k "
        f"ON k.id = p.park_id WHERE pl.year = %s AND pl.project_id IN ({ids_sql})"
    )
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(query, [span.year, span.month, span.year, *ids_params])
        for pk, plan, ytd, name, park_id, park_name, park_short in cursor.fetchall():
            plan = Decimal(str(plan)).quantize(Decimal("0.01")) if plan is not None else None
            ytd = Decimal(str(ytd or 0)).quantize(Decimal("0.01"))
            if plan and is_lagging(ytd, plan, span.month):
                found[pk] = LaggingRow(ytd, plan, name, park_id, park_name or "", park_short or "")
    return found


class LaggingRow(typing.NamedTuple):
    ytd: Decimal
    plan: Decimal
    name: str
    park_id: int | None
    park_name: str
    park_short_name: str

    @property
    def park(self):
        """The park as the portal names it (Park.__str__)."""
        from parks.models import Park

        return str(Park(name=self.park_name, short_name=self.park_short_name)) if self.park_id else ""


def lagging_projects(subject, span):
    """The lagging projects (:func:`lagging_amounts`) with their park, ``ytd``, ``annual_plan``
    and ``elapsed``."""
    found = lagging_amounts(subject, span)
    lagging = list(Project.objects.filter(pk__in=list(found)).select_related("park").order_by("pk"))
    for project in lagging:
        row = found[project.pk]
        project.ytd, project.annual_plan = row.ytd, row.plan
        project.plan = project.annual_plan
        project.elapsed = time_elapsed_progress(span.month)
    return lagging


# -- computing ----------------------------------------------------------------------------------


# -- reading the monthly rollups (reports/rollups.py) --------------------------------------------
#
# The same indicators, added up from MonthlyRollup instead of the raw rows: a flow indicator adds
# its rollup column over the span's months, a stock indicator takes it on the span's last month.
# The rollups hold each (park, region) group of enterprises once per dimension, so a subject is a
# set of rows: the region every "all" row, a district the rows of its region and of its parks, a
# park its rows, a cluster or a chain the rows of that member.


def rollup_group_q(subject):
    """Q selecting the (park, region) groups of a region, district or park subject."""
    from parks.models import Park

    if subject.type == DISTRICT:
        return Q(region_id=subject.id) | Q(park_id__in=Park.objects.filter(region_id=subject.id).values("pk"))
    if subject.type == PARK:
        return Q(park_id=subject.id)
    return Q(park_id__gt=0) | Q(region_id__in=local_regions())  # as enterprise_q()


def rollup_q(subject, dimension=None):
    """Q selecting a subject's MonthlyRollup rows (``dimension`` "cluster"/"chain": the rows of every
    member of that dimension within a region or district subject)."""
    if subject.type == CLUSTER:
        return Q(dimension="cluster", member_id=subject.id)
    if subject.type == CHAIN:
        return Q(dimension="chain", member_id=subject.id)
    return Q(dimension=dimension or "all") & rollup_group_q(subject)


def rollup_readable(defs, spans):
    """Whether these indicators can be read from the rollups for these spans: each adds up a
    rollup column and every month they need is one the rollups cover."""
    from .rollups import coverage

    if not defs or any(not d.rollup for d in defs):
        return False
    months = coverage()
    return months is not None and all(
        months[0] <= (s.year, s.first_month) and (s.year, s.last_month) <= months[1] for s in spans
    )


def _columns(d):
    return d.rollup if isinstance(d.rollup, tuple) else (d.rollup,)


def rollup_values(defs, spans, q, group_by=None):
    """{member: {span: {code: Decimal}}} from ONE grouped query over the rollups (``member`` None
    without ``group_by``; else the value of that column, "member_id" or "park_id", or the tuple of
    the values of a tuple of columns)."""
    from .models import MonthlyRollup

    columns = sorted({c for d in defs for c in _columns(d)})
    years = sorted({s.year for s in spans})
    keys = list(group_by) if isinstance(group_by, tuple) else [group_by] if group_by else []
    rows = (
        MonthlyRollup.objects.filter(q, year__in=years)
        .order_by()
        .values(*keys, "year", "month")
        .annotate(**{f"sum_{c}": Sum(c) for c in columns})
    )
    monthly = defaultdict(dict)
    for row in rows:
        member = tuple(row[k] for k in keys) if isinstance(group_by, tuple) else row[group_by] if group_by else None
        monthly[member][(row["year"], row["month"])] = row
    zero = Decimal("0")

    def column_sum(months, column):
        return sum((Decimal(m[f"sum_{column}"] or 0) for m in months if m), zero)

    result = {}
    for member, by_month in monthly.items():
        result[member] = {}
        for span in spans:
            values = {}
            for d in defs:
                if d.kind == "stock":
                    months = [by_month.get((span.year, span.last_month))]
                else:
                    months = [by_month.get((span.year, m)) for m in range(span.first_month, span.last_month + 1)]
                values[d.code] = sum((column_sum(months, c) for c in _columns(d)), zero)
            result[member][span] = values
    return result


def compute_many(codes, subject, spans, source=RAW):
    """{span: {code: value}} for several indicators and spans, grouping by source.

    ``source=ROLLUP`` reads the indicators that say which rollup column they add up from the
    monthly rollups (one query), when the rollups cover the spans; the rest as with RAW."""
    result = {span: {} for span in spans}
    if source == ROLLUP:
        defs = [REGISTRY[code] for code in codes if REGISTRY[code].rollup]
        if rollup_readable(defs, spans):
            values = rollup_values(defs, spans, rollup_q(subject)).get(None)
            for span in spans:
                for d in defs:
                    result[span][d.code] = values[span][d.code] if values else Decimal("0")
            codes = [code for code in codes if not REGISTRY[code].rollup]
    by_source = {}
    for code in codes:
        by_source.setdefault(REGISTRY[code].source, []).append(REGISTRY[code])
    if "stat" in by_source:
        fields = []
        for d in by_source["stat"]:
            fields.extend(f for f in (d.field if isinstance(d.field, tuple) else (d.field,)) if f not in fields)
        sums = stat_sums(subject, spans, fields)
        for span in spans:
            for d in by_source["stat"]:
                if isinstance(d.field, tuple):  # a total of several columns (patents of all kinds)
                    result[span][d.code] = sum((sums[span][f] for f in d.field), Decimal("0"))
                else:
                    result[span][d.code] = sums[span][d.field]
    if "qualification" in by_source:
        days = [span.end_date for span in spans]
        counts = qualification_counts(subject, days, [d.field for d in by_source["qualification"]])
        for span in spans:
            for d in by_source["qualification"]:
                result[span][d.code] = counts[span.end_date][d.field]
    if "enterprise" in by_source:
        counts = enterprise_counts(subject, spans, by_source["enterprise"])
        for span in spans:
            result[span].update(counts[span])
    if "investment" in by_source:
        sums = investment_sums(subject, spans)
        for span in spans:
            result[span]["investment_completed"] = sums[span]
    for d in by_source.get("custom", []):
        if d.many:
            values = d.compute(subject, spans)
            for span in spans:
                result[span][d.code] = values[span]
            continue
        for span in spans:
            result[span][d.code] = d.compute(subject, span)
    return result


# Indicators derived from monthly-figure sums: (fields of the span, needs land, formula).
DERIVED_FROM_SUMS = {
    "tax_per_mu": (["tax"], True, lambda sums, land: per_mu(sums["tax"], land)),
    "revenue_per_mu": (["revenue"], True, lambda sums, land: per_mu(sums["revenue"], land)),
    "rd_intensity": (
        ["rd_expense", "revenue"],
        False,
        lambda sums, _land: rd_ratio(sums["rd_expense"], sums["revenue"]),
    ),
}


def compute_parks(codes, park_ids, spans):
    """{park id: {span: {code: value}}} for many parks at once: one query per source grouped by
    park instead of one per park (the evaluation and the bulletin rank every park).  The values
    are those :func:`compute_many` gives for ``Subject(PARK, id)``."""
    park_ids = list(park_ids)
    result = {pk: {span: {} for span in spans} for pk in park_ids}
    defs = [REGISTRY[code] for code in codes]
    fields = {d.field for d in defs if d.source == "stat"}
    land_spans = {}
    for d in defs:
        if d.code in DERIVED_FROM_SUMS:
            needed, needs_land, _formula = DERIVED_FROM_SUMS[d.code]
            fields.update(needed)
            if needs_land:
                for span in spans:
                    land_spans[span] = Span(span.year, span.last_month, "month")
    if fields or land_spans:
        all_spans = list(spans) + [s for s in set(land_spans.values()) if s not in spans]
        window = Q()
        aggregates = {}
        for i, span in enumerate(all_spans):
            window |= span.months_q()
            for field in [*fields, "land_used_mu"]:
                aggregates[f"{field}__{i}"] = Coalesce(
                    Sum(field, filter=span.months_q()), ZERO, output_field=ZERO.output_field
                )
        rows = {
            row["enterprise__park_id"]: row
            for row in EnterpriseStat.objects.filter(window, enterprise__park_id__in=park_ids)
            .values("enterprise__park_id")
            .annotate(**aggregates)
        }
        zero = Decimal("0")
        for pk in park_ids:
            row = rows.get(pk, {})
            sums = {
                span: {field: row.get(f"{field}__{i}", zero) for field in [*fields, "land_used_mu"]}
                for i, span in enumerate(all_spans)
            }
            for span in spans:
                for d in defs:
                    if d.source == "stat":
                        result[pk][span][d.code] = sums[span][d.field]
                    elif d.code in DERIVED_FROM_SUMS:
                        _needed, needs_land, formula = DERIVED_FROM_SUMS[d.code]
                        land = sums[land_spans[span]]["land_used_mu"] if needs_land else None
                        result[pk][span][d.code] = formula(sums[span], land)
    quals = [d for d in defs if d.source == "qualification"]
    if quals:
        aggregates = {}
        for i, span in enumerate(spans):
            day = span.end_date
            valid = Q(granted_on__lte=day) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))
            for d in quals:
                aggregates[f"{d.field}__{i}"] = Count("enterprise", filter=valid & Q(kind__code=d.field), distinct=True)
        rows = {
            row["enterprise__park_id"]: row
            for row in Qualification.objects.filter(
                enterprise__is_active=True, enterprise__park_id__in=park_ids, kind__code__in=[d.field for d in quals]
            )
            .values("enterprise__park_id")
            .annotate(**aggregates)
        }
        for pk in park_ids:
            for i, span in enumerate(spans):
                for d in quals:
                    result[pk][span][d.code] = Decimal(rows.get(pk, {}).get(f"{d.field}__{i}", 0))
    if any(d.source == "investment" for d in defs):
        aggregates = {
            f"inv__{i}": Coalesce(Sum("completed_investment", filter=span.months_q()), ZERO)
            for i, span in enumerate(spans)
        }
        rows = {
            row["project__park_id"]: row
            for row in ProjectProgress.objects.filter(project__is_active=True, project__park_id__in=park_ids)
            .values("project__park_id")
            .annotate(**aggregates)
        }
        for pk in park_ids:
            for i, span in enumerate(spans):
                result[pk][span]["investment_completed"] = rows.get(pk, {}).get(f"inv__{i}", Decimal("0"))
    others = [d.code for d in defs if d.source == "custom" and d.code not in DERIVED_FROM_SUMS]
    if others:
        for pk in park_ids:
            values = compute_many(others, Subject(PARK, pk), spans)
            for span in spans:
                result[pk][span].update(values[span])
    return result


def compute(code, subject, span, source=RAW):
    return compute_many([code], subject, [span], source=source)[span][code]


def figures(codes, subject, span, source=RAW):
    """[{code, name, unit, value, last_year, yoy}] for the span and the same span last year."""
    last = span.last_year()
    values = compute_many(codes, subject, [span, last], source=source)
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


# -- grouped computation (the analysts' summaries) ------------------------------------------------
#
# compute_grouped() gives the same figures as compute_many() for every member of a dimension at
# once: ONE grouped query per source (monthly figures, qualifications, investment), grouped by
# enterprise or project, then added up per member in Python with the membership of
# enterprise_q() / project_q() (an enterprise on two chains counts once in each; a district holds
# the enterprises registered in it and those of its parks).  Custom indicators, which are
# functions of one subject, are called per member (the same definition, more queries).

QUALIFICATION_KIND = "qualification"
GROUP_DIMENSIONS = (PARK, DISTRICT, CLUSTER, CHAIN, QUALIFICATION_KIND)


def group_members(dimension):
    """Ids of every member of a dimension (members without data get zeros, as compute_many does)."""
    from clusters.models import Cluster
    from enterprises.models import QualificationKind
    from parks.models import Park
    from portal.models import Region

    if dimension == PARK:
        return list(Park.objects.values_list("pk", flat=True))
    if dimension == DISTRICT:  # the portal's districts, not the rest of the province's
        local = local_regions()
        return list(Region.objects.filter(level="district", pk__in=local).values_list("pk", flat=True))
    if dimension == CLUSTER:
        return list(Cluster.objects.values_list("pk", flat=True))
    if dimension == CHAIN:
        return list(Chain.objects.values_list("pk", flat=True))
    if dimension == QUALIFICATION_KIND:
        return list(QualificationKind.objects.values_list("pk", flat=True))
    raise ValueError(f"unknown dimension {dimension!r}")


def enterprise_membership(dimension):
    """{enterprise id: {member ids}} for park, district, chain and cluster, as enterprise_q() says."""
    members = {}
    if dimension in (PARK, DISTRICT):
        for pk, park_id, region_id, park_region_id in Enterprise.objects.order_by().values_list(
            "pk", "park_id", "region_id", "park__region_id"
        ):
            if dimension == PARK:
                keys = {park_id} - {None}
            else:
                keys = {region_id, park_region_id} - {None}
            if keys:
                members[pk] = keys
        return members
    path = "chainnode__chain_id" if dimension == CHAIN else "chainnode__chain__cluster_id"
    for enterprise_id, member in ChainNode.enterprises.through.objects.values_list("enterprise_id", path).distinct():
        members.setdefault(enterprise_id, set()).add(member)
    return members


FLOATS = decimal.Context(prec=15)  # what Django's SQLite backend reads a decimal sum with


def sum_value(value):
    """A sum as the ORM's Coalesce(Sum(…), ZERO) gives it (SQLite returns floats)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return FLOATS.create_decimal_from_float(value).quantize(Decimal("0.01"), context=FLOATS)
    return Decimal(value or 0)


def _stat_sums_sql(spans, fields, groups, source, where_params=()):
    """``SELECT groups, sums of fields per span FROM source`` limited to the spans' months: the rows."""
    connection = connections[EnterpriseStat.objects.db]
    quote = connection.ops.quote_name
    year, month = quote("year"), quote("month")
    windows, sums, params, sum_params = [], [], [], []
    for span in spans:
        bounds = [span.year, span.first_month, span.last_month]
        window = f"s.{year} = %s AND s.{month} >= %s AND s.{month} <= %s"
        windows.append(f"({window})")
        params += bounds
        for field in fields:
            column = quote(EnterpriseStat._meta.get_field(field).column)
            sums.append(f"COALESCE(SUM(s.{column}) FILTER (WHERE {window}), 0)")
            sum_params += bounds
    sql = f"SELECT {groups}, {', '.join(sums)} FROM {source} WHERE {' OR '.join(windows)} GROUP BY {groups}"
    with connection.cursor() as cursor:  # PostgreSQL's JIT is off (portal/settings.py)
        cursor.execute(sql, [*sum_params, *where_params, *params])
        return cursor.fetchall()


def stat_sums_by_member(spans, fields, dimension):
    """{member: [span 0's sums of ``fields``…, span 1's …]} for the members of a dimension, added
    up in the database (one row per group back instead of one per enterprise: 100,000 at province
    scale).  Parks and districts group the figures by the enterprise's own columns (a district by
    the pair (own district, park's district): an enterprise counts once in each district of that
    pair); chains, clusters and qualification kinds by each enterprise's *set* of members
    (stat_sums_by_member_set)."""
    connection = connections[EnterpriseStat.objects.db]
    quote = connection.ops.quote_name
    if dimension in (CHAIN, CLUSTER, QUALIFICATION_KIND):
        return stat_sums_by_member_set(spans, fields, dimension)
    enterprise, park = quote(Enterprise._meta.db_table), quote(Park._meta.db_table)
    source = f"{quote(EnterpriseStat._meta.db_table)} s INNER JOIN {enterprise} e ON e.id = s.enterprise_id"
    if dimension == DISTRICT:
        groups = "e.region_id, p.region_id"
        source += f" LEFT OUTER JOIN {park} p ON p.id = e.park_id"
    else:
        groups = "e.park_id"
    totals = {}
    width = len(fields) * len(spans)
    for row in _stat_sums_sql(spans, fields, groups, source):
        keys = {row[0], row[1]} - {None} if dimension == DISTRICT else {row[0]} - {None}
        values = [sum_value(v) for v in row[-width:]]
        for member in keys:
            if member in totals:
                totals[member] = [a + b for a, b in zip(totals[member], values, strict=True)]
            else:
                totals[member] = values
    return totals


def _distinct_list(connection, expression):
    """An aggregate of the distinct non-null values of ``expression`` as "3,7,12" (in any order)."""
    if connection.vendor == "postgresql":
        return f"STRING_AGG(DISTINCT CAST({expression} AS TEXT), ',')"
    return f"GROUP_CONCAT(DISTINCT {expression})"


KIND_BITS = 62  # kinds a bigint mask holds (more kinds: lists of ids)


def _bits(connection, expression):
    """An aggregate OR of the bit masks ``expression`` (SQLite: the sum of the distinct masks, the
    same when each mask is one bit or zero)."""
    if connection.vendor == "postgresql":
        return f"BIT_OR({expression})"
    return f"SUM(DISTINCT {expression})"


def _kind_bit(connection):
    """The bit of ``q.kind_id``: 2 to the power of its place in the list of kinds (a parameter)."""
    if connection.vendor == "postgresql":
        return "(1::bigint << (array_position(%s::int[], q.kind_id) - 1))"
    return "(1 << ((SELECT key FROM json_each(%s) WHERE value = q.kind_id)))"


def _kind_list(connection, kinds):
    return kinds if connection.vendor == "postgresql" else json.dumps(kinds)


def member_sets_sql(dimension, days):
    """``(sql, params, decode)``: one row ``(e, l0, l1, …)`` per enterprise of a chain, cluster or
    qualification kind, ``l0`` its members (for kinds: those it holds a valid one of on ``days[0]``,
    ``l1`` on ``days[1]`` …), which ``decode`` turns into a set of member ids.  A kind's list is a
    bit mask (one bit per kind): aggregating strings of ids cost a quarter of the summary's time."""
    connection = connections[EnterpriseStat.objects.db]
    quote = connection.ops.quote_name
    if dimension != QUALIFICATION_KIND:
        through = quote(ChainNode.enterprises.through._meta.db_table)
        node, chain = quote(ChainNode._meta.db_table), quote(Chain._meta.db_table)
        column = "n.chain_id" if dimension == CHAIN else "c.cluster_id"
        sql = (
            f"SELECT ce.enterprise_id AS e, {_distinct_list(connection, column)} AS l0 FROM {through} ce "
            f"INNER JOIN {node} n ON n.id = ce.chainnode_id INNER JOIN {chain} c ON c.id = n.chain_id "
            "GROUP BY ce.enterprise_id"
        )
        return sql, [], _decode_list
    kinds = group_members(QUALIFICATION_KIND)
    masks = len(kinds) <= KIND_BITS
    lists, params = [], []
    for i, day in enumerate(days):
        valid = "q.granted_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s)"
        params += [day.isoformat(), day.isoformat()]
        if masks:
            bit = _kind_bit(connection)
            lists.append(f"{_bits(connection, f'CASE WHEN {valid} THEN {bit} ELSE 0 END')} AS l{i}")
            params.append(_kind_list(connection, kinds))
        else:
            lists.append(f"{_distinct_list(connection, f'CASE WHEN {valid} THEN q.kind_id END')} AS l{i}")
    sql = (
        f"SELECT q.enterprise_id AS e, {', '.join(lists)} FROM {quote(Qualification._meta.db_table)} q "
        f"INNER JOIN {quote(Enterprise._meta.db_table)} en ON en.id = q.enterprise_id "
        "WHERE en.is_active AND q.granted_on IS NOT NULL GROUP BY q.enterprise_id"
    )

    def decode_mask(value):
        value = int(value or 0)
        return {kind for i, kind in enumerate(kinds) if value >> i & 1}

    return sql, params, decode_mask if masks else _decode_list


def _decode_list(value):
    return {int(m) for m in str(value).split(",")} if value else set()


def member_set_counts(dimension, days):
    """[((members on days[0], on days[1] …), number of enterprises)]: how many enterprises share
    each combination of member sets (the holders of each kind, counted in the database)."""
    sql, params, decode = member_sets_sql(dimension, days)
    groups = ", ".join(f"m.l{i}" for i in range(len(days)))
    with connections[EnterpriseStat.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {groups}, COUNT(*) FROM ({sql}) m GROUP BY {groups}", params)
        return [(tuple(decode(v) for v in row[:-1]), row[-1]) for row in cursor.fetchall()]


def stat_sums_by_member_set(spans, fields, dimension):
    """stat_sums_by_member() for chains, clusters and qualification kinds, where an enterprise may
    belong to several members and counts once in each (a qualification kind: the holders of a
    valid one on the span's last day).

    Joining the monthly figures to (enterprise, member) pairs made PostgreSQL sort or hash millions
    of monthly rows.  Instead each enterprise gets one row with the set of members it belongs to
    (member_sets_sql(); for kinds one set per distinct last day), the figures are grouped by those
    sets (a few hundred distinct ones), and each set's sums are spread over its members here."""
    connection = connections[EnterpriseStat.objects.db]
    quote = connection.ops.quote_name
    days = sorted({span.end_date for span in spans}) if dimension == QUALIFICATION_KIND else [None]
    members, params, decode = member_sets_sql(dimension, days)
    groups = ", ".join(f"m.l{i}" for i in range(len(days)))
    source = f"{quote(EnterpriseStat._meta.db_table)} s INNER JOIN ({members}) m ON m.e = s.enterprise_id"
    width = len(fields)
    list_of_span = [days.index(span.end_date) if dimension == QUALIFICATION_KIND else 0 for span in spans]
    totals = {}
    for row in _stat_sums_sql(spans, fields, groups, source, params):
        member_lists = [decode(value) for value in row[: len(days)]]
        values = [sum_value(v) for v in row[len(days) :]]
        for i in range(len(spans)):
            part = values[i * width : (i + 1) * width]
            for member in member_lists[list_of_span[i]]:
                sums = totals.setdefault(member, [Decimal("0")] * (width * len(spans)))
                for j, value in enumerate(part):
                    sums[i * width + j] += value
    return totals


def qualification_holders(days, kinds):
    """{day: {kind code: {enterprise ids holding a valid one}}}: qualification_counts() before the
    count, for all enterprises at once (one query)."""
    valid = {
        f"v{i}": Count("pk", filter=Q(granted_on__lte=day) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day)))
        for i, day in enumerate(days)
    }
    rows = (
        Qualification.objects.filter(enterprise__is_active=True, kind__code__in=kinds)
        .values("enterprise_id", "kind__code")
        .annotate(**valid)
        .order_by()
    )
    result = {day: {kind: set() for kind in kinds} for day in days}
    for row in rows:
        for i, day in enumerate(days):
            if row[f"v{i}"]:
                result[day][row["kind__code"]].add(row["enterprise_id"])
    return result


PROJECT_GROUP_PATHS = {
    PARK: "project__park_id",
    DISTRICT: "project__park__region_id",
    CHAIN: "project__chain_id",
    CLUSTER: "project__chain__cluster_id",
}


def investment_sums_grouped(dimension, spans):
    """{member: {span: investment completed}}: investment_sums() grouped by member, one query."""
    path = PROJECT_GROUP_PATHS[dimension]
    aggregates = {
        f"inv__{i}": Coalesce(Sum("completed_investment", filter=span.months_q()), ZERO) for i, span in enumerate(spans)
    }
    rows = (
        ProjectProgress.objects.filter(project__is_active=True)
        .exclude(**{f"{path}__isnull": True})
        .values(path)
        .annotate(**aggregates)
        .order_by()
    )
    return {row[path]: {span: row[f"inv__{i}"] for i, span in enumerate(spans)} for row in rows}


# The rollups hold every (park, region) group once per dimension "all", and each cluster's and
# chain's members per group: (rollup dimension, columns a summary member is found by).
ROLLUP_GROUPS = {
    PARK: ("all", "park_id"),
    DISTRICT: ("all", ("park_id", "region_id")),
    CLUSTER: ("cluster", "member_id"),
    CHAIN: ("chain", "member_id"),
}


def rollup_grouped(defs, dimension, spans):
    """{member: {span: {code: value}}} of indicators that add up a rollup column, every member of
    ``dimension`` in one grouped query over the rollups — or None when the rollups cannot answer
    for certain: they do not cover the spans, or a change of who belongs to a group is still
    waiting for its recomputation (the raw rows answer then)."""
    from .rollups import rollups_pending

    if dimension not in ROLLUP_GROUPS or not rollup_readable(defs, spans) or rollups_pending() is not None:
        return None
    rollup_dimension, group_by = ROLLUP_GROUPS[dimension]
    values = rollup_values(defs, spans, Q(dimension=rollup_dimension), group_by=group_by)
    if dimension != DISTRICT:
        return values
    # a district: its own region's groups and its parks' groups, each (park, region) group once
    park_region = dict(Park.objects.values_list("pk", "region_id"))
    result = {}
    for (park_id, region_id), per_span in values.items():
        for member in {region_id, park_region.get(park_id)} - {0, None}:
            sums = result.setdefault(member, {span: dict.fromkeys(per_span[span], Decimal("0")) for span in spans})
            for span in spans:
                for code, value in per_span[span].items():
                    sums[span][code] += value
    return result


def enterprise_counts_grouped(defs, spans, dimension):
    """{member: {span: {code: Decimal}}}: enterprise_counts() for every member at once, in one
    query: each active enterprise's condition of each indicator and span becomes a 0/1 column
    (compiled by the ORM from the indicator's Q), added up per park, per (own district, park's
    district) pair, or per set of chains, clusters or kinds held (member_sets_sql())."""
    connection = connections[Enterprise.objects.db]
    quote = connection.ops.quote_name
    flags = {
        f"f{i}_{j}": Case(When(established_by(span.end_date) & d.field, then=Value(1)), default=Value(0))
        for i, span in enumerate(spans)
        for j, d in enumerate(defs)
    }
    keys = {"g_id": F("pk"), "g_park": F("park_id"), "g_region": F("region_id"), "g_park_region": F("park__region_id")}
    rows = Enterprise.objects.filter(is_active=True).order_by().annotate(**keys, **flags).values(*keys, *flags)
    inner, params = rows.query.sql_with_params()
    days = sorted({span.end_date for span in spans}) if dimension == QUALIFICATION_KIND else [None]
    decode = None
    if dimension in (CHAIN, CLUSTER, QUALIFICATION_KIND):
        members, member_params, decode = member_sets_sql(dimension, days)
        groups = ", ".join(f"m.l{i}" for i in range(len(days)))
        source = f"({members}) m INNER JOIN ({inner}) f ON f.g_id = m.e"
        params = [*member_params, *params]
    elif dimension == PARK:
        groups, source = "f.g_park", f"({inner}) f"
    else:
        groups, source = "f.g_region, f.g_park_region", f"({inner}) f"
    sums = ", ".join(f"SUM(f.{quote(name)})" for name in flags)
    counts = defaultdict(lambda: {span: dict.fromkeys((d.code for d in defs), 0) for span in spans})
    width = len(groups.split(","))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {groups}, {sums} FROM {source} GROUP BY {groups}", params)
        for row in cursor.fetchall():
            head, values = row[:width], row[width:]
            for i, span in enumerate(spans):
                if decode is not None:
                    members_of_row = decode(head[days.index(span.end_date) if dimension == QUALIFICATION_KIND else 0])
                else:
                    members_of_row = set(head) - {None}
                for j, d in enumerate(defs):
                    number = int(values[i * len(defs) + j] or 0)
                    if number:
                        for m in members_of_row:
                            counts[m][span][d.code] += number
    return {m: {span: {c: Decimal(n) for c, n in per[span].items()} for span in spans} for m, per in counts.items()}


def compute_grouped(codes, dimension, span_list):
    """{member: {span: {code: value}}} for every member of ``dimension`` (park, district, cluster,
    chain, or qualification kind: the holders of a valid qualification of that kind on the span's
    last day).  Values agree with compute_many(codes, Subject(dimension, member), spans).  Parks,
    districts, clusters and chains read the indicators kept in the rollups from there when they can
    (:func:`rollup_grouped`); the rest, and every indicator when they cannot, from the raw rows."""
    if dimension not in GROUP_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    spans = list(span_list)
    members = group_members(dimension)
    result = {m: {span: {} for span in spans} for m in members}
    defs = [REGISTRY[code] for code in codes]
    rolled = [d for d in defs if d.rollup]
    values = rollup_grouped(rolled, dimension, spans) if rolled else None
    if values is not None:
        for m in members:
            for span in spans:
                result[m][span].update(values[m][span] if m in values else {d.code: Decimal("0") for d in rolled})
        defs = [d for d in defs if not d.rollup]
    by_source = {}
    for d in defs:
        by_source.setdefault(d.source, []).append(d)
    days = sorted({span.end_date for span in spans})
    if "stat" in by_source:
        fields = []
        for d in by_source["stat"]:  # a total of several columns (patents of all kinds) adds them up
            fields.extend(f for f in (d.field if isinstance(d.field, tuple) else (d.field,)) if f not in fields)
        width = len(fields)
        # one flat list of sums per member: [span 0 field 0, span 0 field 1, …, span 1 field 0, …]
        totals = {m: [Decimal("0")] * (width * len(spans)) for m in members}
        for member, values in stat_sums_by_member(spans, fields, dimension).items():
            if member in totals:
                totals[member] = values
        for m in members:
            for i, span in enumerate(spans):
                sums = result[m][span]
                for d in by_source["stat"]:
                    parts = d.field if isinstance(d.field, tuple) else (d.field,)
                    sums[d.code] = sum((totals[m][i * width + fields.index(f)] for f in parts), Decimal("0"))
    if "qualification" in by_source:
        if dimension == QUALIFICATION_KIND:
            # holders of kind A counted per kind B: from each combination of kinds held, counted in SQL
            combos = member_set_counts(QUALIFICATION_KIND, days)
            ids = dict(QualificationKind.objects.values_list("code", "pk"))
            for span in spans:
                i = days.index(span.end_date)
                for d in by_source["qualification"]:
                    counts = dict.fromkeys(members, 0)
                    for sets, number in combos:
                        if ids.get(d.field) in sets[i]:
                            for m in sets[i]:
                                if m in counts:
                                    counts[m] += number
                    for m in members:
                        result[m][span][d.code] = Decimal(counts[m])
        else:
            kinds = [d.field for d in by_source["qualification"]]
            holders = qualification_holders(days, kinds)
            membership = enterprise_membership(dimension)
            for span in spans:
                for d in by_source["qualification"]:
                    counts = dict.fromkeys(members, 0)
                    for enterprise_id in holders[span.end_date][d.field]:
                        for m in membership.get(enterprise_id, ()):
                            if m in counts:
                                counts[m] += 1
                    for m in members:
                        result[m][span][d.code] = Decimal(counts[m])
    if "enterprise" in by_source:
        counts = enterprise_counts_grouped(by_source["enterprise"], spans, dimension)
        zero = {d.code: Decimal("0") for d in by_source["enterprise"]}
        for m in members:
            for span in spans:
                result[m][span].update(counts[m][span] if m in counts else zero)
    if "investment" in by_source:
        sums = investment_sums_grouped(dimension, spans) if dimension in PROJECT_GROUP_PATHS else {}
        for m in members:
            for span in spans:
                if dimension in PROJECT_GROUP_PATHS:
                    result[m][span]["investment_completed"] = sums.get(m, {}).get(span, Decimal("0.00"))
                else:
                    result[m][span]["investment_completed"] = None
    for d in by_source.get("custom", []):
        for m in members:
            if dimension == QUALIFICATION_KIND:  # a function of a place or a chain, not of a kind
                for span in spans:
                    result[m][span][d.code] = None
            elif d.many:  # every span at once
                values = d.compute(Subject(dimension, m), spans)
                for span in spans:
                    result[m][span][d.code] = values[span]
            else:
                for span in spans:
                    result[m][span][d.code] = d.compute(Subject(dimension, m), span)
    return result
