"""One FilterSet per model of the reports app (list page, export and API share it)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import PortalFilterSet, SearchFilter, ordering

from .models import Report


class ReportFilterSet(PortalFilterSet):
    q = SearchFilter(search_fields=["title"])
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Report.Kind.choices)
    year = django_filters.NumberFilter(label=_("year"))
    period = django_filters.NumberFilter(label=_("period"))
    subject_type = django_filters.ChoiceFilter(label=_("subject type"), choices=Report.subject_type.field.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Report.Status.choices)
    ordering = ordering("year", "period", "kind", "generated_at")

    class Meta:
        model = Report
        fields = ["q", "kind", "year", "period", "subject_type", "subject_id", "status"]
