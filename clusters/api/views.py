from django.db.models import Prefetch

from enterprises.models import Enterprise
from parks.models import Park
from portal.api import PortalModelViewSet

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


class InvestmentLeadViewSet(PortalModelViewSet):
    """Investment leads (招商线索); their stage moves through workflow actions."""

    model = InvestmentLead
    serializer_class = serializers.InvestmentLeadSerializer
    filterset_class = InvestmentLeadFilterSet


class SupplyLinkViewSet(PortalModelViewSet):
    model = SupplyLink
    serializer_class = serializers.SupplyLinkSerializer
    filterset_class = SupplyLinkFilterSet
