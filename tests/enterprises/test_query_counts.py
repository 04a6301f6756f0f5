"""Each list and detail page of parks and enterprises runs as many SQL queries at 10N rows as at N."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CooperationFactory,
    EnterpriseFactory,
    EnterpriseStatFactory,
    InnovationCarrierFactory,
    LandParcelFactory,
    ParkMonthFactory,
    QualificationFactory,
    StandardFactoryFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

N = 2


def queries(client, url, params=None):
    client.get(url, params)  # warm caches that are not per-request (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def grow_park(park, n, offset):
    for i in range(n):
        enterprise = EnterpriseFactory(park=park)
        LandParcelFactory(park=park, holder=enterprise)
        StandardFactoryFactory(park=park)
        InnovationCarrierFactory(park=park, host_enterprise=enterprise)
        QualificationFactory(enterprise=enterprise)
        VisitFactory(enterprise=enterprise)
        CooperationFactory(enterprise=enterprise)
        EnterpriseStatFactory(enterprise=enterprise, year=2025, month=3)
        ParkMonthFactory(park=park, year=2000 + offset + i, month=1)


LISTS = [
    "parks:park_list",
    "parks:landparcel_list",
    "parks:standardfactory_list",
    "parks:innovationcarrier_list",
    "enterprises:enterprise_list",
    "enterprises:qualification_list",
    "enterprises:visit_list",
    "enterprises:cooperation_list",
]


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("persona", ["staff_a", "officer"])
def test_list_queries_do_not_grow_with_rows(request, client_for, park_a, url_name, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    grow_park(park_a, N, 0)
    at_n = queries(client, reverse(url_name), {"ordering": "-pk"} if "park_list" in url_name else None)
    grow_park(park_a, 9 * N, 100)
    at_10n = queries(client, reverse(url_name), {"ordering": "-pk"} if "park_list" in url_name else None)
    assert at_n == at_10n


def test_grid_and_board_queries_do_not_grow_with_rows(client_for, staff_a, park_a):
    client = client_for(staff_a)
    grow_park(park_a, N, 0)
    params = {"park": park_a.pk, "year": 2025, "month": 3}
    grid_n = queries(client, reverse("enterprises:stat_grid"), params)
    board_n = queries(client, reverse("enterprises:stat_board"), {"year": 2025, "month": 3})
    grow_park(park_a, 9 * N, 100)
    assert queries(client, reverse("enterprises:stat_grid"), params) == grid_n
    assert queries(client, reverse("enterprises:stat_board"), {"year": 2025, "month": 3}) == board_n


def grow_enterprise(enterprise, n, start):
    for i in range(n):
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=start + i)
        QualificationFactory(enterprise=enterprise, granted_on=day, expires_on=day + datetime.timedelta(days=1000))
        VisitFactory(enterprise=enterprise, visited_on=day)
        CooperationFactory(enterprise=enterprise, signed_on=day)
        year, month = divmod(start + i, 12)
        EnterpriseStatFactory(enterprise=enterprise, year=2010 + year, month=month + 1)


@pytest.mark.parametrize("persona", ["staff_a", "leader"])
def test_detail_queries_do_not_grow_with_related_rows(request, client_for, park_a, persona):
    client = client_for(request.getfixturevalue(persona))
    enterprise = EnterpriseFactory(park=park_a)
    grow_enterprise(enterprise, N, 0)
    grow_park(park_a, N, 0)
    pages = [
        reverse("enterprises:enterprise_detail", args=[enterprise.pk]),
        reverse("parks:park_detail", args=[park_a.pk]),
    ]
    at_n = [queries(client, url) for url in pages]
    grow_enterprise(enterprise, 9 * N, 100)
    grow_park(park_a, 9 * N, 100)
    assert [queries(client, url) for url in pages] == at_n


@pytest.mark.parametrize(
    "factory,url_name",
    [
        (LandParcelFactory, "parks:landparcel_detail"),
        (StandardFactoryFactory, "parks:standardfactory_detail"),
        (InnovationCarrierFactory, "parks:innovationcarrier_detail"),
        (QualificationFactory, "enterprises:qualification_detail"),
        (VisitFactory, "enterprises:visit_detail"),
        (CooperationFactory, "enterprises:cooperation_detail"),
    ],
)
def test_small_detail_pages_do_not_grow_with_history(client_for, staff_a, park_a, factory, url_name):
    from portal.services import object_save

    kwargs = {"park": park_a} if url_name.startswith("parks") else {"enterprise": EnterpriseFactory(park=park_a)}
    obj = factory(**kwargs)
    client = client_for(staff_a)
    url = reverse(url_name, args=[obj.pk])
    for _ in range(N):
        object_save(user=staff_a, obj=obj, data={}, expected_version=obj.version)
    at_n = queries(client, url)
    for _ in range(9 * N):
        object_save(user=staff_a, obj=obj, data={}, expected_version=obj.version)
    assert queries(client, url) == at_n


def test_park_figures_sum_the_year_to_date_by_hand(client_for, officer, park_a, park_b):
    from portal.periods import previous_month

    today = datetime.date.today()
    year, month = previous_month(today.year, today.month)
    a1, a2 = EnterpriseFactory(park=park_a, above_size=True), EnterpriseFactory(park=park_a)
    EnterpriseStatFactory(enterprise=a1, year=year, month=month, revenue=100, tax=10)
    EnterpriseStatFactory(enterprise=a2, year=year, month=month, revenue=50, tax=5)
    EnterpriseStatFactory(enterprise=a1, year=year - 1, month=month, revenue=120, tax=10)
    EnterpriseStatFactory(enterprise=EnterpriseFactory(park=park_b), year=year, month=month, revenue=999, tax=9)
    park_a.built_area_mu = 100
    park_a.save()
    figures = client_for(officer).get(reverse("parks:park_figures", args=[park_a.pk])).context["figures"]
    assert (figures["enterprises"], figures["above_size"]) == (2, 1)
    assert (figures["revenue_ytd"], figures["tax_ytd"]) == (150, 15)
    assert str(figures["revenue_yoy"]) == "0.2500"  # 150 against 120
    assert str(figures["tax_per_mu"]) == "0.1500"


def test_park_figures_are_404_outside_scope(client_for, staff_a, park_b):
    assert client_for(staff_a).get(reverse("parks:park_figures", args=[park_b.pk])).status_code == 404
