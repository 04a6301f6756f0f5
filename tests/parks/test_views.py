"""Park, land parcel, standard factory and innovation carrier pages."""

import pytest
from django.urls import reverse

from parks.models import LandParcel, Park, StandardFactory
from tests.factories import EnterpriseFactory, LandParcelFactory, StandardFactoryFactory

pytestmark = pytest.mark.django_db


def parcel_data(park, **changes):
    data = {
        "park": park.pk,
        "code": "XA-2025-01",
        "area_mu": "35.5",
        "price": "1200",
        "status": "acquired_not_supplied",
        "holder": "",
        "supplied_on": "",
        "agreed_start_on": "",
        "construction_started_on": "",
    }
    data.update(changes)
    return data


def test_staff_adds_a_parcel_to_their_park(client_for, staff_a, park_a):
    response = client_for(staff_a).post(reverse("parks:landparcel_create"), parcel_data(park_a))
    assert response.status_code == 302
    parcel = LandParcel.objects.get()
    assert (parcel.park_id, parcel.code, str(parcel.area_mu), parcel.created_by_id) == (
        park_a.pk,
        "XA-2025-01",
        "35.50",
        staff_a.pk,
    )


def test_parcel_dates_out_of_order_are_refused_next_to_the_field(client_for, staff_a, park_a):
    holder = EnterpriseFactory(park=park_a)
    data = parcel_data(
        park_a, status="supplied_not_used", holder=holder.pk, supplied_on="2025-05-01", agreed_start_on="2025-04-01"
    )
    response = client_for(staff_a).post(reverse("parks:landparcel_create"), data)
    assert response.context["form"].errors["agreed_start_on"] == ["约定开工日期不能早于供地日期。"]
    assert not LandParcel.objects.exists()


def test_negative_area_is_refused(client_for, staff_a, park_a):
    response = client_for(staff_a).post(reverse("parks:landparcel_create"), parcel_data(park_a, area_mu="-1"))
    assert response.context["form"].errors["area_mu"] == ["确保该值大于或等于0。"]
    assert not LandParcel.objects.exists()


def test_staff_cannot_add_a_parcel_to_another_park(client_for, staff_a, park_b):
    response = client_for(staff_a).post(reverse("parks:landparcel_create"), parcel_data(park_b))
    assert "park" in response.context["form"].errors
    assert not LandParcel.objects.exists()


@pytest.mark.parametrize("action", ["detail", "edit", "delete"])
def test_another_parks_parcel_is_404(client_for, staff_a, park_b, action):
    parcel = LandParcelFactory(park=park_b)
    assert client_for(staff_a).get(reverse(f"parks:landparcel_{action}", args=[parcel.pk])).status_code == 404


def test_leader_cannot_add_or_delete(client_for, leader, park_a):
    factory = StandardFactoryFactory(park=park_a)
    client = client_for(leader)
    assert client.get(reverse("parks:standardfactory_create")).status_code == 403
    assert client.post(reverse("parks:standardfactory_delete", args=[factory.pk])).status_code == 403
    assert StandardFactory.objects.filter(pk=factory.pk).exists()


def test_factory_is_deleted_after_confirmation(client_for, staff_a, park_a):
    factory = StandardFactoryFactory(park=park_a)
    client = client_for(staff_a)
    assert client.get(reverse("parks:standardfactory_delete", args=[factory.pk])).status_code == 200
    assert StandardFactory.objects.filter(pk=factory.pk).exists()
    assert client.post(reverse("parks:standardfactory_delete", args=[factory.pk])).status_code == 302
    assert not StandardFactory.objects.filter(pk=factory.pk).exists()


def test_a_park_with_enterprises_is_not_deleted_and_says_why(client_for, admin_user, park_a):
    EnterpriseFactory(park=park_a)
    response = client_for(admin_user).post(reverse("parks:park_delete", args=[park_a.pk]))
    assert response.status_code == 200
    assert "1 企业" in response.context["refusal"]
    assert Park.objects.filter(pk=park_a.pk).exists()


def test_only_admins_create_parks(client_for, staff_a, officer, admin_user):
    assert client_for(staff_a).get(reverse("parks:park_create")).status_code == 403
    assert client_for(officer).get(reverse("parks:park_create")).status_code == 403
    assert client_for(admin_user).get(reverse("parks:park_create")).status_code == 200


def test_park_page_lists_its_land_and_links_the_figures(client_for, staff_a, park_a):
    LandParcelFactory(park=park_a, code="P-77")
    html = client_for(staff_a).get(reverse("parks:park_detail", args=[park_a.pk])).content.decode()
    assert "P-77" in html
    assert reverse("parks:park_figures", args=[park_a.pk]) in html
