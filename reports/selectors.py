"""Reads of the leaders' dashboards: the cockpit, the big screen, the chain and park maps.

Every figure comes from :mod:`reports.indicators` (one definition of each figure); this module
only chooses which ones, for which subject and span, and keeps the result in the Django cache
(Redis in production) under a key made of the filters and a *data version*.  The version changes
whenever figures change (an approved month, an import, any save of the rows behind the figures:
see :mod:`reports.rollups`), so a cached figure is never older than the last approved change, and
every page says when its figures were computed ("数据截至 …").
"""

import dataclasses
import datetime
import time
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clusters.models import Chain, ChainNode, Cluster
from clusters.rules import chain_completeness
from enterprises.models import Enterprise, EnterpriseStat, ParkMonth
from parks.models import Park
from portal.models import Region
from portal.periods import Period, quantize, share, time_elapsed_progress, yoy

from . import indicators as ind
from .models import MonthlyRollup, ParkEvaluation, RollupBucket, Target

HEADLINE = [
    "high_tech_count",
    "tech_sme_count",
    "srdi_count",
    "little_giant_count",
    "above_size_count",
    "output_value",
    "revenue",
    "tax",
    "investment_completed",
    "patents",
    "platforms",
]
MODES = ("month", "ytd", "year")
VERSION_KEY = "dashboard:version"
CACHE_SECONDS = 60 * 60
LAGGING_SHOWN = 10


# -- filters ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DashboardFilter:
    """What every dashboard page is filtered by: a span (month, 1–N月 or year) and a district."""

    year: int
    month: int
    mode: str = "ytd"
    district: int | None = None

    @property
    def span(self):
        return ind.Span(self.year, self.month, self.mode)

    @property
    def subject(self):
        return ind.Subject(ind.DISTRICT, self.district) if self.district else ind.Subject()

    @property
    def key(self):
        return f"{self.year}-{self.month}-{self.mode}-{self.district or 0}"

    def params(self):
        """The query parameters that keep this filter from page to page (breadcrumbs, links)."""
        params = {"period": str(Period(self.year, self.month)), "mode": self.mode}
        if self.district:
            params["district"] = self.district
        return params

    @property
    def querystring(self):
        return "&".join(f"{k}={v}" for k, v in self.params().items())


def parse_filter(params, meta):
    """The filter of a request's query parameters; a missing or invalid value takes its default
    (the latest month with figures, 1–N月, the whole region)."""
    year, month = meta["latest"]
    try:
        period = Period(*map(int, params.get("period", "").split("-")))
        if 2000 <= period.year <= 2100:
            year, month = period.year, period.month
    except (ValueError, TypeError, ValidationError):  # a malformed period means the default
        pass
    mode = params.get("mode") if params.get("mode") in MODES else "ytd"
    district = None
    raw = params.get("district", "")
    if raw.isdigit() and int(raw) in {d["id"] for d in meta["districts"]}:
        district = int(raw)
    return DashboardFilter(year, month, mode, district)


# -- the data version and the cache -------------------------------------------------------------
#
# A cached entry is (version, value) under a key without the version.  Same version: fresh.  An
# older version (figures changed since): the page may show it *saying so* ("updating") while a
# Celery task recomputes it (stale-while-revalidate), so leaders never wait for a province-wide
# recomputation; everything else recomputes at once.  ``forget()`` empties the whole cache (a new
# generation), which is what "cold" means in the benchmarks.

GENERATION_KEY = "dashboard:generation"
STALE_SECONDS = 24 * 60 * 60


def _counter(key):
    value = cache.get(key)
    if value is None:
        cache.add(key, str(time.time_ns()), None)
        value = cache.get(key)
    # None only while the cache is unreachable (portal/cache.py): every read is then a miss and the
    # figures are computed afresh.
    return value if value is not None else "uncached"


def data_version():
    return _counter(VERSION_KEY)


def data_changed():
    """Figures changed: every cached dashboard figure is stale from now on."""
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def forget():
    """Drop every cached dashboard figure, fresh or stale."""
    cache.set(GENERATION_KEY, str(time.time_ns()), None)


def cached(name, make, *parts, allow_stale=False, refresh=None):
    """``make()`` cached under the filters; with ``allow_stale`` an outdated value is returned
    (marked ``stale``) and ``refresh()`` is asked to recompute it in the background."""
    key = ":".join(["dashboard", _counter(GENERATION_KEY), name, *map(str, parts)])
    version = data_version()
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    if entry is not None and allow_stale and refresh is not None:
        if cache.add(f"{key}:refreshing:{version}", 1, 10 * 60):
            refresh()
        value = entry[1]
        return {**value, "stale": True} if isinstance(value, dict) else value
    value = make()
    cache.set(key, (version, value), STALE_SECONDS)
    return value


def dashboard_meta():
    """The districts of the filter, the latest month with figures (the latest approved month, else
    the latest month with figures (the latest approved month, else the latest month with any
    figure), the region's targets of every year, and since when rollups wait for a
    recomputation (reports/rollups.py), in two queries."""

    def make():
        approved = ParkMonth.objects.filter(status=ParkMonth.Status.APPROVED).order_by("-year", "-month")
        any_stat = EnterpriseStat.objects.order_by("-year", "-month")  # the (year, month) index
        pending = RollupBucket.objects.order_by("since").values("since")[:1]
        districts = list(
            Region.objects.filter(level=Region.Level.DISTRICT)
            .annotate(
                approved_year=Subquery(approved.values("year")[:1], output_field=IntegerField()),
                approved_month=Subquery(approved.values("month")[:1], output_field=IntegerField()),
                stat_year=Subquery(any_stat.values("year")[:1], output_field=IntegerField()),
                stat_month=Subquery(any_stat.values("month")[:1], output_field=IntegerField()),
                pending=Subquery(pending),
            )
            .order_by("code")
            .values("id", "name", "approved_year", "approved_month", "stat_year", "stat_month", "pending")
        )
        first = districts[0] if districts else {}
        if first.get("approved_year"):
            latest = (first["approved_year"], first["approved_month"])
        elif first.get("stat_year"):
            latest = (first["stat_year"], first["stat_month"])
        else:
            latest = Period.of(timezone.localdate()).previous().as_tuple()
        targets = [
            {"code": code, "year": year, "value": value}
            for code, year, value in Target.objects.filter(subject_type="region", subject_id__isnull=True)
            .order_by("indicator__sort_order", "indicator__code")
            .values_list("indicator__code", "year", "value")
        ]
        if districts:
            pending = first["pending"]
        else:
            from .rollups import rollups_pending

            pending = rollups_pending()
        return {
            "districts": [{"id": d["id"], "name": d["name"]} for d in districts],
            "latest": latest,
            "targets": targets,
            "rollups_pending": pending,
            "computed_at": timezone.now(),
        }

    return cached("meta", make)


# -- the cockpit --------------------------------------------------------------------------------


def _month_spans(year, last_month):
    return [ind.Span(year, m, "month") for m in range(1, last_month + 1)]


def cockpit(flt, allow_stale=False):
    """Everything the cockpit and the big screen show, for one filter (cached).  With
    ``allow_stale`` figures cached before the last change may be returned, marked ``stale``, while
    a background task recomputes them."""

    def refresh():
        from portal.queue import enqueue

        from .rollups import dashboard_refresh

        enqueue(dashboard_refresh, flt.year, flt.month, flt.mode, flt.district)  # broker down: figures stay as they are

    return cached("cockpit", lambda: _cockpit(flt, dashboard_meta()), flt.key, allow_stale=allow_stale, refresh=refresh)


def _cockpit(flt, meta):
    span, subject = flt.span, flt.subject
    last = span.last_year()
    this_months = _month_spans(flt.year, 12 if flt.mode == "year" else flt.month)
    last_months = _month_spans(flt.year - 1, 12)
    targets = [t for t in meta["targets"] if t["year"] == flt.year and t["code"] in ind.REGISTRY]
    target_codes = [t["code"] for t in targets] if not flt.district else []

    codes = list(dict.fromkeys(HEADLINE + target_codes))
    rollup_codes = [c for c in dict.fromkeys([*codes, "revenue"]) if ind.REGISTRY[c].rollup]
    other_codes = [c for c in codes if c not in rollup_codes]
    # the monthly rollups of both years in one grouped query: headline sums, stocks and the trend
    # (the raw rows when the rollups do not cover the months asked for)
    stats = ind.compute_many(rollup_codes, subject, [span, last, *this_months, *last_months], source=ind.ROLLUP)
    others = ind.compute_many(other_codes, subject, [span, last])
    values = {s: {**stats[s], **others[s]} for s in (span, last)}

    headline = []
    for code in HEADLINE:
        d = ind.REGISTRY[code]
        current, previous = values[span][code], values[last][code]
        headline.append(
            {
                "code": code,
                "name": str(d.name),
                "unit": str(d.unit),
                "kind": d.kind,
                "value": current,
                "last_year": previous,
                "yoy": yoy(current, previous),
            }
        )

    elapsed = time_elapsed_progress(flt.month) if flt.mode != "year" else quantize(1)
    target_rows = []
    for t in targets:
        code = t["code"]
        if code not in target_codes:
            continue
        actual = values[span].get(code)
        progress = share(actual, t["value"])
        target_rows.append(
            {
                "code": code,
                "name": str(ind.REGISTRY[code].name),
                "unit": str(ind.REGISTRY[code].unit),
                "target": t["value"],
                "actual": actual,
                "progress": progress,
                "elapsed": elapsed,
                "behind": progress is not None and ind.REGISTRY[code].kind == "flow" and progress < elapsed,
            }
        )

    trend = {
        "months": list(range(1, 13)),
        "this_year": [stats[s]["revenue"] for s in this_months],
        "last_year": [stats[s]["revenue"] for s in last_months],
        "year": flt.year,
    }

    lag_span = ind.Span(flt.year, 12 if flt.mode == "year" else flt.month)
    amounts = ind.lagging_amounts(subject, lag_span)
    worst = sorted(amounts, key=lambda pk: (share(amounts[pk].ytd, amounts[pk].plan), pk))[:LAGGING_SHOWN]
    elapsed_now = time_elapsed_progress(lag_span.month)
    lagging_rows = [
        {
            "id": pk,
            "name": amounts[pk].name,
            "park_id": amounts[pk].park_id,
            "park": amounts[pk].park,
            "ytd": amounts[pk].ytd,
            "plan": amounts[pk].plan,
            "rate": share(amounts[pk].ytd, amounts[pk].plan),
            "elapsed": elapsed_now,
        }
        for pk in worst
    ]
    overdue = ind.compute("overdue_requests", subject, span)

    return {
        "filter": dataclasses.asdict(flt),
        "span_label": str(span.label),
        "headline": headline,
        "targets": target_rows,
        "trend": trend,
        "clusters": cluster_outputs(flt),
        "chains": chain_completeness_rows(district=flt.district),
        "ranking": latest_ranking(flt.district),
        "lagging": lagging_rows,
        "lagging_count": len(amounts),
        "overdue": overdue,
        "stale": bool(meta.get("rollups_pending")),
        "computed_at": timezone.now(),
    }


MONEY = DecimalField(max_digits=20, decimal_places=2)


def cluster_outputs(flt):
    """[{id, name, output, last_year, yoy}] of every cluster for the filter: output value (产值) of
    the cluster's enterprises (in the district), each counted once however many of its nodes it
    fills.  From the monthly rollups (their "cluster" rows) when they cover the span, in one query;
    else from the raw rows."""
    span, last = flt.span, flt.span.last_year()
    output = ind.REGISTRY["output_value"]
    if ind.rollup_readable([output], [span, last]):
        column = output.rollup

        def total(s):
            return Coalesce(
                Subquery(
                    MonthlyRollup.objects.filter(
                        ind.rollup_q(flt.subject, "cluster"),
                        s.months_q(),
                        member_id=OuterRef("pk"),
                    )
                    .order_by()
                    .values("member_id")
                    .annotate(total=Sum(column))
                    .values("total"),
                    output_field=MONEY,
                ),
                ind.ZERO,
            )

        clusters = Cluster.objects.order_by("sort_order", "code").annotate(now=total(span), before=total(last))
        sums = {}
        for c in clusters:
            sums[(c.pk, span.year)], sums[(c.pk, last.year)] = c.now, c.before
        found = {c.pk: (c.name, c.category) for c in clusters}
    else:
        found, sums = _cluster_outputs_raw(flt)
    labels = dict(Cluster.Category.choices)
    result = []
    for cid, (name, category) in found.items():
        now = Decimal(sums.get((cid, span.year)) or 0).quantize(Decimal("0.01"))
        before = Decimal(sums.get((cid, last.year)) or 0).quantize(Decimal("0.01"))
        result.append(
            {
                "id": cid,
                "name": name,
                "category": str(labels.get(category, category)),
                "output": now,
                "last_year": before,
                "yoy": yoy(now, before),
            }
        )
    return result


def _cluster_outputs_raw(flt):
    span, last = flt.span, flt.span.last_year()
    where, params = "", []
    if flt.district:
        where = " AND (e.region_id = %s OR e.park_id IN (SELECT id FROM parks_park WHERE region_id = %s))"
        params = [flt.district, flt.district]
    members = ChainNode.enterprises.through._meta.db_table
    query = (
        "SELECT cl.id, cl.name, cl.category, t.year, t.total FROM clusters_cluster cl LEFT JOIN ("
        "SELECT m.cluster_id, s.year, SUM(s.output_value) AS total FROM "
        f"(SELECT DISTINCT c.cluster_id, ce.enterprise_id FROM {members} ce "
        "JOIN clusters_chainnode n ON n.id = ce.chainnode_id JOIN clusters_chain c ON c.id = n.chain_id) m "
        "JOIN enterprises_enterprisestat s ON s.enterprise_id = m.enterprise_id "
        "JOIN enterprises_enterprise e ON e.id = s.enterprise_id "
        "WHERE s.year IN (%s, %s) AND s.month >= %s AND s.month <= %s" + where + " GROUP BY m.cluster_id, s.year"
        ") t ON t.cluster_id = cl.id ORDER BY cl.sort_order, cl.code"
    )
    clusters, sums = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(query, [span.year, last.year, span.first_month, span.last_month, *params])
        for cid, name, category, year, total in cursor.fetchall():
            clusters.setdefault(cid, (name, category))
            if total is not None:
                sums[(cid, year)] = Decimal(str(total)).quantize(Decimal("0.01"))
    return clusters, sums


def chain_completeness_rows(cluster_id=None, district=None):
    """Completeness (covered nodes ÷ all nodes) of every chain, from one query.  With a district,
    a node is covered by the enterprises of that district (registered there or in its parks)."""
    nodes = ChainNode.objects.all()
    if cluster_id:
        nodes = nodes.filter(chain__cluster_id=cluster_id)
    subject = ind.Subject(ind.DISTRICT, district) if district else ind.Subject()
    by_chain = {}
    for node, status in ind.node_statuses(nodes.select_related("chain__cluster"), subject, source=ind.ROLLUP):
        entry = by_chain.setdefault(
            node.chain_id,
            {
                "id": node.chain_id,
                "name": node.chain.name,
                "cluster_id": node.chain.cluster_id,
                "cluster": node.chain.cluster.name,
                "order": (node.chain.cluster.sort_order, node.chain.sort_order, node.chain.code),
                "statuses": [],
            },
        )
        entry["statuses"].append(status)
    rows = []
    for entry in sorted(by_chain.values(), key=lambda e: e["order"]):
        statuses = entry.pop("statuses")
        entry.pop("order")
        rate = chain_completeness(statuses)
        entry.update(
            nodes=len(statuses),
            missing=statuses.count("missing"),
            weak=statuses.count("weak"),
            completeness=quantize(rate * 100, Decimal("0.1")) if rate is not None else None,
        )
        rows.append(entry)
    return rows


def latest_ranking(district=None):
    """The parks of the latest evaluation, best first; None when no evaluation exists yet."""
    latest = ParkEvaluation.objects.order_by("-year", "-month")
    evaluations = (
        ParkEvaluation.objects.filter(
            year=Subquery(latest.values("year")[:1]),
            month=Subquery(latest.values("month")[:1]),
        )
        .select_related("park")
        .order_by("rank", "park__code")
    )
    if district:
        evaluations = evaluations.filter(park__region_id=district)
    rows = [
        {
            "park_id": e.park_id,
            "park": str(e.park),
            "score": e.total_score,
            "grade": e.grade,
            "grade_label": e.get_grade_display(),
            "rank": e.rank,
            "park_count": e.park_count,
            "year": e.year,
            "month": e.month,
            "status": e.get_status_display(),
        }
        for e in evaluations
    ]
    if not rows:
        return None
    return {"year": rows[0]["year"], "month": rows[0]["month"], "rows": rows}


# -- drill-down ---------------------------------------------------------------------------------


def cluster_detail(cluster, flt):
    """A cluster's chains with completeness and output, for the drill-down page."""

    def make():
        chains = chain_completeness_rows(cluster.pk)
        values = {}
        for row in chains:
            values[row["id"]] = None
        span = flt.span
        output = ind.REGISTRY["output_value"]
        if ind.rollup_readable([output], [span]):
            within = ind.rollup_group_q(flt.subject) & Q(
                dimension="chain", member_id__in=Chain.objects.filter(cluster=cluster).values("pk")
            )
            by_chain = ind.rollup_values([output], [span], within, group_by="member_id")
            outputs = {pk: v[span]["output_value"] for pk, v in by_chain.items()}
        else:
            outputs = _chain_outputs_raw(cluster, flt)
        for row in chains:
            row["output"] = outputs.get(row["id"], Decimal("0.00"))
        figures = ind.figures(
            ["output_value", "revenue", "tax"], ind.Subject(ind.CLUSTER, cluster.pk), span, source=ind.ROLLUP
        )
        for f in figures:
            f["name"], f["unit"] = str(f["name"]), str(f["unit"])
        return {"chains": chains, "figures": figures, "computed_at": timezone.now()}

    return cached("cluster", make, cluster.pk, flt.key)


def _chain_outputs_raw(cluster, flt):
    members = ChainNode.enterprises.through.objects.filter(chainnode__chain_id=OuterRef(OuterRef("pk")))
    stats = (
        EnterpriseStat.objects.filter(flt.span.months_q(), enterprise__in=members.values("enterprise_id"))
        .filter(ind.enterprise_q(flt.subject, "enterprise__"))
        .order_by()
        .values(dummy=Value(1))
        .annotate(total=Sum("output_value"))
        .values("total")
    )
    return dict(
        Chain.objects.filter(cluster=cluster)
        .annotate(out=Coalesce(Subquery(stats, output_field=MONEY), ind.ZERO))
        .values_list("pk", "out")
    )


STAGE_ORDER = {ChainNode.Stage.UPSTREAM: 0, ChainNode.Stage.MIDSTREAM: 1, ChainNode.Stage.DOWNSTREAM: 2}


def chain_map(chain):
    """The chain map (产业链图谱) as data for an ECharts graph: nodes placed by stage (columns left
    to right), coloured by status, sized by enterprise count; chain masters marked."""

    def make():
        masters = set(chain.chain_masters.values_list("pk", flat=True))
        nodes = ChainNode.objects.filter(chain=chain).order_by("stage", "sort_order", "pk")
        statuses = ind.node_statuses(nodes, source=ind.ROLLUP)
        master_nodes = set(
            ChainNode.enterprises.through.objects.filter(chainnode__chain=chain, enterprise_id__in=masters).values_list(
                "chainnode_id", flat=True
            )
        )
        rows = []
        for node, status in statuses:
            rows.append(
                {
                    "id": node.pk,
                    "name": node.name,
                    "stage": node.stage,
                    "stage_index": STAGE_ORDER.get(node.stage, 1),
                    "parent": node.parent_id,
                    "status": status,
                    "key": node.is_key,
                    "enterprises": node.n_enterprises,
                    "above_size": node.n_above,
                    "master": node.pk in master_nodes,
                }
            )
        rows.sort(key=lambda r: (r["stage_index"], r["id"]))
        rate = chain_completeness([r["status"] for r in rows])
        return {
            "chain": {"id": chain.pk, "name": chain.name},
            "nodes": rows,
            "completeness": quantize(rate * 100, Decimal("0.1")) if rate is not None else None,
            "computed_at": timezone.now(),
        }

    return cached("chainmap", make, chain.pk)


def node_enterprises(node, flt, user):
    """The enterprises of a chain node the user may see, with their figures for the span."""
    span = flt.span

    def total(field):
        # the span's months of one enterprise through the (enterprise, year, month) index, rather
        # than every month of every enterprise of the node joined and grouped
        months = (
            EnterpriseStat.objects.filter(span.months_q(), enterprise=OuterRef("pk"))
            .order_by()
            .values("enterprise")
            .annotate(total=Sum(field))
            .values("total")
        )
        return Coalesce(Subquery(months, output_field=MONEY), ind.ZERO)

    return (
        Enterprise.objects.for_user(user, "view")
        .filter(chain_nodes=node, is_active=True)
        .select_related("park")
        .annotate(output=total("output_value"), revenue_sum=total("revenue"))
        .order_by("-output", "name")
    )


def enterprise_profile(enterprise, flt):
    """An enterprise's figures for the span and the same span last year, its qualifications and
    chain nodes."""
    subject_stats = EnterpriseStat.objects.filter(enterprise=enterprise)
    span, last = flt.span, flt.span.last_year()
    fields = ["output_value", "revenue", "tax", "profit", "rd_expense"]
    agg = {}
    for i, s in enumerate((span, last)):
        for f in fields:
            agg[f"{f}__{i}"] = Coalesce(Sum(f, filter=s.months_q()), ind.ZERO)
    row = subject_stats.aggregate(**agg)
    figures = [
        {
            "code": f,
            "name": str(ind.REGISTRY[f].name),
            "unit": str(ind.REGISTRY[f].unit),
            "value": row[f"{f}__0"],
            "last_year": row[f"{f}__1"],
            "yoy": yoy(row[f"{f}__0"], row[f"{f}__1"]),
        }
        for f in fields
    ]
    monthly = list(
        subject_stats.filter(year=flt.year).order_by("month").values("month", "output_value", "revenue", "tax")
    )
    today = datetime.date(flt.year, flt.month, 1)
    qualifications = list(enterprise.qualifications.select_related("kind").order_by("kind__sort_order", "-granted_on"))
    for q in qualifications:
        q.is_valid = q.granted_on <= today and (q.expires_on is None or q.expires_on >= today)
    nodes = list(ChainNode.objects.filter(enterprises=enterprise).select_related("chain"))
    return {"figures": figures, "monthly": monthly, "qualifications": qualifications, "nodes": nodes}


def park_drill(park, flt):
    def make():
        figures = ind.figures(
            ["output_value", "revenue", "tax", "high_tech_count", "above_size_count", "investment_completed"],
            ind.Subject(ind.PARK, park.pk),
            flt.span,
            source=ind.ROLLUP,
        )
        for f in figures:
            f["name"], f["unit"] = str(f["name"]), str(f["unit"])
        return {"figures": figures, "computed_at": timezone.now()}

    return cached("park", make, park.pk, flt.key)


def park_map(flt):
    """Parks on their coordinates with grade of the latest evaluation and output for the span."""

    def make():
        ranking = latest_ranking()
        grades = {r["park_id"]: (r["grade"], r["grade_label"]) for r in (ranking or {}).get("rows", [])}
        # Outputs and enterprise counts each come from one query grouped by park.  (One query with
        # the output as a correlated subquery beside COUNT() put the subquery into GROUP BY, so it
        # ran once per enterprise: 5 s at demo scale.)
        parks = list(
            Park.objects.filter(is_active=True, latitude__isnull=False, longitude__isnull=False)
            .filter(Q(region_id=flt.district) if flt.district else Q())
            .select_related("region")
        )
        span = flt.span
        ids = [p.pk for p in parks]
        defs = [ind.REGISTRY["output_value"], ind.REGISTRY["enterprise_count"]]
        if ind.rollup_readable(defs, [span]):
            # one grouped query over the rollups: output for the span, enterprises on its last day
            within = ind.rollup_q(flt.subject) & Q(park_id__in=ids)
            by_park = ind.rollup_values(defs, [span], within, group_by="park_id")
            empty = {span: {"output_value": Decimal("0"), "enterprise_count": 0}}
            for p in parks:
                values = by_park.get(p.pk, empty)[span]
                p.output, p.n_enterprises = values["output_value"], int(values["enterprise_count"])
        else:
            figures = ind.compute_parks(["output_value"], ids, [span])
            counts = dict(
                Enterprise.objects.filter(is_active=True, park_id__in=ids)
                .order_by()
                .values_list("park_id")
                .annotate(n=Count("pk"))
            )
            for p in parks:
                p.output = figures[p.pk][span]["output_value"]
                p.n_enterprises = counts.get(p.pk, 0)
        rows = []
        for p in parks:
            grade, label = grades.get(p.pk, ("none", ""))
            rows.append(
                {
                    "id": p.pk,
                    "name": str(p),
                    "lng": float(p.longitude),
                    "lat": float(p.latitude),
                    "district": p.region.name,
                    "grade": grade,
                    "grade_label": str(label),
                    "level": p.get_level_display(),
                    "output": float(p.output),
                    "enterprises": p.n_enterprises,
                }
            )
        return {"parks": rows, "computed_at": timezone.now()}

    return cached("parkmap", make, flt.key)
