from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view

from portal.api import Conflict, PortalModelViewSet, deactivating_destroy_schema

from ..filtersets import ApplicationFilterSet, MeasureFilterSet, PolicyFilterSet
from ..models import Application, Measure, Policy
from . import serializers


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.PolicySerializer))
class PolicyViewSet(PortalModelViewSet):
    """Policy documents; ``DELETE`` deactivates the policy."""

    model = Policy
    serializer_class = serializers.PolicySerializer
    filterset_class = PolicyFilterSet
    prefetch_related = ("clusters", "chains", "parks")


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.MeasureSerializer))
class MeasureViewSet(PortalModelViewSet):
    """Measures (奖补事项) with their eligibility and amount rule; ``DELETE`` deactivates one."""

    model = Measure
    serializer_class = serializers.MeasureSerializer
    filterset_class = MeasureFilterSet


class ApplicationViewSet(PortalModelViewSet):
    """Applications for a measure. The computed amount follows the measure's rule; submitting,
    reviewing, approving and paying out are workflow actions."""

    model = Application
    serializer_class = serializers.ApplicationSerializer
    filterset_class = ApplicationFilterSet
    select_related = ("measure",)

    EDITABLE = (Application.Status.DRAFT, Application.Status.RETURNED)

    def refuse_unless_editable(self, application):
        if application.status not in self.EDITABLE:
            raise Conflict(
                _("Only a draft or returned application can be changed or deleted; this one is %(status)s.")
                % {"status": application.get_status_display()}
            )

    def perform_update(self, serializer):
        self.refuse_unless_editable(serializer.instance)
        super().perform_update(serializer)

    def destroy(self, request, *args, **kwargs):
        self.refuse_unless_editable(self.get_object())
        return super().destroy(request, *args, **kwargs)
