import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parks.filtersets import park_choices
from portal.filters import PortalFilterSet, SearchFilter, ordering
from portal.models import Department, Region

from .models import (
    Cooperation,
    Enterprise,
    EnterpriseStat,
    Industry,
    ParkMonth,
    Qualification,
    QualificationKind,
    ServiceRequest,
    Visit,
)
from .selectors import local_q


class EnterpriseFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name", "short_name", "uscc"))
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.filter(level="district"), label=_("District"))
    industry = django_filters.ModelChoiceFilter(queryset=Industry.objects.filter(level="division"), label=_("Industry"))
    qualification = django_filters.ModelChoiceFilter(
        queryset=QualificationKind.objects.all(),
        method="filter_qualification",
        label=_("Holds a valid qualification"),
    )
    chain_node = django_filters.NumberFilter(field_name="chain_nodes", label=_("Chain node"))
    chain = django_filters.NumberFilter(field_name="chain_nodes__chain", label=_("Chain"), distinct=True)
    local = django_filters.BooleanFilter(method="filter_local", label=_("In the region (not suppliers elsewhere)"))
    ordering = ordering("name", "uscc", "established_on", "registered_capital", "scale")

    class Meta:
        model = Enterprise
        fields = ["q", "park", "region", "industry", "scale", "above_size", "listing_status", "is_leading", "is_active"]

    def filter_local(self, queryset, name, value):
        """The region's own enterprises, as its figures count them (reports.indicators.enterprise_q)."""
        if value is None:
            return queryset
        local = local_q()
        return queryset.filter(local) if value else queryset.exclude(local)

    def filter_qualification(self, queryset, name, value: int):  # the API's schema shows the kind's id
        if not value:
            return queryset
        today = timezone.localdate()
        valid = Qualification.objects.filter(enterprise=OuterRef("pk"), kind=value, granted_on__lte=today).exclude(
            expires_on__lt=today
        )
        return queryset.filter(Exists(valid))


class QualificationFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("enterprise__name", "enterprise__uscc", "certificate_no"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", queryset=park_choices, label=_("Park"))
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lte", label=_("Expires on or before")
    )
    expires_after = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="gte", label=_("Expires on or after")
    )
    granted_after = django_filters.DateFilter(
        field_name="granted_on", lookup_expr="gte", label=_("Granted on or after")
    )
    ordering = ordering("granted_on", "expires_on", "enterprise__name")

    class Meta:
        model = Qualification
        fields = ["q", "park", "enterprise", "kind", "level", "expires_before", "expires_after", "granted_after"]


class EnterpriseStatFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("enterprise__name", "enterprise__uscc"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", queryset=park_choices, label=_("Park"))
    month_from = django_filters.NumberFilter(field_name="month", lookup_expr="gte", label=_("From month"))
    month_to = django_filters.NumberFilter(field_name="month", lookup_expr="lte", label=_("To month"))
    ordering = ordering("year", "month", "output_value", "revenue", "tax", "rd_expense", "enterprise__name")

    class Meta:
        model = EnterpriseStat
        fields = ["q", "park", "enterprise", "year", "month", "month_from", "month_to"]


class ParkMonthFilterSet(PortalFilterSet):
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    ordering = ordering("year", "month", "status", "submitted_at")

    class Meta:
        model = ParkMonth
        fields = ["park", "year", "month", "status"]


class VisitFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("enterprise__name", "notes"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", queryset=park_choices, label=_("Park"))
    visited_after = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="gte", label=_("Visited on or after")
    )
    visited_before = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="lte", label=_("Visited on or before")
    )
    ordering = ordering("visited_on", "enterprise__name")

    class Meta:
        model = Visit
        fields = ["q", "park", "enterprise", "officer", "visited_after", "visited_before"]


class ServiceRequestFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("title", "description", "enterprise__name"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", queryset=park_choices, label=_("Park"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Department"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received on or after")
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received on or before")
    )
    ordering = ordering("received_on", "due_on", "resolved_on", "status", "category")

    class Meta:
        model = ServiceRequest
        fields = [
            "q",
            "park",
            "enterprise",
            "category",
            "status",
            "department",
            "officer",
            "satisfaction",
            "overdue",
            "received_after",
            "received_before",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        from .selectors import overdue_q

        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class CooperationFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("enterprise__name", "partner", "note"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", queryset=park_choices, label=_("Park"))
    ordering = ordering("signed_on", "partner", "enterprise__name")

    class Meta:
        model = Cooperation
        fields = ["q", "park", "enterprise", "kind"]
