from drf_spectacular.utils import extend_schema_view

from portal.api import PortalModelViewSet, deactivating_destroy_schema

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
