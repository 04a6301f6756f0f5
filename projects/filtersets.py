import django_filters
from django.utils.translation import gettext_lazy as _

from parks.filtersets import park_choices
from portal.filters import PortalFilterSet, SearchFilter, ordering
from portal.models import Department

from .models import Project, ProjectPlan, ProjectProgress


class ProjectFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("name", "code", "investor__name", "responsible_leader"))
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Responsible department"))
    cluster = django_filters.NumberFilter(field_name="chain__cluster", label=_("Cluster"))
    planned_start_after = django_filters.DateFilter(
        field_name="planned_start_on", lookup_expr="gte", label=_("Planned start on or after")
    )
    planned_start_before = django_filters.DateFilter(
        field_name="planned_start_on", lookup_expr="lte", label=_("Planned start on or before")
    )
    ordering = ordering("code", "name", "total_investment", "stage", "planned_start_on", "planned_finish_on")

    class Meta:
        model = Project
        fields = [
            "q",
            "park",
            "chain",
            "cluster",
            "stage",
            "key_level",
            "department",
            "responsible_leader",
            "is_active",
            "planned_start_after",
            "planned_start_before",
        ]


class ProjectProgressFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("project__name", "project__code", "problems"))
    park = django_filters.ModelChoiceFilter(field_name="project__park", queryset=park_choices, label=_("Park"))
    ordering = ordering("year", "month", "completed_investment", "project__name")

    class Meta:
        model = ProjectProgress
        fields = ["q", "park", "project", "year", "month"]


class ProjectPlanFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("project__name", "project__code"))
    park = django_filters.ModelChoiceFilter(field_name="project__park", queryset=park_choices, label=_("Park"))
    ordering = ordering("year", "planned_investment", "project__name")

    class Meta:
        model = ProjectPlan
        fields = ["q", "park", "project", "year"]
