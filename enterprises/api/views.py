from django.db.models import Prefetch, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema_view

from portal import audit
from portal.api import PortalModelViewSet, PortalReadOnlyViewSet, deactivating_destroy_schema

from ..filtersets import (
    CooperationFilterSet,
    EnterpriseFilterSet,
    EnterpriseStatFilterSet,
    ParkMonthFilterSet,
    QualificationFilterSet,
    ServiceRequestFilterSet,
    VisitFilterSet,
)
from ..models import Cooperation, Enterprise, EnterpriseStat, ParkMonth, Qualification, ServiceRequest, Visit
from . import serializers


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.EnterpriseSerializer))
class EnterpriseViewSet(PortalModelViewSet):
    """Enterprises, each with its qualifications valid today. The contact phone is masked for
    users who may not change the enterprise; ``DELETE`` deactivates it."""

    model = Enterprise
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = EnterpriseFilterSet

    def base_queryset(self):
        today = timezone.localdate()
        valid = (
            Qualification.objects.filter(granted_on__lte=today)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .select_related("kind")
            .order_by("kind__sort_order", "-granted_on")
        )
        return Enterprise.objects.prefetch_related(
            Prefetch("qualifications", queryset=valid, to_attr="valid_qualifications")
        )

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit.record(
            request,
            "view_enterprise_figures",
            object_type="enterprises.enterprise",
            object_id=kwargs.get("pk", ""),
            detail={"api": "retrieve"},
        )
        return response


class QualificationViewSet(PortalModelViewSet):
    model = Qualification
    serializer_class = serializers.QualificationSerializer
    filterset_class = QualificationFilterSet


class EnterpriseStatViewSet(PortalModelViewSet):
    """Enterprises' monthly figures (当月, not cumulative)."""

    model = EnterpriseStat
    serializer_class = serializers.EnterpriseStatSerializer
    filterset_class = EnterpriseStatFilterSet

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record(
            request,
            "view_enterprise_figures",
            object_type="enterprises.enterprisestat",
            detail={"api": "list", "query": request.GET.urlencode()[:500]},
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit.record(
            request,
            "view_enterprise_figures",
            object_type="enterprises.enterprisestat",
            object_id=kwargs.get("pk", ""),
            detail={"api": "retrieve"},
        )
        return response


class ParkMonthViewSet(PortalReadOnlyViewSet):
    """Parks' monthly submissions and their review (read-only; submit, approve and return are
    workflow actions)."""

    model = ParkMonth
    serializer_class = serializers.ParkMonthSerializer
    filterset_class = ParkMonthFilterSet


class VisitViewSet(PortalModelViewSet):
    model = Visit
    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilterSet


class ServiceRequestViewSet(PortalModelViewSet):
    """Enterprises' service requests (企业诉求); status, resolution and satisfaction are read-only
    here and move through the request's workflow actions."""

    model = ServiceRequest
    serializer_class = serializers.ServiceRequestSerializer
    filterset_class = ServiceRequestFilterSet


class CooperationViewSet(PortalModelViewSet):
    model = Cooperation
    serializer_class = serializers.CooperationSerializer
    filterset_class = CooperationFilterSet
