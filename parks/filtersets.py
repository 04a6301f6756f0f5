import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import PortalFilterSet, SearchFilter, ordering
from portal.models import Region

from .models import InnovationCarrier, LandParcel, Level, Park, ParkFactor, StandardFactory


class ParkFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name", "short_name", "code"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.filter(level="district"), label=_("District"))
    ordering = ordering("name", "code", "level", "status", "planned_area_mu", "built_area_mu")

    class Meta:
        model = Park
        fields = ["q", "region", "level", "kind", "status", "is_active"]


def park_choices(request):
    if request is None:
        return Park.objects.none()
    return Park.objects.for_user(request.user)


class LandParcelFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("code", "holder__name"))
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    agreed_start_before = django_filters.DateFilter(
        field_name="agreed_start_on", lookup_expr="lte", label=_("Agreed start on or before")
    )
    ordering = ordering("code", "area_mu", "price", "status", "agreed_start_on", "supplied_on")

    class Meta:
        model = LandParcel
        fields = ["q", "park", "status", "holder", "agreed_start_before"]


class StandardFactoryFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name",))
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    ordering = ordering("name", "floor_area_m2", "leased_area_m2", "status")

    class Meta:
        model = StandardFactory
        fields = ["q", "park", "status"]


class InnovationCarrierFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name", "host_institution", "host_enterprise__name"))
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    ordering = ordering("name", "kind", "level", "status", "recognized_on")

    class Meta:
        model = InnovationCarrier
        fields = ["q", "park", "kind", "level", "status", "host_enterprise"]


class ParkFactorFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("note", "park__name"))
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    ordering = ordering("park", "factor", "status", "quantity")

    class Meta:
        model = ParkFactor
        fields = ["q", "park", "factor", "status"]
