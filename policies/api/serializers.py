from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from portal.api import PortalModelSerializer, drf_error

from ..models import Application, Measure, Policy
from ..rules import measure_amount


class PolicySerializer(PortalModelSerializer):
    class Meta:
        model = Policy
        # The attachment is uploaded and downloaded through the portal's pages, not the API.
        exclude = ["attachment"]


class MeasureSerializer(PortalModelSerializer):
    class Meta:
        model = Measure
        fields = "__all__"


class ApplicationSerializer(PortalModelSerializer):
    class Meta:
        model = Application
        fields = "__all__"
        # The amount comes from the measure's rule; status, review and payout move through the
        # application's workflow actions.
        read_only_fields = [
            "computed_amount",
            "approved_amount",
            "status",
            "submitted_at",
            "park_reviewed_at",
            "park_reviewed_by",
            "approved_at",
            "approved_by",
            "disbursed_on",
            "review_note",
            "is_auto",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        measure = attrs.get("measure") or getattr(self.instance, "measure", None)
        base = attrs["base_amount"] if "base_amount" in attrs else getattr(self.instance, "base_amount", None)
        if measure is not None:
            try:
                attrs["computed_amount"] = measure_amount(measure.amount_rule, base)
            except DjangoValidationError as exc:
                raise drf_error(DjangoValidationError({"base_amount": exc.messages})) from exc
        return attrs


# -- inputs of the workflow actions ------------------------------------------------------------


class ApplicationApproveInput(serializers.Serializer):
    approved_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="10k yuan (万元)")


class ApplicationDisburseInput(serializers.Serializer):
    disbursed_on = serializers.DateField()
