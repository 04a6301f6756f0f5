from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clusters.models import Chain, Cluster
from parks.models import Park
from portal.api import PortalModelSerializer
from portal.models import Region

from .. import indicators
from ..models import ParkEvaluation, ParkEvaluationItem, Report, Target

SUBJECT_MODELS = {
    indicators.PARK: Park.objects.all(),
    indicators.CLUSTER: Cluster.objects.all(),
    indicators.CHAIN: Chain.objects.all(),
    indicators.DISTRICT: Region.objects.filter(level=Region.Level.DISTRICT),
}


class TargetSerializer(PortalModelSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Target._meta.get_field("indicator").related_model.objects.all()
    )

    class Meta:
        model = Target
        fields = "__all__"


class ReportListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        exclude = ["content", "html", "docx", "xlsx", "error", "attempts", "generated_by"]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        # The Word and Excel files are downloaded through the portal's pages.
        exclude = ["docx", "xlsx", "generated_by"]


class ParkEvaluationItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParkEvaluationItem
        fields = ["indicator_code", "indicator_name", "input_value", "weight", "points"]


class ParkEvaluationSerializer(serializers.ModelSerializer):
    items = ParkEvaluationItemSerializer(many=True, read_only=True)

    class Meta:
        model = ParkEvaluation
        fields = "__all__"


# -- aggregates --------------------------------------------------------------------------------


class SubjectQuerySerializer(serializers.Serializer):
    subject_type = serializers.ChoiceField(
        choices=[(t, t) for t in indicators.SUBJECT_TYPES], default=indicators.REGION
    )
    subject_id = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)

    def validate(self, attrs):
        kind, pk = attrs["subject_type"], attrs.get("subject_id")
        if kind == indicators.REGION:
            if pk is not None:
                raise serializers.ValidationError({"subject_id": _("The region as a whole has no id.")})
        elif pk is None:
            raise serializers.ValidationError({"subject_id": _("Give the id of the park, cluster, chain or district.")})
        elif not SUBJECT_MODELS[kind].filter(pk=pk).exists():
            raise serializers.ValidationError({"subject_id": _("There is no such park, cluster, chain or district.")})
        attrs["subject"] = indicators.Subject(kind, pk)
        return attrs


class FiguresQuerySerializer(SubjectQuerySerializer):
    mode = serializers.ChoiceField(choices=[("month", "month"), ("ytd", "ytd"), ("year", "year")], default="ytd")
    codes = serializers.CharField(
        required=False,
        help_text="Indicator codes separated by commas (all when empty): " + ", ".join(indicators.REGISTRY),
    )

    def validate_codes(self, value):
        codes = [code.strip() for code in value.split(",") if code.strip()]
        unknown = [code for code in codes if code not in indicators.REGISTRY]
        if unknown:
            raise serializers.ValidationError(_("Unknown indicator codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return list(dict.fromkeys(codes))


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    last_year = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    yoy = serializers.DecimalField(
        max_digits=12, decimal_places=4, allow_null=True, help_text="Year-on-year growth as a fraction."
    )


class FiguresSerializer(serializers.Serializer):
    subject_type = serializers.CharField()
    subject_id = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    mode = serializers.CharField()
    figures = FigureSerializer(many=True)


class TargetProgressSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    subject_type = serializers.CharField()
    subject_id = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    target_value = serializers.DecimalField(max_digits=24, decimal_places=4)
    actual = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    progress = serializers.DecimalField(
        max_digits=12, decimal_places=4, allow_null=True, help_text="actual ÷ target, a fraction."
    )
    time_elapsed = serializers.DecimalField(
        max_digits=6, decimal_places=4, help_text="序时进度: months elapsed ÷ 12, a fraction."
    )
    behind_schedule = serializers.BooleanField(allow_null=True)


class TargetProgressQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    subject_type = serializers.ChoiceField(choices=[(t, t) for t in indicators.SUBJECT_TYPES], required=False)


class NodeStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    stage = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    is_key = serializers.BooleanField()
    enterprises = serializers.IntegerField()
    above_size_enterprises = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[("missing", "missing"), ("weak", "weak"), ("strong", "strong")])


class ChainStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    cluster = serializers.IntegerField()
    nodes_total = serializers.IntegerField()
    nodes_missing = serializers.IntegerField()
    nodes_weak = serializers.IntegerField()
    completeness = serializers.DecimalField(
        max_digits=6, decimal_places=4, allow_null=True, help_text="Covered nodes ÷ all nodes, a fraction."
    )
    nodes = NodeStatusSerializer(many=True, required=False)
