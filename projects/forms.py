from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import EnterpriseByUSCCField
from parks.models import Park
from portal.forms import DateInput, VersionedModelForm

from .models import Project

DATE = DateInput()


class ProjectForm(VersionedModelForm):
    investor = EnterpriseByUSCCField(required=False, label=_("Investor enterprise (unified social credit code)"))

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "investor",
            "park",
            "chain",
            "total_investment",
            "stage",
            "key_level",
            "planned_start_on",
            "planned_finish_on",
            "started_on",
            "finished_on",
            "responsible_leader",
            "department",
        ]
        widgets = dict.fromkeys(("planned_start_on", "planned_finish_on", "started_on", "finished_on"), DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = (
            Park.objects.for_user(user, "change") if user.role == "park_staff" else Park.objects.all()
        )


class PlanForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("year"))
    planned_investment = forms.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, label=_("annual planned investment (10k yuan)")
    )
