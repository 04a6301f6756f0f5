from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from parks.models import Park
from portal.forms import DateInput, VersionedModelForm
from portal.models import Region

from .models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink


class EnterpriseByUSCCField(forms.ModelChoiceField):
    """An enterprise typed by its unified social credit code (a select of every enterprise would
    not scale)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Enterprise (unified social credit code)"))
        super().__init__(queryset=Enterprise.objects.filter(is_active=True), to_field_name="uscc", **kwargs)
        self.error_messages["invalid_choice"] = _("No active enterprise has this unified social credit code.")

    def to_python(self, value):
        return super().to_python((value or "").strip().upper())

    def prepare_value(self, value):
        # An edit form's initial value is the enterprise's id: show its credit code, which is what
        # the field reads back (else saving an unchanged form failed with "no such enterprise").
        if isinstance(value, int) and not isinstance(value, bool):
            uscc = Enterprise.objects.filter(pk=value).values_list("uscc", flat=True).first()
            return uscc or value
        return super().prepare_value(value)


class ClusterForm(VersionedModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "code", "category", "scale_tier", "designations", "group_leader", "lead_department"]


class ChainForm(VersionedModelForm):
    class Meta:
        model = Chain
        fields = ["cluster", "name", "code", "leader", "lead_department", "host_parks", "weak_threshold"]


class NodeForm(VersionedModelForm):
    class Meta:
        model = ChainNode
        fields = ["name", "stage", "parent", "is_key"]

    def __init__(self, *args, chain, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.chain = chain
        self.fields["parent"].queryset = ChainNode.objects.filter(chain=chain)
        self.fields["stage"].required = False
        if self.instance.pk:
            del self.fields["parent"]
            del self.fields["stage"]

    def clean(self):
        data = super().clean()
        if "stage" in self.fields and not data.get("parent") and not data.get("stage"):
            self.add_error("stage", _("Choose a stage, or a parent node whose stage it takes."))
        return data

    def _post_clean(self):
        # The service sets the stage from the parent and validates the model.
        pass


class NodeMoveForm(forms.Form):
    parent = forms.ModelChoiceField(queryset=ChainNode.objects.none(), required=False, label=_("parent node"))
    stage = forms.ChoiceField(choices=[("", "---------"), *ChainNode.Stage.choices], required=False, label=_("stage"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = ChainNode.objects.filter(chain_id=node.chain_id).exclude(pk=node.pk)
        self.fields["version"].initial = node.version

    def clean(self):
        data = super().clean()
        if not data.get("parent") and not data.get("stage"):
            self.add_error("stage", _("Choose a stage, or a parent node whose stage it takes."))
        return data


class AttachForm(forms.Form):
    enterprise = EnterpriseByUSCCField()


class LeadForm(VersionedModelForm):
    class Meta:
        model = InvestmentLead
        fields = [
            "node",
            "company_name",
            "location",
            "target_park",
            "expected_investment",
            "officer",
            "contact",
            "next_step",
            "next_step_on",
            "signed_on",
        ]
        widgets = {
            "next_step_on": DateInput(),
            "signed_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from portal.roles import Role

        self.fields["node"].queryset = ChainNode.objects.select_related("chain").order_by("chain", "stage", "name")
        self.fields["officer"].queryset = get_user_model().objects.filter(role=Role.OFFICER, is_active=True)
        self.fields["target_park"].queryset = Park.objects.for_user(user)


class LeadMoveForm(forms.Form):
    stage = forms.ChoiceField(choices=InvestmentLead.Stage.choices, label=_("stage"))
    note = forms.CharField(max_length=80, required=False, label=_("note"))


class LandForm(forms.Form):
    """落地: an existing enterprise (by code) or a new one, and the project."""

    existing = EnterpriseByUSCCField(required=False, label=_("Existing enterprise (unified social credit code)"))
    enterprise_uscc = forms.CharField(
        max_length=18, required=False, label=_("New enterprise: unified social credit code")
    )
    enterprise_name = forms.CharField(max_length=100, required=False, label=_("New enterprise: name"))
    enterprise_region = forms.ModelChoiceField(
        queryset=Region.objects.all(), required=False, label=_("New enterprise: region")
    )
    enterprise_park = forms.ModelChoiceField(
        queryset=Park.objects.none(), required=False, label=_("New enterprise: park")
    )
    project_code = forms.CharField(max_length=40, label=_("Project code"))
    project_name = forms.CharField(max_length=150, label=_("Project name"))
    project_total_investment = forms.DecimalField(
        max_digits=14, decimal_places=2, label=_("Total investment (10k yuan)")
    )
    project_planned_start_on = forms.DateField(required=False, label=_("Planned start"), widget=DateInput())
    project_responsible_leader = forms.CharField(max_length=60, required=False, label=_("Responsible leader"))

    def __init__(self, *args, user, lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise_park"].queryset = Park.objects.for_user(user)
        self.fields["enterprise_park"].initial = lead.target_park_id
        self.fields["enterprise_name"].initial = lead.company_name
        self.fields["project_total_investment"].initial = lead.expected_investment

    def clean(self):
        data = super().clean()
        if not data.get("existing"):
            for name in ("enterprise_uscc", "enterprise_name", "enterprise_region"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Enter this for the new enterprise, or give an existing one."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {
            "project_data": {
                "code": data["project_code"],
                "name": data["project_name"],
                "total_investment": data["project_total_investment"],
                "planned_start_on": data.get("project_planned_start_on"),
                "responsible_leader": data.get("project_responsible_leader") or "",
            }
        }
        if data.get("existing"):
            kwargs["enterprise"] = data["existing"]
        else:
            kwargs["enterprise_data"] = {
                "uscc": data["enterprise_uscc"].strip().upper(),
                "name": data["enterprise_name"],
                "region": data["enterprise_region"],
                "park": data.get("enterprise_park"),
            }
        return kwargs


class SupplyLinkForm(VersionedModelForm):
    supplier = EnterpriseByUSCCField(label=_("Supplier (unified social credit code)"))
    customer = EnterpriseByUSCCField(label=_("Customer (unified social credit code)"))

    class Meta:
        model = SupplyLink
        fields = ["supplier", "customer", "product", "annual_amount", "year"]
