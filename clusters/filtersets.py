import django_filters
from django.utils.translation import gettext_lazy as _

from parks.filtersets import park_choices
from portal.filters import PortalFilterSet, SearchFilter, ordering
from portal.models import Department

from .models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink


class ClusterFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name", "code", "designations"))
    lead_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Lead department"))
    ordering = ordering("sort_order", "name", "category")

    class Meta:
        model = Cluster
        fields = ["q", "category", "lead_department"]


class ChainFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name", "code", "leader"))
    lead_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Lead department"))
    host_park = django_filters.ModelChoiceFilter(field_name="host_parks", queryset=park_choices, label=_("Host park"))
    ordering = ordering("sort_order", "name")

    class Meta:
        model = Chain
        fields = ["q", "cluster", "lead_department", "host_park"]


class ChainNodeFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name",))
    cluster = django_filters.NumberFilter(field_name="chain__cluster", label=_("Cluster"))
    ordering = ordering("chain", "stage", "sort_order", "name")

    class Meta:
        model = ChainNode
        fields = ["q", "chain", "cluster", "stage", "is_key", "parent"]


class InvestmentLeadFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("company_name", "location", "node__name", "next_step"))
    chain = django_filters.NumberFilter(field_name="node__chain", label=_("Chain"))
    target_park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Target park"))
    next_step_before = django_filters.DateFilter(
        field_name="next_step_on", lookup_expr="lte", label=_("Next step on or before")
    )
    ordering = ordering("company_name", "expected_investment", "stage", "next_step_on", "updated_at")

    class Meta:
        model = InvestmentLead
        fields = ["q", "chain", "node", "target_park", "stage", "officer", "next_step_before"]


class SupplyLinkFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("supplier__name", "customer__name", "product"))
    chain = django_filters.NumberFilter(
        field_name="customer__chain_nodes__chain", label=_("Customer's chain"), distinct=True
    )
    ordering = ordering("year", "annual_amount", "supplier__name", "customer__name")

    class Meta:
        model = SupplyLink
        fields = ["q", "supplier", "customer", "year", "chain"]
