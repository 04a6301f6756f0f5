from rest_framework import serializers

from portal.api import PortalModelSerializer

from ..models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink


class ClusterSerializer(PortalModelSerializer):
    class Meta:
        model = Cluster
        fields = "__all__"


class ChainSerializer(PortalModelSerializer):
    class Meta:
        model = Chain
        fields = "__all__"


class ChainNodeSerializer(PortalModelSerializer):
    class Meta:
        model = ChainNode
        fields = "__all__"


class ChainNodeListSerializer(PortalModelSerializer):
    """A node in a list: without its enterprises, which can be thousands (see the node's detail,
    or ``/api/aggregates/chains/{id}/`` for the counts)."""

    class Meta:
        model = ChainNode
        exclude = ["enterprises"]


class InvestmentLeadSerializer(PortalModelSerializer):
    class Meta:
        model = InvestmentLead
        fields = "__all__"
        # A lead's stage moves through its workflow actions (signing, landing), not by editing.
        read_only_fields = ["stage", "signed_on", "landed_enterprise"]


class SupplyLinkSerializer(PortalModelSerializer):
    class Meta:
        model = SupplyLink
        fields = "__all__"


# -- inputs of the workflow actions ------------------------------------------------------------


class InvestmentLeadMoveInput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=InvestmentLead.Stage.choices)
    note = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
