from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import exceptions

from portal.api import PortalModelViewSet, deactivating_destroy_schema
from portal.roles import Role
from portal.scoping import user_role

from ..filtersets import (
    InnovationCarrierFilterSet,
    LandParcelFilterSet,
    ParkFactorFilterSet,
    ParkFilterSet,
    StandardFactoryFilterSet,
)
from ..models import InnovationCarrier, LandParcel, Park, ParkFactor, StandardFactory
from . import serializers


@extend_schema_view(destroy=deactivating_destroy_schema(serializers.ParkSerializer))
class ParkViewSet(PortalModelViewSet):
    """Parks (园区). A park's status moves only through the evaluation, so it is read-only here;
    ``DELETE`` deactivates the park."""

    model = Park
    serializer_class = serializers.ParkSerializer
    filterset_class = ParkFilterSet

    def destroy(self, request, *args, **kwargs):
        self.get_object()  # 404 outside the view scope, 403 outside the change scope
        if user_role(request.user) != Role.ADMIN:
            raise exceptions.PermissionDenied(_("Only administrators may deactivate a park."))
        return super().destroy(request, *args, **kwargs)


class LandParcelViewSet(PortalModelViewSet):
    model = LandParcel
    serializer_class = serializers.LandParcelSerializer
    filterset_class = LandParcelFilterSet


class StandardFactoryViewSet(PortalModelViewSet):
    model = StandardFactory
    serializer_class = serializers.StandardFactorySerializer
    filterset_class = StandardFactoryFilterSet


class InnovationCarrierViewSet(PortalModelViewSet):
    model = InnovationCarrier
    serializer_class = serializers.InnovationCarrierSerializer
    filterset_class = InnovationCarrierFilterSet


class ParkFactorViewSet(PortalModelViewSet):
    """The six enabling factors of each park (六大要素)."""

    model = ParkFactor
    serializer_class = serializers.ParkFactorSerializer
    filterset_class = ParkFactorFilterSet
