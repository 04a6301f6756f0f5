from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.forms import EnterpriseByUSCCField
from clusters.models import Chain
from enterprises.models import QualificationKind
from parks.models import Park
from portal.forms import DateInput, VersionedModelForm

from . import rules
from .models import Application, Measure, Policy

DATE = DateInput()


class PolicyForm(VersionedModelForm):
    class Meta:
        model = Policy
        fields = [
            "title",
            "doc_number",
            "issuer",
            "issued_on",
            "valid_from",
            "valid_until",
            "department",
            "clusters",
            "chains",
            "parks",
            "text",
        ]
        widgets = {"issued_on": DATE, "valid_from": DATE, "valid_until": DATE}


class MeasureForm(VersionedModelForm):
    """A measure with its eligibility and amount rule entered as fields, stored as structured data."""

    rule_type = forms.ChoiceField(
        label=_("amount rule"),
        choices=[
            (rules.FIXED, _("Fixed amount")),
            (rules.RATIO, _("Ratio of a base, with a cap")),
            (rules.TIERS, _("Tiers")),
        ],
    )
    rule_amount = forms.DecimalField(label=_("fixed amount (10k yuan)"), required=False, min_value=0)
    rule_ratio = forms.DecimalField(label=_("ratio (0.20 for 20%)"), required=False, min_value=0, max_value=1)
    rule_cap = forms.DecimalField(label=_("cap (10k yuan)"), required=False, min_value=0)
    rule_tiers = forms.CharField(
        label=_("tiers"),
        required=False,
        help_text=_("One tier per line: threshold, amount (10k yuan), e.g. 5000, 30"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    qualification_kinds = forms.ModelMultipleChoiceField(
        label=_("holds one of these qualifications"), queryset=QualificationKind.objects.all(), required=False
    )
    min_revenue = forms.DecimalField(label=_("minimum annual revenue (10k yuan)"), required=False, min_value=0)
    above_size_only = forms.BooleanField(label=_("above designated size only"), required=False)
    parks = forms.ModelMultipleChoiceField(
        label=_("in one of these parks"), queryset=Park.objects.all(), required=False
    )
    chains = forms.ModelMultipleChoiceField(
        label=_("on one of these chains"), queryset=Chain.objects.all(), required=False
    )
    industries = forms.CharField(
        label=_("industries"),
        required=False,
        help_text=_("GB/T 4754 section letters or code prefixes, separated by commas, e.g. C, 39"),
    )
    min_rd_intensity = forms.DecimalField(
        label=_("minimum R&D intensity (0.03 for 3%)"), required=False, min_value=0, max_value=1
    )

    class Meta:
        model = Measure
        fields = [
            "policy",
            "title",
            "kind",
            "department",
            "base_label",
            "budget",
            "opens_on",
            "closes_on",
            "auto_grant",
        ]
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = self.instance.amount_rule or {}
        spec = self.instance.eligibility or {}
        if rule:
            self.initial.update(
                {
                    "rule_type": rule.get("type"),
                    "rule_amount": rule.get("amount"),
                    "rule_ratio": rule.get("ratio"),
                    "rule_cap": rule.get("cap"),
                    "rule_tiers": "\n".join(f"{t}, {a}" for t, a in rule.get("tiers", [])),
                }
            )
        if spec:
            self.initial.update(
                {
                    "qualification_kinds": QualificationKind.objects.filter(
                        code__in=spec.get("qualification_kinds", [])
                    ),
                    "min_revenue": spec.get("min_revenue"),
                    "above_size_only": spec.get("above_size_only", False),
                    "parks": spec.get("parks", []),
                    "chains": spec.get("chains", []),
                    "industries": ", ".join(spec.get("industries", [])),
                    "min_rd_intensity": spec.get("min_rd_intensity"),
                }
            )

    def _tiers(self, text):
        tiers = []
        for number, line in enumerate(filter(None, (line.strip() for line in text.splitlines())), start=1):
            parts = [part.strip() for part in line.replace("，", ",").split(",")]
            try:
                threshold, amount = (str(Decimal(part)) for part in parts)
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    _("Line %(line)s: write a threshold and an amount separated by a comma.") % {"line": number}
                ) from None
            tiers.append([threshold, amount])
        return tiers

    def clean(self):
        data = super().clean()
        kind = data.get("rule_type")
        rule = {"type": kind}
        if kind == rules.FIXED:
            if data.get("rule_amount") is None:
                self.add_error("rule_amount", _("A fixed amount rule needs an amount."))
            else:
                rule["amount"] = str(data["rule_amount"])
        elif kind == rules.RATIO:
            if data.get("rule_ratio") is None:
                self.add_error("rule_ratio", _("A ratio rule needs a ratio."))
            else:
                rule["ratio"] = str(data["rule_ratio"])
            if data.get("rule_cap") is not None:
                rule["cap"] = str(data["rule_cap"])
        elif kind == rules.TIERS:
            try:
                rule["tiers"] = self._tiers(data.get("rule_tiers") or "")
                rules.validate_amount_rule(rule)
            except ValidationError as exc:
                self.add_error("rule_tiers", exc)
        industries = [code.strip().upper() for code in (data.get("industries") or "").replace("，", ",").split(",")]
        spec = {
            "qualification_kinds": [k.code for k in data.get("qualification_kinds") or []],
            "min_revenue": str(data["min_revenue"]) if data.get("min_revenue") is not None else None,
            "above_size_only": bool(data.get("above_size_only")),
            "parks": [p.pk for p in data.get("parks") or []],
            "chains": [c.pk for c in data.get("chains") or []],
            "industries": [code for code in industries if code],
            "min_rd_intensity": str(data["min_rd_intensity"]) if data.get("min_rd_intensity") is not None else None,
        }
        spec = {key: value for key, value in spec.items() if value not in (None, [], False)}
        try:
            rules.validate_eligibility(spec)
        except ValidationError as exc:
            self.add_error("industries", exc)
        self.instance.amount_rule = rule
        self.instance.eligibility = spec
        self.structured = {"amount_rule": rule, "eligibility": spec}
        return data

    def service_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data.update(self.structured)
        return data


class ApplicationForm(VersionedModelForm):
    enterprise = EnterpriseByUSCCField()

    class Meta:
        model = Application
        fields = ["enterprise", "measure", "year", "base_amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(is_active=True).select_related("policy")
        if self.instance.pk:
            del self.fields["enterprise"]
            del self.fields["measure"]

    def _post_clean(self):
        # The computed amount and the model checks come from the service.
        pass


class ApproveForm(forms.Form):
    approved_amount = forms.DecimalField(label=_("approved amount (10k yuan)"), max_digits=14, decimal_places=2)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisburseForm(forms.Form):
    disbursed_on = forms.DateField(label=_("disbursed on"), widget=DATE)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"))
