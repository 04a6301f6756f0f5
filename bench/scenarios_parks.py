"""Scenarios of the parks and enterprises pages (issue 5): the enterprise list with filters at page 1
and page 200, the park and enterprise details, and saving 500 rows of the monthly figures grid.

The read scenarios only read. The grid scenario writes inside a transaction it rolls back, on a
bench park of its own (made once if missing): never run it against a database you may not write to.
"""

from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from bench.harness import scenario
from enterprises.models import Enterprise, EnterpriseStat
from enterprises.rules import make_uscc
from enterprises.selectors import default_period
from parks.models import Park
from portal.models import Region

GRID_ROWS = 500


def check(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def some_enterprise(ctx):
    """The enterprise with figures of the most recent period (an empty database gets one)."""

    def find():
        stat = EnterpriseStat.objects.order_by("-year", "-month").values_list("enterprise_id", flat=True).first()
        if stat:
            return stat
        pk = Enterprise.objects.order_by("pk").values_list("pk", flat=True).first()
        return pk or bench_enterprises(1, code="bench-detail", tag="D")[0]

    return ctx.once("enterprise", find)


def busiest_park(ctx):
    def find():
        row = Park.objects.annotate(n=Count("enterprises")).order_by("-n", "pk").values_list("pk", flat=True).first()
        return row

    return ctx.once("park", find)


@scenario("enterprise list page 1 (officer)", target="median ≤ 150 ms, p95 ≤ 300 ms")
def enterprise_list_page_1(ctx):
    check(ctx.client("officer").get(reverse("enterprises:enterprise_list")))


@scenario("enterprise list page 200 (officer)", target="median ≤ 150 ms, p95 ≤ 300 ms")
def enterprise_list_page_200(ctx):
    # Past the last page Django's get_page answers the last one: still a full run of the query.
    check(ctx.client("officer").get(reverse("enterprises:enterprise_list"), {"page": 200}))


@scenario("enterprise list filtered: park + above size + sort (officer)", target="median ≤ 150 ms, p95 ≤ 300 ms")
def enterprise_list_filtered(ctx):
    params = {"park": busiest_park(ctx), "above_size": "true", "ordering": "-registered_capital"}
    check(ctx.client("officer").get(reverse("enterprises:enterprise_list"), params))


@scenario("enterprise list filtered: search + scale, page 200 (officer)", target="median ≤ 150 ms, p95 ≤ 300 ms")
def enterprise_list_search_page_200(ctx):
    params = {"q": "科技", "scale": "small", "page": 200}
    check(ctx.client("officer").get(reverse("enterprises:enterprise_list"), params))


@scenario("enterprise list filtered: valid qualification + industry (officer)", target="median ≤ 150 ms, p95 ≤ 300 ms")
def enterprise_list_qualification(ctx):
    from enterprises.models import QualificationKind

    kind = ctx.once("kind", lambda: QualificationKind.objects.order_by("pk").values_list("pk", flat=True).first())
    params = {"qualification": kind or "", "is_active": "true", "page": 2}
    check(ctx.client("officer").get(reverse("enterprises:enterprise_list"), params))


@scenario("park detail, busiest park (officer)", target="median ≤ 150 ms")
def park_detail_busiest(ctx):
    check(ctx.client("officer").get(reverse("parks:park_detail", args=[busiest_park(ctx)])))


@scenario("enterprise detail / profile (officer)", target="median ≤ 150 ms")
def enterprise_detail(ctx):
    check(ctx.client("officer").get(reverse("enterprises:enterprise_detail", args=[some_enterprise(ctx)])))


def bench_enterprises(n, code="bench-grid", tag="G"):
    """A park of its own with ``n`` enterprises, made once (bulk) and kept for later runs."""
    region = Region.objects.filter(level="district").order_by("code").first()
    park, _ = Park.objects.get_or_create(code=code, defaults={"name": f"Bench {code}", "region": region})
    have = park.enterprises.count()
    if have < n:
        Enterprise.objects.bulk_create(
            Enterprise(
                uscc=make_uscc("9", "1", region.code, f"BN{tag}{i:06d}"),
                name=f"Bench {code} enterprise {i:04d}",
                region=region,
                park=park,
            )
            for i in range(have, n)
        )
    return list(park.enterprises.order_by("pk").values_list("pk", flat=True)[:n])


def grid_payload(ctx):
    def make():
        ids = bench_enterprises(GRID_ROWS)
        park = Enterprise.objects.get(pk=ids[0]).park_id
        year, month = default_period()
        rows = [
            {
                "enterprise": pk,
                "version": None,
                "values": {
                    "output_value": "1200.5",
                    "revenue": str(1000 + i),
                    "tax": "50",
                    "profit": "80",
                    "rd_expense": "40",
                    "exports": "0",
                    "employees": "120",
                    "rd_staff": "15",
                    "land_used_mu": "20",
                    "note": "",
                },
            }
            for i, pk in enumerate(ids)
        ]
        return {"park": park, "year": year, "month": month, "rows": rows}

    return ctx.once("grid", make)


@scenario("monthly figures grid: save 500 rows (officer)", target="median ≤ 1000 ms")
def grid_save_500(ctx):
    payload = grid_payload(ctx)
    client = ctx.client("officer")
    with transaction.atomic():
        response = client.post(reverse("enterprises:stat_grid_save"), payload, content_type="application/json")
        transaction.set_rollback(True)
    check(response)
    if len(response.json()["saved"]) != len(payload["rows"]):
        raise RuntimeError(f"saved {len(response.json()['saved'])} of {len(payload['rows'])} rows")


@scenario("park figures panel, busiest park (officer; loaded after the page)", target="median ≤ 500 ms")
def park_figures_busiest(ctx):
    check(ctx.client("officer").get(reverse("parks:park_figures", args=[busiest_park(ctx)])))
