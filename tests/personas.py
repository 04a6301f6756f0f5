"""The people of the tests: staff_a (park A), staff_b (park B), officer, leader, analyst, admin."""

import pytest

from portal.models import Department, Region
from portal.roles import Role

PASSWORD = "Test-Passw0rd-2026"


@pytest.fixture
def region(db):
    city, _ = Region.objects.get_or_create(code="610100", defaults={"name": "西安市", "level": "city"})
    district, _ = Region.objects.get_or_create(
        code="610112", defaults={"name": "未央区", "level": "district", "parent": city}
    )
    return district


@pytest.fixture
def department(db):
    return Department.objects.get_or_create(code="gxj", defaults={"name": "工业和信息化局", "short_name": "工信局"})[0]


@pytest.fixture
def park_a(region):
    from parks.models import Park

    return Park.objects.create(name="Park A", code="park-a", region=region)


@pytest.fixture
def park_b(region):
    from parks.models import Park

    return Park.objects.create(name="Park B", code="park-b", region=region)


def make_user(django_user_model, username, role, **extra):
    return django_user_model.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


@pytest.fixture
def staff_a(django_user_model, park_a):
    user = make_user(django_user_model, "staff_a", Role.PARK_STAFF)
    park_a.staff.add(user)
    return user


@pytest.fixture
def staff_b(django_user_model, park_b):
    user = make_user(django_user_model, "staff_b", Role.PARK_STAFF)
    park_b.staff.add(user)
    return user


@pytest.fixture
def officer(django_user_model, department):
    return make_user(django_user_model, "officer", Role.OFFICER, department=department)


@pytest.fixture
def leader(django_user_model):
    return make_user(django_user_model, "leader", Role.LEADER)


@pytest.fixture
def analyst(django_user_model):
    return make_user(django_user_model, "analyst", Role.ANALYST)


@pytest.fixture
def admin_user(django_user_model):
    return make_user(django_user_model, "admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
