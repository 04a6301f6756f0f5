from django.db.models import Prefetch
from rest_framework import exceptions
from rest_framework.decorators import action

from enterprises.models import Enterprise
from parks.models import Park
from portal.api import PortalModelViewSet, WorkflowActionsMixin, run_workflow, workflow_schema
from portal.scoping import can_change

from .. import services
from ..filtersets import (
    ChainFilterSet,
    ChainNodeFilterSet,
    ClusterFilterSet,
    InvestmentLeadFilterSet,
    SupplyLinkFilterSet,
)
from ..models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink
from . import serializers


class ClusterViewSet(PortalModelViewSet):
    model = Cluster
    serializer_class = serializers.ClusterSerializer
    filterset_class = ClusterFilterSet


class ChainViewSet(PortalModelViewSet):
    """Industrial chains. Their nodes' statuses and completeness: ``/api/aggregates/chains/``."""

    model = Chain
    serializer_class = serializers.ChainSerializer
    filterset_class = ChainFilterSet

    def base_queryset(self):
        user = self.request.user
        return Chain.objects.prefetch_related(
            Prefetch("host_parks", queryset=Park.objects.for_user(user).only("pk")),
            Prefetch("chain_masters", queryset=Enterprise.objects.for_user(user).only("pk")),
        )


class ChainNodeViewSet(PortalModelViewSet):
    model = ChainNode
    serializer_class = serializers.ChainNodeSerializer
    filterset_class = ChainNodeFilterSet

    def get_serializer_class(self):
        return serializers.ChainNodeListSerializer if self.action == "list" else serializers.ChainNodeSerializer

    def base_queryset(self):
        if self.action == "list":
            return ChainNode.objects.all()
        visible = Enterprise.objects.for_user(self.request.user).only("pk")
        return ChainNode.objects.prefetch_related(Prefetch("enterprises", queryset=visible))


class InvestmentLeadViewSet(WorkflowActionsMixin, PortalModelViewSet):
    """Investment leads (招商线索); their stage moves through the ``move`` action (接洽 → 洽谈 →
    签约, 放弃 and back).  Landing (落地), which creates the enterprise and its project, is done on
    the lead's page in the browser."""

    model = InvestmentLead
    serializer_class = serializers.InvestmentLeadSerializer
    filterset_class = InvestmentLeadFilterSet
    workflow_actions = ("move",)

    @workflow_schema(
        serializers.InvestmentLeadMoveInput, serializers.InvestmentLeadSerializer, "Move the lead to another stage."
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        lead = self.get_object()
        if not can_change(request.user, lead):
            raise exceptions.PermissionDenied()
        data = self.action_input(serializers.InvestmentLeadMoveInput)
        return self.record_response(run_workflow(services.lead_move, user=request.user, lead=lead, **data))


class SupplyLinkViewSet(PortalModelViewSet):
    model = SupplyLink
    serializer_class = serializers.SupplyLinkSerializer
    filterset_class = SupplyLinkFilterSet
