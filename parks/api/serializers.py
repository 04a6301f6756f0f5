from portal.api import PortalModelSerializer

from ..models import InnovationCarrier, LandParcel, Park, ParkFactor, StandardFactory


class ParkSerializer(PortalModelSerializer):
    class Meta:
        model = Park
        # Park staff assignments are managed by administrators, not through the API.
        exclude = ["staff"]
        # Deactivation is DELETE, for administrators only.
        read_only_fields = ["status", "observation_ends_on", "is_active", "deactivated_at"]


class LandParcelSerializer(PortalModelSerializer):
    class Meta:
        model = LandParcel
        fields = "__all__"


class StandardFactorySerializer(PortalModelSerializer):
    class Meta:
        model = StandardFactory
        fields = "__all__"


class InnovationCarrierSerializer(PortalModelSerializer):
    class Meta:
        model = InnovationCarrier
        fields = "__all__"


class ParkFactorSerializer(PortalModelSerializer):
    class Meta:
        model = ParkFactor
        fields = "__all__"
