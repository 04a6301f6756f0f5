from django.contrib.auth import get_user_model
from rest_framework import serializers

from parks.models import Park
from portal.api import PortalModelSerializer, ScopedRelatedField
from portal.models import Department

from ..models import Cooperation, Enterprise, EnterpriseStat, ParkMonth, Qualification, ServiceRequest, Visit


def mask_phone(phone):
    """138****1234: the first three and last four digits of a phone for those who may not change
    the enterprise (DESIGN.md "Who uses it")."""
    if not phone or len(phone) < 8:
        return "*" * len(phone or "")
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


class QualificationSummarySerializer(serializers.ModelSerializer):
    kind_code = serializers.CharField(source="kind.code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = Qualification
        fields = ["id", "kind", "kind_code", "kind_name", "level", "certificate_no", "granted_on", "expires_on"]
        read_only_fields = fields


class EnterpriseSerializer(PortalModelSerializer):
    valid_qualifications = QualificationSummarySerializer(
        many=True, read_only=True, help_text="Qualifications valid today (read-only summary)."
    )

    class Meta:
        model = Enterprise
        fields = "__all__"

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not data.get("can_change"):
            data["contact_phone"] = mask_phone(data.get("contact_phone"))
        return data


class QualificationSerializer(PortalModelSerializer):
    class Meta:
        model = Qualification
        fields = "__all__"


class EnterpriseStatSerializer(PortalModelSerializer):
    class Meta:
        model = EnterpriseStat
        fields = "__all__"


class ParkMonthSerializer(PortalModelSerializer):
    class Meta:
        model = ParkMonth
        fields = "__all__"


class VisitSerializer(PortalModelSerializer):
    class Meta:
        model = Visit
        fields = "__all__"


class ServiceRequestSerializer(PortalModelSerializer):
    class Meta:
        model = ServiceRequest
        fields = "__all__"
        # The request's progress moves through its workflow actions, not by editing.
        read_only_fields = ["status", "resolved_on", "resolution", "satisfaction"]


class CooperationSerializer(PortalModelSerializer):
    class Meta:
        model = Cooperation
        fields = "__all__"


# -- inputs of the workflow actions ------------------------------------------------------------


class ParkMonthSubmitInput(serializers.Serializer):
    park = ScopedRelatedField(queryset=Park.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)


class ServiceRequestAssignInput(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    officer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )


class ServiceRequestResolveInput(serializers.Serializer):
    resolution = serializers.CharField(max_length=2000)
    resolved_on = serializers.DateField(required=False, allow_null=True)


class ServiceRequestCloseInput(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=ServiceRequest.Satisfaction.choices)
