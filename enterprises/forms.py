from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parks.forms import ScopedModelForm

from .models import Cooperation, Enterprise, Qualification, Visit
from .rules import normalize_uscc


class EnterpriseForm(ScopedModelForm):
    # Wider than the model's 18 so that a code typed with spaces or in full-width characters reaches
    # normalize_uscc and then the model's check-digit validator, which says exactly what is wrong.
    uscc = forms.CharField(
        label=_("unified social credit code"),
        max_length=40,
        help_text=_("18 characters; the last one is a check digit."),
    )

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "short_name",
            "legal_representative",
            "established_on",
            "registered_capital",
            "region",
            "park",
            "industry",
            "scale",
            "above_size",
            "listing_status",
            "is_leading",
            "address",
            "contact_person",
            "contact_phone",
        ]

    def clean_uscc(self):
        return normalize_uscc(self.cleaned_data.get("uscc"))


class QualificationForm(ScopedModelForm):
    class Meta:
        model = Qualification
        fields = ["enterprise", "kind", "level", "certificate_no", "granted_on", "expires_on"]


class VisitForm(ScopedModelForm):
    class Meta:
        model = Visit
        fields = ["enterprise", "visited_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["visited_on"].initial = timezone.localdate()  # usually recorded on the day


class CooperationForm(ScopedModelForm):
    class Meta:
        model = Cooperation
        fields = ["enterprise", "partner", "kind", "signed_on", "note"]
