"""Reads of the parks app shared by pages, exports and the API."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from portal.periods import previous_month, quantize, yoy


def park_figures(park, today=None):
    """The park page's headline figures for 1–N月 of the latest closed month (last month): active
    enterprises, above-size ones, revenue and tax year to date with 同比, tax per 亩 built.

    Reached through reverse relations, so the parks app needs no import of enterprises."""
    today = today or timezone.localdate()
    year, month = previous_month(today.year, today.month)
    this_year = Q(enterprises__stats__year=year, enterprises__stats__month__lte=month)
    last_year = Q(enterprises__stats__year=year - 1, enterprises__stats__month__lte=month)
    totals = (
        type(park)
        .objects.filter(pk=park.pk)
        .aggregate(
            revenue=Sum("enterprises__stats__revenue", filter=this_year),
            tax=Sum("enterprises__stats__tax", filter=this_year),
            revenue_ly=Sum("enterprises__stats__revenue", filter=last_year),
            tax_ly=Sum("enterprises__stats__tax", filter=last_year),
        )
    )
    counts = park.enterprises.aggregate(
        active=Count("pk", filter=Q(is_active=True)), above_size=Count("pk", filter=Q(is_active=True, above_size=True))
    )
    built = park.built_area_mu or Decimal("0")
    return {
        "year": year,
        "month": month,
        "enterprises": counts["active"],
        "above_size": counts["above_size"],
        "revenue_ytd": totals["revenue"],
        "tax_ytd": totals["tax"],
        "revenue_yoy": yoy(totals["revenue"], totals["revenue_ly"]),
        "tax_yoy": yoy(totals["tax"], totals["tax_ly"]),
        "tax_per_mu": quantize(totals["tax"] / built) if totals["tax"] is not None and built else None,
    }


def park_related(park, user):
    """The rows shown on a park page, each list cut to a few and scoped to the user."""
    return {
        "land_parcels": park.land_parcels.for_user(user).select_related("holder")[:20],
        "land_total": park.land_parcels.for_user(user).count(),
        "factories": park.standard_factories.for_user(user)[:20],
        "carriers": park.innovation_carriers.for_user(user).select_related("host_enterprise")[:20],
        "factors": park.factors.all(),
        "status_changes": park.status_changes.all()[:10],
    }
