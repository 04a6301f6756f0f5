"""Scenarios of the leaders' dashboards: the cockpit cold (figures recomputed) and warm (from the
cache), with and without a district filter; the chain map data; the drill-down pages."""

from django.urls import reverse

from bench.harness import scenario


def check(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def cold():
    """Forget every cached dashboard figure (a new cache generation; the database is untouched)."""
    from reports.selectors import forget

    forget()


def changed():
    """As after an approved month: cached figures are stale and recomputed by a Celery task."""
    from reports.selectors import data_changed

    data_changed()


def sample(ctx):
    def make():
        from clusters.models import Chain, ChainNode, Cluster
        from enterprises.models import Enterprise
        from parks.models import Park
        from portal.models import Region

        node = ChainNode.objects.filter(enterprises__isnull=False).order_by("pk").first()
        return {
            "cluster": Cluster.objects.order_by("pk").values_list("pk", flat=True).first(),
            "chain": Chain.objects.order_by("pk").values_list("pk", flat=True).first(),
            "node": node.pk if node else None,
            "enterprise": (node.enterprises.order_by("pk").values_list("pk", flat=True).first() if node else None)
            or Enterprise.objects.order_by("pk").values_list("pk", flat=True).first(),
            "park": Park.objects.order_by("pk").values_list("pk", flat=True).first(),
            "district": Region.objects.filter(level="district", parks__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first(),
        }

    return ctx.once("dashboard sample", make)


def rollups_ready(ctx):
    """A database seeded before the rollups existed gets them built once (in the warm-up, untimed),
    as `manage.py rollups_rebuild` would after the migration."""

    def make():
        from reports.models import RollupState
        from reports.rollups import rollups_rebuild

        if not RollupState.objects.exists():
            rollups_rebuild()
        return True

    return ctx.once("dashboard rollups", make)


def get(ctx, name, *args, query=""):
    rollups_ready(ctx)
    if any(a is None for a in args):
        return None  # nothing of this kind at this scale (the tiny seed has no chains): 0 queries shown
    return check(ctx.client("leader").get(reverse(name, args=args) + query))


@scenario("cockpit, cold cache (leader)", target="median ≤ 150 ms, p95 ≤ 300 ms, ≤ 15 queries", repeats=10)
def cockpit_cold(ctx):
    cold()
    get(ctx, "reports:cockpit")


@scenario("cockpit, warm cache (leader)", target="median ≤ 150 ms, p95 ≤ 300 ms, ≤ 15 queries")
def cockpit_warm(ctx):
    get(ctx, "reports:cockpit")


@scenario("cockpit right after a change: stale figures shown, refresh queued (leader)", target="median ≤ 150 ms")
def cockpit_after_change(ctx):
    changed()
    get(ctx, "reports:cockpit")


@scenario("cockpit, district and month, cold cache (leader)", target="median ≤ 150 ms, ≤ 15 queries", repeats=10)
def cockpit_district_cold(ctx):
    cold()
    get(ctx, "reports:cockpit", query=f"?mode=month&district={sample(ctx)['district'] or ''}")


@scenario("cockpit, district and month, warm cache (leader)", target="median ≤ 150 ms, ≤ 15 queries")
def cockpit_district_warm(ctx):
    get(ctx, "reports:cockpit", query=f"?mode=month&district={sample(ctx)['district'] or ''}")


@scenario("big screen data, warm cache (leader)", target="median ≤ 150 ms")
def bigscreen_data(ctx):
    get(ctx, "reports:cockpit_data")


@scenario("chain map data, cold cache (leader)", target="median ≤ 150 ms", repeats=10)
def chain_map_cold(ctx):
    cold()
    get(ctx, "reports:chain_map_data", sample(ctx)["chain"])


@scenario("chain map data, warm cache (leader)", target="median ≤ 150 ms")
def chain_map_warm(ctx):
    get(ctx, "reports:chain_map_data", sample(ctx)["chain"])


@scenario("drill-down: cluster, cold cache (leader)", target="median ≤ 150 ms", repeats=10)
def drill_cluster(ctx):
    cold()
    get(ctx, "reports:drill_cluster", sample(ctx)["cluster"])


@scenario("drill-down: chain map page (leader)", target="median ≤ 150 ms")
def drill_chain(ctx):
    get(ctx, "reports:chain_map", sample(ctx)["chain"])


@scenario("drill-down: node enterprises (leader)", target="median ≤ 150 ms")
def drill_node(ctx):
    get(ctx, "reports:drill_node", sample(ctx)["node"])


@scenario("drill-down: enterprise profile (leader)", target="median ≤ 150 ms")
def drill_enterprise(ctx):
    get(ctx, "reports:drill_enterprise", sample(ctx)["enterprise"])


@scenario("drill-down: park, cold cache (leader)", target="median ≤ 150 ms", repeats=10)
def drill_park(ctx):
    cold()
    get(ctx, "reports:drill_park", sample(ctx)["park"])


@scenario("park map, cold cache (leader)", target="median ≤ 150 ms", repeats=10)
def park_map(ctx):
    cold()
    get(ctx, "reports:park_map")
