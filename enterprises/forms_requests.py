from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.forms import DateInput
from portal.models import Department
from portal.roles import Role

from .models import ServiceRequest

DATE = DateInput()


def officer_choices():
    return get_user_model().objects.filter(role=Role.OFFICER, is_active=True).select_related("department")


class ServiceRequestForm(forms.ModelForm):
    hard_case = forms.BooleanField(
        label=_("hard case"), required=False, help_text=_("A hard case may take up to one month.")
    )

    class Meta:
        model = ServiceRequest
        fields = ["category", "title", "description", "received_on", "department", "officer"]
        widgets = {"received_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].required = False
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["officer"].queryset = officer_choices()

    def _post_clean(self):
        # The due date and the model checks come from the service.
        pass


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.filter(is_active=True), label=_("department"))
    officer = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, label=_("officer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_choices()


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    resolved_on = forms.DateField(label=_("resolved on"), required=False, widget=DATE)


class CloseForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("satisfaction"), choices=[("", "---------"), *ServiceRequest.Satisfaction.choices], required=False
    )
