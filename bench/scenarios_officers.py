"""Scenarios of the officers' pages: the chain map, the project list with lag flags and the
eligible-enterprise list of a measure (issue 6: median ≤ 200 ms, p95 ≤ 400 ms at province scale).

Each page is measured on the largest object the seeded data has; before the demo seeder makes
chains and measures, the scenario falls back to the list page it would be reached from."""

from django.db.models import Count
from django.urls import reverse

from bench.harness import scenario
from clusters.models import Chain
from policies.models import Measure

TARGET = "median ≤ 200 ms, p95 ≤ 400 ms"


def check(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def largest_chain():
    return (
        Chain.objects.annotate(n=Count("nodes__enterprises")).order_by("-n", "pk").values_list("pk", flat=True).first()
    )


def largest_measure():
    return Measure.objects.filter(is_active=True).order_by("-budget", "pk").values_list("pk", flat=True).first()


@scenario("chain page with map and gaps (officer)", target=TARGET)
def chain_page(ctx):
    pk = ctx.once("chain", largest_chain)
    url = reverse("clusters:chain_detail", args=[pk]) if pk else reverse("clusters:chain_list")
    check(ctx.client("officer").get(url))


@scenario("project list with lag flags (officer)", target=TARGET)
def project_list(ctx):
    check(ctx.client("officer").get(reverse("projects:project_list")))


@scenario("project list with lag flags (park staff)", target=TARGET)
def project_list_staff(ctx):
    check(ctx.client("park_staff").get(reverse("projects:project_list")))


@scenario("eligible enterprises of a measure (officer)", target=TARGET)
def eligible_list(ctx):
    pk = ctx.once("measure", largest_measure)
    url = reverse("policies:eligible_list", args=[pk]) if pk else reverse("policies:measure_list")
    check(ctx.client("officer").get(url))
