"""Scenarios of the REST API: list endpoints, page 1 with filters, and the aggregates the
dashboards use.  The client is authenticated in memory (``force_authenticate``): the scenarios
write nothing, so they can run against a read-only copy of a large database."""

from django.db.models import Max

from bench.harness import scenario
from parks.models import Park

TARGET = "median ≤ 120 ms"


def token_client(ctx, role):
    def make():
        from django.contrib.auth import get_user_model
        from rest_framework.test import APIClient

        user = get_user_model().objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is None:
            raise RuntimeError(f"no user with role {role}; seed the database first")
        client = APIClient()
        client.force_authenticate(user)
        return client

    return ctx.once(f"api-client-{role}", make)


def first_park(ctx):
    return ctx.once("api-park", lambda: Park.objects.order_by("pk").values_list("pk", flat=True).first())


def latest_year(ctx):
    from enterprises.models import EnterpriseStat

    return ctx.once("api-year", lambda: EnterpriseStat.objects.aggregate(y=Max("year"))["y"] or 2025)


def get(ctx, role, path, params):
    response = token_client(ctx, role).get(path, params)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:200]!r}")
    return response


@scenario("api enterprise list page 1, park + above size (officer)", target=TARGET)
def enterprise_list(ctx):
    get(ctx, "officer", "/api/enterprises/", {"park": first_park(ctx), "above_size": "true", "ordering": "name"})


@scenario("api enterprise list page 1, search (park staff)", target=TARGET)
def enterprise_search_staff(ctx):
    get(ctx, "park_staff", "/api/enterprises/", {"q": "科技", "is_active": "true"})


@scenario("api monthly figures page 1, year + park (officer)", target=TARGET)
def stat_list(ctx):
    get(
        ctx,
        "officer",
        "/api/enterprise-stats/",
        {"year": latest_year(ctx), "park": first_park(ctx), "ordering": "-revenue"},
    )


@scenario("api qualifications page 1, expiring (officer)", target=TARGET)
def qualification_list(ctx):
    get(ctx, "officer", "/api/qualifications/", {"expires_after": "2025-01-01", "ordering": "expires_on"})


@scenario("api projects page 1, stage + park (leader)", target=TARGET)
def project_list(ctx):
    get(ctx, "leader", "/api/projects/", {"stage": "under_construction", "park": first_park(ctx)})


@scenario("api service requests page 1, overdue (officer)", target=TARGET)
def request_list(ctx):
    get(ctx, "officer", "/api/service-requests/", {"overdue": "true", "ordering": "-received_on"})


@scenario("api applications page 1, year + status (officer)", target=TARGET)
def application_list(ctx):
    get(ctx, "officer", "/api/applications/", {"year": latest_year(ctx), "status": "submitted"})


@scenario("api chain nodes page 1 (analyst)", target=TARGET)
def chain_node_list(ctx):
    get(ctx, "analyst", "/api/chain-nodes/", {"stage": "midstream"})


@scenario("api chains with completeness page 1 (leader)", target="median ≤ 300 ms")
def chain_status_list(ctx):
    get(ctx, "leader", "/api/aggregates/chains/", {})


@scenario("api figures of a park, ytd (leader)", target="median ≤ 300 ms")
def park_figures(ctx):
    get(
        ctx,
        "leader",
        "/api/aggregates/figures/",
        {
            "subject_type": "park",
            "subject_id": first_park(ctx),
            "year": latest_year(ctx),
            "month": 6,
            "codes": "output_value,revenue,tax",
        },
    )
