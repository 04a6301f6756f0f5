import django_filters
from django.utils.translation import gettext_lazy as _

from parks.filtersets import park_choices
from portal.filters import PortalFilterSet, SearchFilter, ordering

from .models import ParkEvaluation, Report, Target


class TargetFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("indicator__name", "indicator__code", "note"))
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Indicator"))
    ordering = ordering("year", "indicator", "subject_type", "value")

    class Meta:
        model = Target
        fields = ["q", "indicator", "subject_type", "subject_id", "year"]


class ReportFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=("title",))
    ordering = ordering("year", "period", "kind", "generated_at")

    class Meta:
        model = Report
        fields = ["q", "kind", "year", "period", "subject_type", "subject_id", "status"]


class ParkEvaluationFilterSet(PortalFilterSet):
    park = django_filters.ModelChoiceFilter(queryset=park_choices, label=_("Park"))
    ordering = ordering("year", "month", "rank", "total_score", "grade")

    class Meta:
        model = ParkEvaluation
        fields = ["park", "scheme", "year", "month", "grade", "status"]
