"""Enterprise pages as park staff, officers and leaders meet them: scope, validation, masking,
deletion, optimistic concurrency."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise, Qualification
from enterprises.rules import make_uscc
from tests.factories import EnterpriseFactory, EnterpriseStatFactory, QualificationFactory, next_uscc

pytestmark = pytest.mark.django_db

VALID = make_uscc("9", "1", "610112", "MA6CXK2Y1")


def enterprise_data(region, park, **changes):
    data = {
        "uscc": VALID,
        "name": "西安某某科技有限公司",
        "short_name": "",
        "legal_representative": "",
        "established_on": "",
        "registered_capital": "",
        "region": region.pk,
        "park": park.pk,
        "industry": "",
        "scale": "small",
        "listing_status": "none",
        "address": "",
        "contact_person": "",
        "contact_phone": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def ent_a(park_a):
    return EnterpriseFactory(park=park_a, contact_phone="13812341234")


@pytest.fixture
def ent_b(park_b):
    return EnterpriseFactory(park=park_b)


@pytest.mark.parametrize("name", ["enterprise_detail", "enterprise_edit", "enterprise_delete"])
def test_another_parks_enterprise_is_404_to_park_staff(client_for, staff_a, ent_b, name):
    client = client_for(staff_a)
    assert client.get(reverse(f"enterprises:{name}", args=[ent_b.pk])).status_code == 404
    if name != "enterprise_detail":
        assert client.post(reverse(f"enterprises:{name}", args=[ent_b.pk]), {}).status_code == 404
    assert Enterprise.objects.filter(pk=ent_b.pk).exists()


def test_another_parks_grid_is_404_to_park_staff(client_for, staff_a, park_b, ent_b):
    client = client_for(staff_a)
    assert client.get(reverse("enterprises:stat_grid"), {"park": park_b.pk}).status_code == 404
    row = {"enterprise": ent_b.pk, "values": {"revenue": "1"}}
    payload = {"park": park_b.pk, "year": 2025, "month": 3, "rows": [row]}
    response = client.post(reverse("enterprises:stat_grid_save"), payload, content_type="application/json")
    assert response.status_code == 404
    assert not ent_b.stats.exists()


def test_another_parks_enterprise_cannot_be_slipped_into_my_grid(client_for, staff_a, park_a, ent_b):
    row = {"enterprise": ent_b.pk, "values": {"revenue": "1"}}
    payload = {"park": park_a.pk, "year": 2025, "month": 3, "rows": [row]}
    response = client_for(staff_a).post(reverse("enterprises:stat_grid_save"), payload, content_type="application/json")
    assert response.status_code == 422
    assert not ent_b.stats.exists()


def test_leader_reads_but_gets_403_on_edit_and_sees_no_edit_button(client_for, leader, ent_a):
    client = client_for(leader)
    detail = client.get(reverse("enterprises:enterprise_detail", args=[ent_a.pk]))
    assert detail.status_code == 200
    assert reverse("enterprises:enterprise_edit", args=[ent_a.pk]) not in detail.content.decode()
    assert client.get(reverse("enterprises:enterprise_edit", args=[ent_a.pk])).status_code == 403
    assert client.get(reverse("enterprises:enterprise_create")).status_code == 403


def test_phone_whole_for_who_may_change_masked_for_others(client_for, staff_a, leader, ent_a):
    html = client_for(staff_a).get(reverse("enterprises:enterprise_detail", args=[ent_a.pk])).content.decode()
    assert "13812341234" in html
    html = client_for(leader).get(reverse("enterprises:enterprise_detail", args=[ent_a.pk])).content.decode()
    assert "13812341234" not in html
    assert "138****1234" in html


def test_wrong_check_digit_is_refused_next_to_the_field_and_nothing_is_written(client_for, staff_a, park_a, region):
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    data = enterprise_data(region, park_a, uscc=wrong)
    response = client_for(staff_a).post(reverse("enterprises:enterprise_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["uscc"] == [f"校验码（第18位）应为“{VALID[17]}”，而非“{wrong[17]}”。"]
    assert not Enterprise.objects.exists()


def test_uscc_typed_in_full_width_with_spaces_is_normalised(client_for, staff_a, park_a, region):
    typed = " ".join(VALID.lower()).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    data = enterprise_data(region, park_a, uscc=typed)
    response = client_for(staff_a).post(reverse("enterprises:enterprise_create"), data)
    assert response.status_code == 302
    assert Enterprise.objects.get().uscc == VALID


def test_duplicate_uscc_is_refused_with_the_other_name(client_for, staff_a, park_a, region):
    EnterpriseFactory(park=park_a, uscc=VALID, name="先到公司")
    response = client_for(staff_a).post(reverse("enterprises:enterprise_create"), enterprise_data(region, park_a))
    assert response.context["form"].errors["uscc"] == ["该统一社会信用代码已被“先到公司”使用。"]
    assert Enterprise.objects.count() == 1


def test_negative_capital_is_refused(client_for, staff_a, park_a, region):
    response = client_for(staff_a).post(
        reverse("enterprises:enterprise_create"), enterprise_data(region, park_a, registered_capital="-5")
    )
    assert response.context["form"].errors["registered_capital"] == ["确保该值大于或等于0。"]
    assert not Enterprise.objects.exists()


def test_staff_cannot_put_an_enterprise_into_another_park(client_for, staff_a, park_b, region):
    response = client_for(staff_a).post(reverse("enterprises:enterprise_create"), enterprise_data(region, park_b))
    assert response.status_code == 200
    assert "park" in response.context["form"].errors
    assert not Enterprise.objects.exists()


def test_qualification_dates_out_of_order(client_for, staff_a, ent_a):
    kind = Qualification._meta.get_field("kind").related_model.objects.get(code="high_tech")
    data = {
        "enterprise": ent_a.pk,
        "kind": kind.pk,
        "level": "national",
        "certificate_no": "GR1",
        "granted_on": "2025-05-01",
        "expires_on": "2025-04-01",
    }
    response = client_for(staff_a).post(reverse("enterprises:qualification_create"), data)
    assert response.context["form"].errors["expires_on"] == ["到期日期不能早于发证日期。"]
    assert not Qualification.objects.exists()


def test_qualification_expiry_defaults_to_the_kinds_term(client_for, staff_a, ent_a):
    kind = Qualification._meta.get_field("kind").related_model.objects.get(code="high_tech")
    data = {
        "enterprise": ent_a.pk,
        "kind": kind.pk,
        "level": "national",
        "certificate_no": "GR1",
        "granted_on": "2023-11-15",
        "expires_on": "",
    }
    assert client_for(staff_a).post(reverse("enterprises:qualification_create"), data).status_code == 302
    assert str(Qualification.objects.get().expires_on) == "2026-11-14"


def test_enterprise_with_figures_is_not_deleted_and_the_reason_is_given(client_for, staff_a, ent_a):
    EnterpriseStatFactory(enterprise=ent_a)
    response = client_for(staff_a).post(reverse("enterprises:enterprise_delete", args=[ent_a.pk]))
    assert response.status_code == 200
    assert "1 企业月度数据" in response.content.decode()
    assert Enterprise.objects.filter(pk=ent_a.pk).exists()


def test_enterprise_without_figures_is_deleted_after_confirmation(client_for, staff_a, ent_a):
    QualificationFactory(enterprise=ent_a)
    client = client_for(staff_a)
    confirm = client.get(reverse("enterprises:enterprise_delete", args=[ent_a.pk]))
    assert "1 资质" in confirm.content.decode()  # what goes with it is said before
    assert Enterprise.objects.filter(pk=ent_a.pk).exists()
    assert client.post(reverse("enterprises:enterprise_delete", args=[ent_a.pk])).status_code == 302
    assert not Enterprise.objects.filter(pk=ent_a.pk).exists()


def test_stale_enterprise_edit_is_refused_with_what_changed(client, staff_a, officer, ent_a, region, park_a):
    url = reverse("enterprises:enterprise_edit", args=[ent_a.pk])
    base = enterprise_data(region, park_a, uscc=ent_a.uscc, name=ent_a.name, scale="medium", version=ent_a.version)
    client.force_login(officer)
    assert client.post(url, base | {"short_name": "甲"}).status_code == 302
    client.force_login(staff_a)
    response = client.post(url, base | {"short_name": "乙"})
    assert response.status_code == 200
    error = response.context["form"].non_field_errors()[0]
    assert "甲" in error
    ent_a.refresh_from_db()
    assert ent_a.short_name == "甲"


def test_list_filters_search_and_sorts(client_for, officer, park_a, park_b):
    EnterpriseFactory(park=park_a, name="Alpha Motors", above_size=True)
    EnterpriseFactory(park=park_b, name="Beta Motors")
    EnterpriseFactory(park=park_b, name="Gamma Foods")
    client = client_for(officer)
    page = client.get(reverse("enterprises:enterprise_list"), {"q": "motors", "ordering": "-name"}).context["page"]
    assert [e.name for e in page.object_list] == ["Beta Motors", "Alpha Motors"]
    page = client.get(reverse("enterprises:enterprise_list"), {"above_size": "true"}).context["page"]
    assert [e.name for e in page.object_list] == ["Alpha Motors"]
    page = client.get(reverse("enterprises:enterprise_list"), {"park": park_b.pk}).context["page"]
    assert page.paginator.count == 2


def test_park_staff_list_shows_only_their_park(client_for, staff_a, park_a, park_b):
    mine = EnterpriseFactory(park=park_a)
    EnterpriseFactory(park=park_b)
    page = client_for(staff_a).get(reverse("enterprises:enterprise_list")).context["page"]
    assert [e.pk for e in page.object_list] == [mine.pk]


def test_profile_shows_ytd_yoy_and_badges(client_for, staff_a, ent_a):
    import datetime

    from portal.periods import previous_month

    today = datetime.date.today()
    year, month = previous_month(today.year, today.month)
    EnterpriseStatFactory(enterprise=ent_a, year=year, month=month, revenue=300, tax=30, land_used_mu=10)
    EnterpriseStatFactory(enterprise=ent_a, year=year - 1, month=month, revenue=200, tax=20)
    QualificationFactory(
        enterprise=ent_a,
        granted_on=today - datetime.timedelta(days=900),
        expires_on=today + datetime.timedelta(days=30),
    )
    response = client_for(staff_a).get(reverse("enterprises:enterprise_detail", args=[ent_a.pk]))
    figures = response.context["figures"]
    assert figures["revenue_ytd"] == 300
    assert str(figures["revenue_yoy"]) == "0.5000"
    assert str(figures["tax_per_mu"]) == "3.0000"
    assert response.context["qualifications"][0].badge == "expiring"
    assert "即将到期" in response.content.decode()
    assert 'id="profile-data"' in response.content.decode()


def test_search_finds_within_scope_grouped_by_kind(client_for, staff_a, park_a, park_b):
    EnterpriseFactory(park=park_a, name="Xinghuo Tech A")
    EnterpriseFactory(park=park_b, name="Xinghuo Tech B")
    groups = client_for(staff_a).get(reverse("reports:search"), {"q": "xinghuo"}).context["groups"]
    assert [(g["kind"], [h["name"] for h in g["hits"]]) for g in groups] == [("enterprise", ["Xinghuo Tech A"])]


def test_search_by_credit_code_fragment(client_for, officer, park_a):
    enterprise = EnterpriseFactory(park=park_a, uscc=next_uscc())
    groups = client_for(officer).get(reverse("reports:search"), {"q": enterprise.uscc[4:12]}).context["groups"]
    assert groups[0]["hits"][0]["name"] == enterprise.name
