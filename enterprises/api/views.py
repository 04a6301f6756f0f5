from django.db.models import Prefetch, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema_view
from rest_framework.decorators import action

from portal import audit
from portal.api import (
    NoInput,
    PortalModelViewSet,
    PortalReadOnlyViewSet,
    ReasonInput,
    WorkflowActionsMixin,
    deactivating_destroy_schema,
    run_workflow,
    workflow_schema,
)

from .. import services, services_requests
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


class ParkMonthViewSet(WorkflowActionsMixin, PortalReadOnlyViewSet):
    """Parks' monthly submissions and their review (月度填报). The status moves only through the
    actions: park staff submit, an officer approves, returns with a reason, or reopens an
    approved month with a reason."""

    model = ParkMonth
    serializer_class = serializers.ParkMonthSerializer
    filterset_class = ParkMonthFilterSet
    workflow_actions = ("submit", "approve", "return_", "reopen")

    @workflow_schema(
        serializers.ParkMonthSubmitInput,
        serializers.ParkMonthSerializer,
        "Submit a park's figures of a month for review (park staff). Refused while a flagged jump or "
        "drop has no explanatory note.",
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        data = self.action_input(serializers.ParkMonthSubmitInput)
        return self.record_response(run_workflow(services.park_month_submit, user=request.user, **data))

    @workflow_schema(NoInput, serializers.ParkMonthSerializer, "Approve a submitted month; its figures lock.")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        park_month = self.get_object()
        return self.record_response(run_workflow(services.park_month_approve, user=request.user, park_month=park_month))

    @workflow_schema(ReasonInput, serializers.ParkMonthSerializer, "Return a submitted month with a reason.")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        park_month = self.get_object()
        reason = self.action_input(ReasonInput)["reason"]
        return self.record_response(
            run_workflow(services.park_month_return, user=request.user, park_month=park_month, reason=reason)
        )

    @workflow_schema(ReasonInput, serializers.ParkMonthSerializer, "Reopen an approved month with a reason.")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        park_month = self.get_object()
        reason = self.action_input(ReasonInput)["reason"]
        return self.record_response(
            run_workflow(services.park_month_reopen, user=request.user, park_month=park_month, reason=reason)
        )


class VisitViewSet(PortalModelViewSet):
    model = Visit
    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilterSet


class ServiceRequestViewSet(WorkflowActionsMixin, PortalModelViewSet):
    """Enterprises' service requests (企业诉求); status, resolution and satisfaction are read-only
    here and move through the actions: assign (包抓), start, resolve (办结), close (评价)."""

    model = ServiceRequest
    serializer_class = serializers.ServiceRequestSerializer
    filterset_class = ServiceRequestFilterSet
    workflow_actions = ("assign", "start", "resolve", "close")

    @workflow_schema(
        serializers.ServiceRequestAssignInput,
        serializers.ServiceRequestSerializer,
        "Hand the request to a department and, optionally, one of its officers.",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        service_request = self.get_object()
        data = self.action_input(serializers.ServiceRequestAssignInput)
        data.setdefault("officer", None)
        return self.record_response(
            run_workflow(
                services_requests.service_request_assign,
                user=request.user,
                service_request=service_request,
                **data,
            )
        )

    @workflow_schema(NoInput, serializers.ServiceRequestSerializer, "Start handling the request.")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        service_request = self.get_object()
        return self.record_response(
            run_workflow(services_requests.service_request_start, user=request.user, service_request=service_request)
        )

    @workflow_schema(
        serializers.ServiceRequestResolveInput,
        serializers.ServiceRequestSerializer,
        "Record how the request was resolved and when (today when not given).",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        service_request = self.get_object()
        data = self.action_input(serializers.ServiceRequestResolveInput)
        return self.record_response(
            run_workflow(
                services_requests.service_request_resolve,
                user=request.user,
                service_request=service_request,
                **data,
            )
        )

    @workflow_schema(
        serializers.ServiceRequestCloseInput,
        serializers.ServiceRequestSerializer,
        "Record the enterprise's satisfaction with the resolution.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        service_request = self.get_object()
        data = self.action_input(serializers.ServiceRequestCloseInput)
        return self.record_response(
            run_workflow(
                services_requests.service_request_close,
                user=request.user,
                service_request=service_request,
                **data,
            )
        )


class CooperationViewSet(PortalModelViewSet):
    model = Cooperation
    serializer_class = serializers.CooperationSerializer
    filterset_class = CooperationFilterSet
