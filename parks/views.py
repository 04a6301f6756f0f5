"""Pages of parks, land parcels, standard factories and innovation carriers: thin views built
from one description per model (parks/crud.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.roles import Role
from portal.scoping import get_for_user_or_404

from . import selectors, services
from .crud import Column, Crud
from .filtersets import InnovationCarrierFilterSet, LandParcelFilterSet, ParkFilterSet, StandardFactoryFilterSet
from .forms import InnovationCarrierForm, LandParcelForm, ParkForm, StandardFactoryForm
from .models import InnovationCarrier, LandParcel, Park, StandardFactory

STAFF_AND_ADMIN = frozenset({Role.PARK_STAFF, Role.ADMIN})


def park_detail_context(request, park):
    return selectors.park_related(park, request.user)


@login_required
def park_figures(request, pk):
    """The park's headline figures, loaded after the page (they sum a year of every enterprise's
    monthly figures, the one costly read of the page)."""
    park = get_for_user_or_404(Park, request.user, pk=pk)
    return render(request, "parks/_park_figures.html", {"figures": selectors.park_figures(park)})


park_crud = Crud(
    model=Park,
    filterset=ParkFilterSet,
    form=ParkForm,
    columns=[
        Column("name", "name"),
        Column("code", "code"),
        Column("region"),
        Column("level", "level"),
        Column("kind"),
        Column("status", "status"),
        Column("planned_area_mu", "planned_area_mu"),
        Column("built_area_mu", "built_area_mu"),
    ],
    create=services.park_create,
    update=services.park_update,
    delete=services.park_delete,
    detail_fields=[
        "code",
        "short_name",
        "region",
        "level",
        "kind",
        "status",
        "observation_ends_on",
        "planned_area_mu",
        "built_area_mu",
        "committee_contact",
        "committee_phone",
    ],
    select_related=("region",),
    create_roles=frozenset({Role.ADMIN}),
    delete_roles=frozenset({Role.ADMIN}),  # a park is reference data: only administrators remove it
    detail_template="parks/park_detail.html",
    detail_context=park_detail_context,
)

landparcel_crud = Crud(
    model=LandParcel,
    filterset=LandParcelFilterSet,
    form=LandParcelForm,
    columns=[
        Column("code", "code"),
        Column("park"),
        Column("area_mu", "area_mu"),
        Column("price", "price"),
        Column("status", "status"),
        Column("holder"),
        Column("supplied_on", "supplied_on"),
        Column("agreed_start_on", "agreed_start_on"),
    ],
    create=services.landparcel_create,
    update=services.landparcel_update,
    delete=services.landparcel_delete,
    detail_fields=[
        "park",
        "area_mu",
        "price",
        "status",
        "holder",
        "supplied_on",
        "agreed_start_on",
        "construction_started_on",
    ],
    select_related=("park", "holder"),
    create_roles=STAFF_AND_ADMIN,
    prefill=("park",),
)

standardfactory_crud = Crud(
    model=StandardFactory,
    filterset=StandardFactoryFilterSet,
    form=StandardFactoryForm,
    columns=[
        Column("name", "name"),
        Column("park"),
        Column("floor_area_m2", "floor_area_m2"),
        Column("leased_area_m2", "leased_area_m2"),
        Column("status", "status"),
    ],
    create=services.standardfactory_create,
    update=services.standardfactory_update,
    delete=services.standardfactory_delete,
    detail_fields=["park", "floor_area_m2", "leased_area_m2", "status"],
    select_related=("park",),
    create_roles=STAFF_AND_ADMIN,
    prefill=("park",),
)

innovationcarrier_crud = Crud(
    model=InnovationCarrier,
    filterset=InnovationCarrierFilterSet,
    form=InnovationCarrierForm,
    columns=[
        Column("name", "name"),
        Column("kind", "kind"),
        Column("level", "level"),
        Column("park"),
        Column("host_enterprise"),
        Column("status", "status"),
        Column("recognized_on", "recognized_on"),
    ],
    create=services.innovationcarrier_create,
    update=services.innovationcarrier_update,
    delete=services.innovationcarrier_delete,
    detail_fields=["kind", "level", "park", "host_enterprise", "host_institution", "status", "recognized_on"],
    select_related=("park", "host_enterprise"),
    create_roles=STAFF_AND_ADMIN,
    prefill=("park",),
)

# Names kept for the URLs and tests that name them.
park_list = park_crud.list_view
park_detail = park_crud.detail_view
park_edit = park_crud.edit_view
