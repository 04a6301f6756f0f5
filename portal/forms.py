from django import forms
from django.core.exceptions import ValidationError

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser's date picker: ``type="date"`` takes only an ISO value (2026-04-01), whatever the
    language; the localized value (2026/04/01 under zh-hans) is rejected by the browser, and a form
    saved unchanged would then lose the date.  The field still reads every format of the language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATE)


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version it was opened at, for optimistic concurrency."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # Model validation runs in the service (full_clean there), where the version is checked
        # first; here it runs too so that field errors show next to the fields.
        super()._post_clean()


def run_edit(form, service, **kwargs):
    """:func:`run_service` for an edit form: its fields as ``data`` and the version the user read as
    ``expected_version`` (a save over someone else's newer change is refused)."""
    data = {key: value for key, value in form.cleaned_data.items() if key != "version"}
    return run_service(form, service, data=data, expected_version=form.cleaned_data.get("version"), **kwargs)


def run_service(form, service, **kwargs):
    """Call a service with the form's data; its ValidationError lands on the form's fields."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None
