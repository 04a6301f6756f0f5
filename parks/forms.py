from portal.forms import VersionedModelForm

from .models import Park


class ParkForm(VersionedModelForm):
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
