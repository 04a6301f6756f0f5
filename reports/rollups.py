"""Keeping the dashboards' figures fast and honest: monthly rollups and the cache's data version.

**Rollups.** :class:`reports.models.MonthlyRollup` holds, per month and per group of enterprises
(one (park, region) pair, all of its enterprises or those of one cluster or chain), the monthly
figures added up and the enterprise counts on the month's last day; :class:`NodeRollup` the
enterprises of each chain node.  The indicators read them when asked for ``source=ROLLUP``
(reports/indicators.py: each indicator says which column it adds up), so the cockpit adds up a
few thousand rows instead of millions — with the same definitions as the raw computation.

They are kept in step with the raw rows:

* monthly figures (the grid, a single save or delete, an approved month): the sums of the touched
  (park, region) groups and months are recomputed *in the same transaction* (:func:`stats_changed`),
  under a lock per group so that two concurrent saves cannot lose one another's figures.  An Excel
  import, which may touch every park, moves the rows by the difference its rows make instead
  (:class:`_StatShares`: their share before and after the write), in the same transaction and
  under the same locks, so its cost follows the rows imported rather than the month's figures;
* who belongs to a group or counts in it (an enterprise created, moved, deactivated, flagged above
  size; a qualification; a chain node's enterprises): the groups are *marked*
  (:class:`RollupBucket`, in the same transaction) and a Celery task recomputes them after commit
  (:func:`rollups_refresh`); while a mark exists the dashboards say their figures are being
  recomputed;
* ``manage.py rollups_rebuild`` (and the nightly task ``reports.rollups_rebuild``) rebuild
  everything from the raw rows.

**Data version.** The cockpit, the big screen and the maps cache their figures under a *data
version* (:func:`reports.selectors.data_version`).  Any save or delete of a row behind a figure
moves the version once its transaction commits, so the next request recomputes.  Bulk writes that
bypass signals call :func:`data_changed` (or :func:`stats_changed`) themselves.  Each page shows
when its figures were computed ("数据截至 …"); a page served while its figures are being
recomputed (:func:`dashboard_refresh`) says so.
"""

import bisect
import datetime
import json
import logging
from calendar import monthrange
from collections import defaultdict
from decimal import Decimal

from celery import shared_task
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from . import selectors
from .selectors import data_changed as _bump

log = logging.getLogger(__name__)

WATCHED = (
    "enterprises.Enterprise",
    "enterprises.EnterpriseStat",
    "enterprises.ParkMonth",
    "enterprises.Qualification",
    "enterprises.ServiceRequest",
    "parks.Park",
    "parks.InnovationCarrier",
    "clusters.Cluster",
    "clusters.Chain",
    "clusters.ChainNode",
    "projects.Project",
    "projects.ProjectPlan",
    "projects.ProjectProgress",
    "reports.Target",
    "reports.ParkEvaluation",
)

ALL, CLUSTER, CHAIN = "all", "cluster", "chain"
COVERAGE_KEY = "rollups:coverage"
FULL_REBUILD_ABOVE = 40  # marked groups beyond which one full rebuild is cheaper
WHOLE_MONTH_ABOVE = 20  # groups of changed figures beyond which their months are recomputed whole
LOCK_NAMESPACE = 720_109  # pg_advisory_xact_lock(namespace, group) per (park, region) group
GLOBAL_LOCK = 720_109_000  # shared by group refreshes, exclusive for a rebuild
CENT = Decimal("0.01")


def data_changed():
    """Call after a bulk write to the figures' rows: the dashboards recompute after commit."""
    transaction.on_commit(_bump)


# -- months covered -----------------------------------------------------------------------------


def _months(first, last):
    (y, m), months = first, []
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _month_end(year, month):
    return datetime.date(year, month, monthrange(year, month)[1])


def coverage():
    """((first year, month), (last year, month)) the rollups cover, or None before the first
    rebuild; cached (no query on a warm cache)."""
    key = f"{COVERAGE_KEY}:{selectors.data_version()}"
    value = cache.get(key)
    if value is None:
        from .models import RollupState

        state = RollupState.objects.filter(pk=1).first()
        value = ((state.first_year, state.first_month), (state.last_year, state.last_month)) if state else ()
        cache.set(key, value, 24 * 60 * 60)
    return tuple(map(tuple, value)) or None


def covers(year, month):
    span = coverage()
    return span is not None and span[0] <= (year, month) <= span[1]


def _set_coverage(first, last, rebuilt=False):
    from .models import RollupState

    defaults = {"first_year": first[0], "first_month": first[1], "last_year": last[0], "last_month": last[1]}
    if rebuilt:
        defaults["rebuilt_at"] = timezone.now()
    RollupState.objects.update_or_create(pk=1, defaults=defaults)
    selectors.data_changed()  # a new version: coverage() reads the state again (and after commit)
    data_changed()


def default_coverage():
    """From January of the year before the first monthly figures to December of this year (or of
    the last year with figures): stocks of "the same span last year" and of a whole year ahead are
    read from the rollups too."""
    from enterprises.models import EnterpriseStat

    today = timezone.localdate()
    first = EnterpriseStat.objects.order_by("year", "month").values_list("year", flat=True).first()
    last = EnterpriseStat.objects.order_by("-year", "-month").values_list("year", flat=True).first()
    return (((first or today.year) - 1, 1), (max(last or today.year, today.year), 12))


# -- locks --------------------------------------------------------------------------------------


def _lock(buckets):
    """Serialize recomputations of the same groups (PostgreSQL; SQLite writes one at a time anyway).
    Held until the transaction ends, so a recomputation waiting here then reads the other's rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if buckets is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [GLOBAL_LOCK])
            return
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [GLOBAL_LOCK])
        keys = sorted({(park * 7919 + region) % 2_147_483_647 for park, region in buckets})
        # one statement, the keys in order (two transactions never wait on each other crosswise)
        cursor.execute(
            "SELECT COUNT(pg_advisory_xact_lock(%s, k)) FROM (SELECT unnest(%s::int[]) AS k ORDER BY 1) keys",
            [LOCK_NAMESPACE, keys],
        )


# -- computing rows from the raw tables ----------------------------------------------------------


def _bucket_sql(buckets, alias="e"):
    if buckets is None:
        return "1=1", []
    parts, params = [], []
    for park, region in sorted(buckets):
        park_sql = f"{alias}.park_id = %s" if park else f"{alias}.park_id IS NULL"
        region_sql = f"{alias}.region_id = %s" if region else f"{alias}.region_id IS NULL"
        parts.append(f"({park_sql} AND {region_sql})")
        params += [p for p in (park, region) if p]
    return "(" + " OR ".join(parts) + ")", params


def _bucket_q(buckets, prefix=""):
    if buckets is None:
        return Q()
    q = Q(pk__in=[])
    for park, region in buckets:
        q |= Q(**{f"{prefix}park_id": park or None, f"{prefix}region_id": region or None})
    return q


def _rollup_bucket_q(buckets):
    if buckets is None:
        return Q()
    q = Q(pk__in=[])
    for park, region in buckets:
        q |= Q(park_id=park, region_id=region)
    return q


def _months_sql(months, alias="s"):
    if months is None:
        return "1=1", []
    by_year = defaultdict(list)
    for y, m in months:
        by_year[y].append(m)
    parts, params = [], []
    for y, ms in sorted(by_year.items()):
        parts.append(f"({alias}.year = %s AND {alias}.month IN ({', '.join(['%s'] * len(ms))}))")
        params += [y, *sorted(ms)]
    return "(" + " OR ".join(parts) + ")", params


def _months_q(months):
    by_year = defaultdict(list)
    for y, m in months:
        by_year[y].append(m)
    q = Q(pk__in=[])
    for y, ms in by_year.items():
        q |= Q(year=y, month__in=ms)
    return q


def _enterprises_sql(enterprise_ids, column):
    """``column`` is one of ``enterprise_ids`` (None: no condition), as one parameter."""
    if enterprise_ids is None:
        return "1=1", []
    ids = sorted(enterprise_ids)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def _stat_rows(buckets, months, enterprise_ids=None, since=None):
    """{key: {"reporting": n, field: sum}} with key (year, month, park, region, dimension, member),
    three grouped queries (all enterprises, by cluster, by chain; each enterprise once per member).
    ``enterprise_ids``: the figures of these enterprises only (their share of each sum).
    ``since``: a table holding the same rows as they were before a write (``months`` given): the
    differences the write made instead (a row not in it is new: one more enterprise reporting)."""
    from clusters.models import Chain, ChainNode
    from enterprises.models import Enterprise, EnterpriseStat

    from .models import ROLLUP_SUM_FIELDS

    stat, ent = EnterpriseStat._meta.db_table, Enterprise._meta.db_table
    through = ChainNode.enterprises.through._meta.db_table
    node, chain = ChainNode._meta.db_table, Chain._meta.db_table
    bucket_sql, bucket_params = _bucket_sql(buckets)
    months_sql, months_params = _months_sql(months)
    sums = ", ".join(f"SUM(s.{f})" for f in ROLLUP_SUM_FIELDS)
    members = {}
    for dimension in (CLUSTER, CHAIN):
        # each enterprise once per member, of the groups asked for only
        column = "c.cluster_id" if dimension == CLUSTER else "n.chain_id"
        member_buckets, member_params = _bucket_sql(buckets, "me")
        only = f" JOIN {ent} me ON me.id = ce.enterprise_id" if buckets is not None else ""
        these_sql, these_params = _enterprises_sql(enterprise_ids, "ce.enterprise_id")
        members[dimension] = (
            f"(SELECT DISTINCT {column} AS member_id, ce.enterprise_id FROM {through} ce "
            f"JOIN {node} n ON n.id = ce.chainnode_id JOIN {chain} c ON c.id = n.chain_id{only} "
            f"WHERE {member_buckets} AND {these_sql})",
            member_params + these_params,
        )
    if months is not None:
        # some months: read their figures once (a CTE) and add them up three ways
        columns = ", ".join(f"s.{f}" for f in ROLLUP_SUM_FIELDS)
        count, before = "COUNT(*)", ""
        if since is not None:
            columns = ", ".join(f"COALESCE(s.{f}, 0) - COALESCE(o.{f}, 0) AS {f}" for f in ROLLUP_SUM_FIELDS)
            columns += ", CASE WHEN o.id IS NULL THEN 1 ELSE 0 END AS new_row"
            count, before = "SUM(s.new_row)", f" LEFT JOIN {since} o ON o.id = s.id"
        parts = [
            f"SELECT '{ALL}', s.year, s.month, s.park_id, s.region_id, 0, {count}, {sums} FROM base s "
            "GROUP BY s.year, s.month, s.park_id, s.region_id"
        ]
        these_sql, these_params = _enterprises_sql(enterprise_ids, "s.enterprise_id")
        params = bucket_params + months_params + these_params
        for dimension in (CLUSTER, CHAIN):
            sql, member_params = members[dimension]
            parts.append(
                f"SELECT '{dimension}', s.year, s.month, s.park_id, s.region_id, m.member_id, {count}, {sums} "
                f"FROM base s JOIN {sql} m ON m.enterprise_id = s.enterprise_id "
                "GROUP BY s.year, s.month, s.park_id, s.region_id, m.member_id"
            )
            params += member_params
        queries = [
            (
                f"WITH base AS (SELECT s.enterprise_id, s.year, s.month, e.park_id, e.region_id, {columns} "
                f"FROM {stat} s JOIN {ent} e ON e.id = s.enterprise_id{before} "
                f"WHERE {bucket_sql} AND {months_sql} AND {these_sql}) " + " UNION ALL ".join(parts),
                params,
            )
        ]
    else:
        # every month (a rebuild): three passes rather than millions of rows held in a CTE
        queries = []
        for dimension in (ALL, CLUSTER, CHAIN):
            join, member, group, params = "", "0", "", []
            if dimension != ALL:
                sql, params = members[dimension]
                join = f" JOIN {sql} m ON m.enterprise_id = s.enterprise_id"
                member, group = "m.member_id", ", m.member_id"
            queries.append(
                (
                    f"SELECT '{dimension}', s.year, s.month, e.park_id, e.region_id, {member}, COUNT(*), {sums} "
                    f"FROM {stat} s JOIN {ent} e ON e.id = s.enterprise_id{join} WHERE {bucket_sql} "
                    f"AND {months_sql} GROUP BY s.year, s.month, e.park_id, e.region_id{group}",
                    params + bucket_params + months_params,
                )
            )
    rows = {}
    with connection.cursor() as cursor:
        for query, params in queries:
            cursor.execute(query, params)
            for dimension, year, month, park, region, member_id, count, *values in cursor.fetchall():
                row = {"reporting": count}
                for field, value in zip(ROLLUP_SUM_FIELDS, values, strict=True):
                    row[field] = Decimal(str(value or 0)).quantize(CENT)
                rows[(year, month, park or 0, region or 0, dimension, member_id or 0)] = row
    return rows


STOCKS = ("enterprises", "above_size")


def _stock_rows(buckets, months, all_months):
    """{key: {stock column: count}} for ``months`` (a subset of ``all_months``, the coverage) and
    [NodeRollup rows]: active enterprises established by each month's last day, above-size ones,
    holders of a valid qualification of each rolled-up kind (each enterprise once per kind)."""
    from clusters.models import ChainNode
    from enterprises.models import Enterprise, Qualification

    from .models import ROLLUP_QUALIFICATION_KINDS, NodeRollup

    ends = [_month_end(y, m) for y, m in all_months]
    n = len(ends)
    wanted = {all_months.index(m): m for m in months}
    columns = [*STOCKS, *(f"qual_{k}" for k in ROLLUP_QUALIFICATION_KINDS)]
    diffs = defaultdict(lambda: {c: [0] * (n + 1) for c in columns})

    active = Enterprise.objects.filter(_bucket_q(buckets), is_active=True)
    groups = {}
    for pk, park, region, above, established in active.values_list(
        "pk", "park_id", "region_id", "above_size", "established_on"
    ):
        groups[pk] = [(park or 0, region or 0, ALL, 0), above, established]
    memberships = defaultdict(set)
    node_counts = defaultdict(lambda: [0, 0])
    through = ChainNode.enterprises.through.objects.filter(enterprise__in=active)
    for enterprise_id, node_id, chain_id, cluster_id in through.values_list(
        "enterprise_id", "chainnode_id", "chainnode__chain_id", "chainnode__chain__cluster_id"
    ):
        if enterprise_id not in groups:
            continue
        park, region = groups[enterprise_id][0][:2]
        memberships[enterprise_id].update({(CLUSTER, cluster_id), (CHAIN, chain_id)})
        counts = node_counts[(node_id, park, region)]
        counts[0] += 1
        counts[1] += bool(groups[enterprise_id][1])

    def keys(enterprise_id):
        base = groups[enterprise_id][0]
        return [base, *((base[0], base[1], dim, member) for dim, member in memberships.get(enterprise_id, ()))]

    for pk, (_base, above, established) in groups.items():
        start = 0 if established is None else bisect.bisect_left(ends, established)
        if start >= n:
            continue
        for key in keys(pk):
            diff = diffs[key]
            diff["enterprises"][start] += 1
            if above:
                diff["above_size"][start] += 1

    ranges = defaultdict(list)
    quals = Qualification.objects.filter(
        enterprise__in=active, kind__code__in=ROLLUP_QUALIFICATION_KINDS, granted_on__isnull=False
    )
    fields = ("enterprise_id", "kind__code", "granted_on", "expires_on")
    for enterprise_id, kind, granted, expires in quals.values_list(*fields):
        start = bisect.bisect_left(ends, granted)
        stop = n - 1 if expires is None else bisect.bisect_right(ends, expires) - 1
        if start <= stop:
            ranges[(enterprise_id, kind)].append((start, stop))
    for (enterprise_id, kind), spans in ranges.items():
        if enterprise_id not in groups:
            continue
        merged = []
        for start, stop in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], stop)
            else:
                merged.append([start, stop])
        for key in keys(enterprise_id):
            diff = diffs[key][f"qual_{kind}"]
            for start, stop in merged:
                diff[start] += 1
                diff[stop + 1] -= 1

    rows = {}
    for key, diff in diffs.items():
        running = dict.fromkeys(columns, 0)
        for i in range(n):
            for c in columns:
                running[c] += diff[c][i]
            if i in wanted and any(running.values()):
                y, m = wanted[i]
                rows[(y, m, *key)] = dict(running)
    nodes = [
        NodeRollup(node_id=node_id, park_id=park, region_id=region, enterprises=count, above_size=above)
        for (node_id, park, region), (count, above) in node_counts.items()
    ]
    return rows, nodes


def _refresh(buckets, months, stocks=True):
    """Recompute the rollups of ``buckets`` ({(park, region)} or None for all) in ``months`` (None:
    every month covered).  ``stocks=False``: only the monthly sums changed (a figure was saved)."""
    from .models import ROLLUP_QUALIFICATION_KINDS, MonthlyRollup, NodeRollup

    all_months = _months(*coverage())
    months = all_months if months is None else [m for m in months if m in set(all_months)]
    if not months:
        return
    stat_rows = _stat_rows(buckets, months if months != all_months else None)
    where = _rollup_bucket_q(buckets)
    if months != all_months:
        where &= _months_q(months)
    if not stocks:
        # the sums change, the stocks stay: keep each row's stocks, replace the rows (a delete and
        # a bulk insert are far cheaper than a bulk UPDATE … CASE of thousands of rows)
        stock_columns = [*STOCKS, *(f"qual_{k}" for k in ROLLUP_QUALIFICATION_KINDS)]
        kept = {
            (r["year"], r["month"], r["park_id"], r["region_id"], r["dimension"], r["member_id"]): {
                c: r[c] for c in stock_columns
            }
            for r in MonthlyRollup.objects.filter(where).values(
                "year", "month", "park_id", "region_id", "dimension", "member_id", *stock_columns
            )
        }
        MonthlyRollup.objects.filter(where).delete()
        rows = []
        for key in kept.keys() | stat_rows.keys():
            y, m, park, region, dimension, member = key
            rows.append(
                MonthlyRollup(
                    year=y,
                    month=m,
                    park_id=park,
                    region_id=region,
                    dimension=dimension,
                    member_id=member,
                    **stat_rows.get(key, {}),
                    **kept.get(key, {}),
                )
            )
        MonthlyRollup.objects.bulk_create(rows, batch_size=1000)
        return
    stock_rows, nodes = _stock_rows(buckets, months, all_months)
    MonthlyRollup.objects.filter(where).delete()
    rows = []
    for key in stat_rows.keys() | stock_rows.keys():
        y, m, park, region, dimension, member = key
        rows.append(
            MonthlyRollup(
                year=y,
                month=m,
                park_id=park,
                region_id=region,
                dimension=dimension,
                member_id=member,
                **stat_rows.get(key, {}),
                **stock_rows.get(key, {}),
            )
        )
    MonthlyRollup.objects.bulk_create(rows, batch_size=1000)
    if months == all_months:
        NodeRollup.objects.filter(_rollup_bucket_q(buckets)).delete()
        NodeRollup.objects.bulk_create(nodes, batch_size=1000)


# -- services -----------------------------------------------------------------------------------


@transaction.atomic
def rollups_rebuild():
    """Rebuild every rollup from the raw rows (seeding, ``manage.py rollups_rebuild``, nightly)."""
    from .models import MonthlyRollup, NodeRollup, RollupBucket

    _lock(None)
    marks = list(RollupBucket.objects.values_list("pk", "changes"))
    first, last = default_coverage()
    _set_coverage(first, last, rebuilt=True)
    MonthlyRollup.objects.all().delete()
    NodeRollup.objects.all().delete()
    _refresh(None, None)
    for pk, changes in marks:
        RollupBucket.objects.filter(pk=pk, changes=changes).delete()
    data_changed()
    return MonthlyRollup.objects.count()


def _ensure_coverage(months):
    """Months outside the rollups' span (figures of a month before the first, or after the last):
    widen the span and compute those months for every group."""
    span = coverage()
    if span is None:
        return False  # never built: `manage.py rollups_rebuild` (or seeding) builds them
    lo, hi = min([span[0], *months]), max([span[1], *months])
    if (lo, hi) == span:
        return True
    if lo != span[0]:
        lo = (lo[0], 1)
    if hi != span[1]:
        hi = (hi[0], 12)
    _lock(None)
    _set_coverage(lo, hi)
    added = [m for m in _months(lo, hi) if not span[0] <= m <= span[1]]
    _refresh(None, added)
    return True


def stats_changed(*, enterprise_ids=None, park_ids=None, periods):
    """Monthly figures of these enterprises (or of every enterprise of these parks) changed in
    ``periods`` [(year, month)]: recompute their groups' sums inside the caller's transaction."""
    from enterprises.models import Enterprise

    periods = sorted(set(map(tuple, periods)))
    data_changed()
    if not periods or coverage() is None:
        return  # never built: `manage.py rollups_rebuild` (or seeding) builds them
    enterprises = Enterprise.objects.all()
    if enterprise_ids is not None:
        enterprises = enterprises.filter(pk__in=list(enterprise_ids))
    if park_ids is not None:
        enterprises = enterprises.filter(park_id__in=list(park_ids))
    buckets = {(p or 0, r or 0) for p, r in enterprises.values_list("park_id", "region_id").distinct()}
    if not buckets or not _ensure_coverage(periods):
        return
    if len(buckets) > WHOLE_MONTH_ABOVE:
        buckets = None  # an import across the region: the whole months, without a filter per group
    _lock(buckets)
    _refresh(buckets, periods, stocks=False)


def mark_enterprises(enterprise_ids=None, buckets=()):
    """Who belongs to (or counts in) the groups of these enterprises changed: mark the groups for
    the Celery task, in the caller's transaction."""
    from enterprises.models import Enterprise

    from .models import RollupBucket

    if coverage() is None:
        return  # never built: nothing to keep in step
    buckets = set(buckets)
    if enterprise_ids:
        buckets |= {
            (p or 0, r or 0)
            for p, r in Enterprise.objects.filter(pk__in=list(enterprise_ids))
            .values_list("park_id", "region_id")
            .distinct()
        }
    if not buckets:
        return
    table = RollupBucket._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        for park, region in sorted(buckets):
            cursor.execute(
                f"INSERT INTO {table} (park_id, region_id, changes, since) VALUES (%s, %s, 1, %s) "
                f"ON CONFLICT (park_id, region_id) DO UPDATE SET changes = {table}.changes + 1",
                [park, region, now],
            )
    if not any(getattr(item[1], "__name__", "") == "_queue_refresh" for item in connection.run_on_commit):
        transaction.on_commit(_queue_refresh)
    data_changed()


def _queue_refresh():
    try:
        rollups_refresh.delay()
    except Exception:  # the broker is down: the periodic task picks the marks up
        log.exception("could not queue reports.rollups_refresh")


class _StatShares:
    """Rollup rows moved by the difference a bulk write of figures makes: the rows about to be
    written (their enterprises and months) are copied to a temporary table before the write, and
    one grouped query after it adds up (new − old) per rollup row."""

    SNAPSHOT = "rollups_figures_before"

    def __init__(self, objs):
        from enterprises.models import Enterprise, EnterpriseStat

        self.enterprise_ids = {o.enterprise_id for o in objs}
        self.periods = sorted({(o.year, o.month) for o in objs})
        self.ready = all(covers(*period) for period in self.periods)
        if not self.ready:
            return  # never built, or months to add: stats_changed() afterwards
        rows = Enterprise.objects.filter(pk__in_list=self.enterprise_ids).values_list("park_id", "region_id")
        _lock({(park or 0, region or 0) for park, region in rows.distinct()})
        months_sql, months_params = _months_sql(self.periods)
        these_sql, these_params = _enterprises_sql(self.enterprise_ids, "s.enterprise_id")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.SNAPSHOT}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.SNAPSHOT} AS SELECT s.* FROM {EnterpriseStat._meta.db_table} s "
                f"WHERE {months_sql} AND {these_sql}",
                months_params + these_params,
            )

    def apply(self):
        """Move each rollup row by the difference: work in proportion to the rows written, where
        recomputing would read every figure of the month."""
        from .models import ROLLUP_QUALIFICATION_KINDS, ROLLUP_SUM_FIELDS, MonthlyRollup

        data_changed()
        if not self.ready:
            stats_changed(enterprise_ids=self.enterprise_ids, periods=self.periods)
            return
        differences = _stat_rows(None, self.periods, enterprise_ids=self.enterprise_ids, since=self.SNAPSHOT)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.SNAPSHOT}")
        fields = ("reporting", *ROLLUP_SUM_FIELDS)
        deltas = {key: row for key, row in differences.items() if any(row.values())}
        if not deltas:
            return
        # one upsert adding the differences: INSERT … ON CONFLICT (the row's key) DO UPDATE SET
        # column = column + the difference (PostgreSQL, and SQLite since 3.24)
        table = connection.ops.quote_name(MonthlyRollup._meta.db_table)
        key = ("year", "month", "park_id", "region_id", "dimension", "member_id")
        stocks = [*STOCKS, *(f"qual_{k}" for k in ROLLUP_QUALIFICATION_KINDS)]  # a new row's: none
        columns = [*key, *fields, *stocks]
        integers = {f for f in fields if MonthlyRollup._meta.get_field(f).get_internal_type() != "DecimalField"}
        rows = [
            [*k, *(int(d[f]) if f in integers else d[f] for f in fields), *[0] * len(stocks)] for k, d in deltas.items()
        ]
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        moves = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in fields)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 500):
                batch = rows[start : start + 500]
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row_sql] * len(batch))} "
                    f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {moves}",
                    [value for row in batch for value in row],
                )


def bulk_write_started(model, objs):
    """Before a bulk write (an import) of ``objs`` (new and changed rows): for figures, their
    share of the rollups now; for enterprises, the groups the changed ones are in now."""
    label = model._meta.label
    if label == "enterprises.EnterpriseStat" and objs:
        return _StatShares(objs)
    if label != "enterprises.Enterprise" or not objs:
        return set()
    ids = [obj.pk for obj in objs if obj.pk is not None]
    rows = model.objects.filter(pk__in=ids).values_list("park_id", "region_id").distinct()
    return {(park or 0, region or 0) for park, region in rows}


def bulk_write_done(model, objs, before):
    """After a bulk write (an import), in its transaction: figures' sums now, memberships marked."""
    label = model._meta.label
    if not objs:
        return
    if label == "enterprises.EnterpriseStat":
        before.apply()
    elif label == "enterprises.Enterprise":
        mark_enterprises([o.pk for o in objs], buckets=before)
    elif label == "enterprises.Qualification":
        mark_enterprises({o.enterprise_id for o in objs})
    elif label in WATCHED:
        data_changed()


def rollups_refresh_marked():
    """Recompute the marked groups; returns how many.  A group marked again meanwhile stays marked
    (its counter moved), so no change is lost."""
    from .models import RollupBucket

    marks = list(RollupBucket.objects.values_list("pk", "park_id", "region_id", "changes"))
    if not marks:
        return 0
    if len(marks) > FULL_REBUILD_ABOVE or coverage() is None:
        rollups_rebuild()
        return len(marks)
    with transaction.atomic():
        buckets = {(park, region) for _pk, park, region, _n in marks}
        _lock(buckets)
        _refresh(buckets, None)
        for pk, _park, _region, changes in marks:
            RollupBucket.objects.filter(pk=pk, changes=changes).delete()
        data_changed()
    return len(marks)


def rollups_pending():
    """When the oldest change still waiting for its recomputation was made, else None."""
    from .models import RollupBucket

    return RollupBucket.objects.order_by("since").values_list("since", flat=True).first()


# -- signals: single saves (the browser, the API, the admin) ------------------------------------


def _on_change(sender, **kwargs):
    data_changed()


def _stat_saved(sender, instance, **kwargs):
    stats_changed(enterprise_ids=[instance.enterprise_id], periods=[(instance.year, instance.month)])


def _park_month_saved(sender, instance, **kwargs):
    """An approved (or reopened) month: its figures' sums are recomputed (and so healed)."""
    if instance.status == instance.Status.APPROVED:
        stats_changed(park_ids=[instance.park_id], periods=[(instance.year, instance.month)])


def _enterprise_before_save(sender, instance, **kwargs):
    instance._rollup_before = None
    if instance.pk and coverage() is not None:
        instance._rollup_before = sender.objects.filter(pk=instance.pk).values_list("park_id", "region_id").first()


def _enterprise_saved(sender, instance, **kwargs):
    before = getattr(instance, "_rollup_before", None)
    buckets = {((before[0] or 0), (before[1] or 0))} if before else set()
    buckets.add((instance.park_id or 0, instance.region_id or 0))
    mark_enterprises(buckets=buckets)


def _qualification_changed(sender, instance, **kwargs):
    mark_enterprises([instance.enterprise_id])


def _members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # from the enterprise's side
        ids = [instance.pk]
    elif action == "pre_clear":
        ids = list(instance.enterprises.values_list("pk", flat=True))
    else:
        ids = list(pk_set or ())
    mark_enterprises(ids)


def _node_changed(sender, instance, **kwargs):
    mark_enterprises(list(instance.enterprises.values_list("pk", flat=True)))


def _chain_changed(sender, instance, **kwargs):
    from clusters.models import ChainNode

    members = ChainNode.enterprises.through.objects.filter(chainnode__chain=instance)
    mark_enterprises(list(members.values_list("enterprise_id", flat=True).distinct()))


def connect():
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"dashboard-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"dashboard-delete-{label}")
    node = apps.get_model("clusters.ChainNode")
    chain = apps.get_model("clusters.Chain")
    m2m_changed.connect(_on_change, sender=node.enterprises.through, dispatch_uid="dashboard-node-enterprises")
    m2m_changed.connect(_on_change, sender=chain.chain_masters.through, dispatch_uid="dashboard-chain-masters")

    stat = apps.get_model("enterprises.EnterpriseStat")
    post_save.connect(_stat_saved, sender=stat, dispatch_uid="rollups-stat-save")
    post_delete.connect(_stat_saved, sender=stat, dispatch_uid="rollups-stat-delete")
    park_month = apps.get_model("enterprises.ParkMonth")
    post_save.connect(_park_month_saved, sender=park_month, dispatch_uid="rollups-park-month")
    enterprise = apps.get_model("enterprises.Enterprise")
    pre_save.connect(_enterprise_before_save, sender=enterprise, dispatch_uid="rollups-enterprise-before")
    post_save.connect(_enterprise_saved, sender=enterprise, dispatch_uid="rollups-enterprise-save")
    post_delete.connect(_enterprise_saved, sender=enterprise, dispatch_uid="rollups-enterprise-delete")
    qualification = apps.get_model("enterprises.Qualification")
    post_save.connect(_qualification_changed, sender=qualification, dispatch_uid="rollups-qualification-save")
    post_delete.connect(_qualification_changed, sender=qualification, dispatch_uid="rollups-qualification-delete")
    m2m_changed.connect(_members_changed, sender=node.enterprises.through, dispatch_uid="rollups-node-members")
    post_save.connect(_node_changed, sender=node, dispatch_uid="rollups-node-save")
    pre_delete.connect(_node_changed, sender=node, dispatch_uid="rollups-node-delete")
    post_save.connect(_chain_changed, sender=chain, dispatch_uid="rollups-chain-save")
    pre_delete.connect(_chain_changed, sender=chain, dispatch_uid="rollups-chain-delete")

    from enterprises.signals import stats_written

    stats_written.connect(_stats_written, dispatch_uid="rollups-stats-written")


def _stats_written(sender, enterprise_ids, periods, **kwargs):
    stats_changed(enterprise_ids=enterprise_ids, periods=periods)


# -- tasks --------------------------------------------------------------------------------------


@shared_task(name="reports.dashboard_refresh", ignore_result=True)
def dashboard_refresh(year, month, mode, district=None):
    """Recompute one filter's cockpit figures after a change (idempotent: keyed by the filter)."""
    flt = selectors.DashboardFilter(year, month, mode, district)
    selectors.cockpit(flt)  # not allow_stale: recomputes and caches under the current version


@shared_task(name="reports.rollups_refresh", ignore_result=True)
def rollups_refresh():
    """Recompute the groups marked by changes of membership (queued after each such commit, and
    every few minutes by beat for any mark left behind)."""
    return rollups_refresh_marked()


@shared_task(name="reports.rollups_rebuild", ignore_result=True, acks_late=True)
def rollups_rebuild_task():
    """Rebuild every rollup from the raw rows (nightly; also widens the months to the new year)."""
    return rollups_rebuild()
