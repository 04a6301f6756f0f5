"""Reads of policies shared by pages, exports, the API and reports: a measure's committed and
remaining budget, and the enterprises eligible for a measure found from the data (免申即享)."""

from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clusters.models import ChainNode
from enterprises.models import Enterprise, EnterpriseStat, Industry, Qualification
from enterprises.rules import industry_within
from portal.periods import to_decimal

from .models import Application

COMMITTED_STATUSES = (Application.Status.DEPARTMENT_APPROVED, Application.Status.DISBURSED)
MONEY = DecimalField(max_digits=20, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)


def committed_amount(measure):
    """Approved amounts of ``measure`` (approved or disbursed), 万元."""
    return Application.objects.filter(measure=measure, status__in=COMMITTED_STATUSES).aggregate(
        total=Coalesce(Sum("approved_amount"), ZERO)
    )["total"]


def remaining_budget(measure):
    return measure.budget - committed_amount(measure)


def facts_year_default():
    """Eligibility is judged on the last full year's figures unless another year is asked for."""
    return timezone.localdate().year - 1


def _year_sum(field, year):
    stats = (
        EnterpriseStat.objects.filter(enterprise=OuterRef("pk"), year=year)
        .order_by()
        .values("enterprise")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Subquery(stats, output_field=MONEY)


def _year_totals(year):
    """The year's revenue and R&D sums per enterprise, one grouped scan of the figures; conditions on
    them filter by ``pk__in`` this set rather than by a subquery per enterprise."""
    return (
        EnterpriseStat.objects.filter(year=year)
        .order_by()
        .values("enterprise")
        .annotate(revenue_total=Sum("revenue"), rd_total=Sum("rd_expense"))
    )


def eligible_enterprises(*, user, measure, year=None, on=None):
    """Active enterprises visible to ``user`` that meet ``measure``'s eligibility, as one query
    (``annual_revenue`` and ``annual_rd`` of ``year`` annotated), ordered by name.

    Qualifications count when valid on ``on`` (today by default)."""
    spec = measure.eligibility or {}
    year = year or facts_year_default()
    on = on or timezone.localdate()
    queryset = (
        Enterprise.objects.for_user(user)
        .filter(is_active=True)
        .select_related("park", "industry")
        .annotate(annual_revenue=_year_sum("revenue", year), annual_rd=_year_sum("rd_expense", year))
    )
    if spec.get("qualification_kinds"):
        valid = Qualification.objects.filter(
            enterprise=OuterRef("pk"), kind__code__in=spec["qualification_kinds"], granted_on__lte=on
        ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        queryset = queryset.filter(Exists(valid))
    if spec.get("min_revenue") is not None:
        queryset = queryset.filter(
            pk__in=_year_totals(year).filter(revenue_total__gte=to_decimal(spec["min_revenue"])).values("enterprise")
        )
    if spec.get("above_size_only"):
        queryset = queryset.filter(above_size=True)
    if spec.get("parks"):
        queryset = queryset.filter(park_id__in=spec["parks"])
    if spec.get("chains"):
        on_chain = ChainNode.enterprises.through.objects.filter(
            enterprise_id=OuterRef("pk"), chainnode__chain_id__in=spec["chains"]
        )
        queryset = queryset.filter(Exists(on_chain))
    if spec.get("industries"):
        codes = [
            pk
            for pk, code in Industry.objects.values_list("pk", "code")
            if any(industry_within(code, wanted) for wanted in spec["industries"])
        ]
        queryset = queryset.filter(industry_id__in=codes)
    if spec.get("min_rd_intensity") is not None:
        minimum = Value(to_decimal(spec["min_rd_intensity"]), output_field=MONEY)
        intense = _year_totals(year).filter(revenue_total__gt=0, rd_total__gte=F("revenue_total") * minimum)
        queryset = queryset.filter(pk__in=intense.values("enterprise"))
    return queryset.order_by("name", "pk")


def applications_by_enterprise(measure, year, enterprise_ids):
    """{enterprise id: application} of ``measure`` in ``year`` for the given enterprises."""
    return {
        a.enterprise_id: a
        for a in Application.objects.filter(measure=measure, year=year, enterprise_id__in=enterprise_ids)
    }
