from django import forms

from portal.forms import ISO_DATE, VersionedModelForm
from portal.roles import Role
from portal.scoping import CHANGE, VIEW, user_role

from .models import InnovationCarrier, LandParcel, Park, StandardFactory


class ScopedModelForm(VersionedModelForm):
    """A versioned form whose choices of scoped rows (parks, enterprises) are those the user may
    use: park staff pick among the rows they may change, other roles among those they see."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        action = CHANGE if user_role(user) == Role.PARK_STAFF else VIEW
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "for_user"):
                continue
            if queryset.model._meta.model_name in {"park", "enterprise"}:
                field.queryset = queryset.for_user(user, action)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = ISO_DATE


class ParkForm(ScopedModelForm):
    class Meta:
        model = Park
        fields = [
            "name",
            "short_name",
            "code",
            "region",
            "level",
            "kind",
            "planned_area_mu",
            "built_area_mu",
            "latitude",
            "longitude",
            "committee_contact",
            "committee_phone",
        ]


class LandParcelForm(ScopedModelForm):
    class Meta:
        model = LandParcel
        fields = [
            "park",
            "code",
            "area_mu",
            "price",
            "status",
            "holder",
            "supplied_on",
            "agreed_start_on",
            "construction_started_on",
        ]


class StandardFactoryForm(ScopedModelForm):
    class Meta:
        model = StandardFactory
        fields = ["park", "name", "floor_area_m2", "leased_area_m2", "status"]


class InnovationCarrierForm(ScopedModelForm):
    class Meta:
        model = InnovationCarrier
        fields = ["name", "kind", "level", "park", "host_enterprise", "host_institution", "status", "recognized_on"]
