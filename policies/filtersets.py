import django_filters
from django.utils.translation import gettext_lazy as _

from parks.filtersets import park_choices
from portal.filters import PortalFilterSet, SearchFilter, ordering
from portal.models import Department

from .models import Application, Measure, Policy


class PolicyFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("title", "doc_number", "issuer"))
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on"))
    ordering = ordering("issued_on", "title", "valid_until")

    class Meta:
        model = Policy
        fields = ["q", "issuer", "department", "is_active", "valid_on"]

    def filter_valid_on(self, queryset, name, day):
        if not day:
            return queryset
        return queryset.exclude(valid_from__gt=day).exclude(valid_until__lt=day)


class MeasureFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("title", "policy__title"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Reviewing department"))
    open_on = django_filters.DateFilter(method="filter_open_on", label=_("Open for applications on"))
    ordering = ordering("title", "budget", "opens_on", "closes_on")

    class Meta:
        model = Measure
        fields = ["q", "policy", "kind", "department", "auto_grant", "is_active", "open_on"]

    def filter_open_on(self, queryset, name, day):
        if not day:
            return queryset
        return queryset.exclude(opens_on__gt=day).exclude(closes_on__lt=day)


class ApplicationFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("enterprise__name", "enterprise__uscc", "measure__title"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", queryset=park_choices, label=_("Park"))
    department = django_filters.ModelChoiceFilter(
        field_name="measure__department", queryset=Department.objects.all(), label=_("Reviewing department")
    )
    policy = django_filters.NumberFilter(field_name="measure__policy", label=_("Policy"))
    ordering = ordering("year", "computed_amount", "approved_amount", "status", "submitted_at", "enterprise__name")

    class Meta:
        model = Application
        fields = ["q", "park", "enterprise", "measure", "policy", "department", "year", "status", "is_auto"]
