"""What an integrator relies on beyond the per-endpoint battery: tokens, the root, the schema and
its documentation page, nested summaries, masked phones, deletes that lose nothing, version
checks, writes outside one's scope, and list query counts that do not grow with the page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from clusters.models import Chain, ChainNode
from enterprises.models import Enterprise
from parks.models import Park
from policies.models import Application
from reports.models import Report
from tests import factories as f
from tests.api.test_endpoints import ALL, World
from tests.personas import PASSWORD


def test_a_token_is_obtained_with_username_and_password(staff_a):
    client = APIClient()
    response = client.post("/api/token/", {"username": "staff_a", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert client.post("/api/token/", {"username": "staff_a", "password": "wrong"}, format="json").status_code == 400
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/parks/").status_code == 200


def test_the_browser_session_works_too(client, staff_a, park_a):
    client.force_login(staff_a)
    response = client.get("/api/parks/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [park_a.pk]


def test_anonymous_gets_401_with_the_token_challenge(api):
    response = api().get("/api/enterprises/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_root_lists_every_collection(api, leader):
    links = api(leader).get("/api/").json()
    for name in ("park", "enterprise", "chain", "project", "policy", "report", "aggregate-figures", "api-schema"):
        assert name in links
    assert links["park"].endswith("/api/parks/")


def test_the_schema_is_openapi_3_and_covers_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for spec in ALL:
        assert f"/api/{spec.route}/" in schema["paths"], spec.route
        assert f"/api/{spec.route}/{{id}}/" in schema["paths"], spec.route
    assert "/api/aggregates/figures/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_documentation_page_uses_vendored_files_and_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "googleapis" not in html
    assert "/static/drf_spectacular_sidecar/" in html
    assert "<script>" not in html  # every script has a src
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_swagger_ui_start_script_is_served_as_a_file(client):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()


def test_an_enterprise_comes_with_its_valid_qualifications(api, staff_a, park_a):
    enterprise = f.EnterpriseFactory(park=park_a)
    today = datetime.date.today()
    valid = f.QualificationFactory(
        enterprise=enterprise,
        granted_on=today - datetime.timedelta(days=30),
        expires_on=today.replace(year=today.year + 2),
    )
    f.QualificationFactory(
        enterprise=enterprise,
        kind=f.qualification_kind("tech_sme"),
        granted_on=datetime.date(2019, 1, 1),
        expires_on=datetime.date(2020, 1, 1),
    )
    body = api(staff_a).get(f"/api/enterprises/{enterprise.pk}/").json()
    assert [q["id"] for q in body["valid_qualifications"]] == [valid.pk]
    assert body["valid_qualifications"][0]["kind_code"] == "high_tech"


def test_contact_phones_are_masked_for_those_who_may_not_change_the_enterprise(api, staff_a, leader, park_a):
    enterprise = f.EnterpriseFactory(park=park_a, contact_phone="13912345678")
    assert api(staff_a).get(f"/api/enterprises/{enterprise.pk}/").json()["contact_phone"] == "13912345678"
    as_leader = api(leader).get(f"/api/enterprises/{enterprise.pk}/").json()
    assert as_leader["contact_phone"] == "139****5678"
    assert as_leader["can_change"] is False
    listed = api(leader).get("/api/enterprises/").json()["results"]
    assert {row["contact_phone"] for row in listed} == {"139****5678"}


def test_deleting_a_chain_with_nodes_is_refused_with_the_reason(api, officer):
    chain = f.ChainFactory()
    f.ChainNodeFactory(chain=chain)
    f.ChainNodeFactory(chain=chain)
    response = api(officer).delete(f"/api/chains/{chain.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"] == "该记录不能删除，以下记录依赖于它：产业链环节 × 2。"
    assert Chain.objects.filter(pk=chain.pk).exists()
    assert ChainNode.objects.filter(chain=chain).count() == 2


def test_deleting_an_enterprise_deactivates_it(api, staff_a, park_a):
    enterprise = f.EnterpriseFactory(park=park_a)
    f.EnterpriseStatFactory(enterprise=enterprise)
    response = api(staff_a).delete(f"/api/enterprises/{enterprise.pk}/")
    assert response.status_code == 200
    row = Enterprise.objects.get(pk=enterprise.pk)
    assert row.is_active is False and row.deactivated_at is not None and row.updated_by == staff_a


def test_a_stale_version_is_refused_with_what_changed(api, staff_a, admin_user, park_a):
    enterprise = f.EnterpriseFactory(park=park_a, name="旧名称")
    version = api(staff_a).get(f"/api/enterprises/{enterprise.pk}/").json()["version"]
    assert (
        api(admin_user).patch(f"/api/enterprises/{enterprise.pk}/", {"name": "新名称"}, format="json").status_code
        == 200
    )
    response = api(staff_a).patch(
        f"/api/enterprises/{enterprise.pk}/", {"name": "我的名称", "version": version}, format="json"
    )
    assert response.status_code == 409
    assert "旧名称 → 新名称" in response.json()["version"][0]
    assert Enterprise.objects.get(pk=enterprise.pk).name == "新名称"


def test_park_staff_cannot_place_rows_in_another_park(api, staff_a, park_a, park_b):
    response = api(staff_a).post(
        "/api/standard-factories/",
        {"park": park_b.pk, "name": "越权厂房", "floor_area_m2": "100"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["park"]
    enterprise = f.EnterpriseFactory(park=park_a)
    response = api(staff_a).patch(f"/api/enterprises/{enterprise.pk}/", {"park": park_b.pk}, format="json")
    assert response.status_code == 400
    assert Enterprise.objects.get(pk=enterprise.pk).park_id == park_a.pk


def test_park_staff_cannot_create_a_park(api, staff_a, region):
    before = Park.objects.count()
    response = api(staff_a).post(
        "/api/parks/", {"name": "自建园区", "code": "self-made", "region": region.pk}, format="json"
    )
    assert response.status_code == 403
    assert Park.objects.count() == before


def test_filters_and_ordering_come_from_the_filterset(api, officer, park_a, park_b):
    f.EnterpriseFactory(park=park_a, name="乙企业", above_size=True)
    f.EnterpriseFactory(park=park_a, name="甲企业", above_size=True)
    f.EnterpriseFactory(park=park_b, name="丙企业", above_size=True)
    f.EnterpriseFactory(park=park_a, name="丁企业", above_size=False)
    response = api(officer).get("/api/enterprises/", {"park": park_a.pk, "above_size": "true", "ordering": "-name"})
    assert [row["name"] for row in response.json()["results"]] == sorted(["甲企业", "乙企业"], reverse=True)
    bad = api(officer).get("/api/enterprises/", {"ordering": "contact_phone"})
    assert bad.status_code == 400 and "ordering" in bad.json()


def test_page_size_is_bounded(api, officer, park_a):
    for _ in range(3):
        f.StandardFactoryFactory(park=park_a)
    body = api(officer).get("/api/standard-factories/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    body = api(officer).get("/api/standard-factories/", {"page_size": 100000}).json()
    assert len(body["results"]) == 3


MANY = {
    "parks": lambda w, i: f.ParkFactory(),
    "park-factors": lambda w, i: f.ParkFactorFactory(park=f.ParkFactory()),
    "park-months": lambda w, i: f.ParkMonthFactory(park=w.park_a, month=i + 1),
    "enterprises": lambda w, i: f.QualificationFactory(enterprise=f.EnterpriseFactory(park=w.park_a)).enterprise,
    "targets": lambda w, i: f.TargetFactory(year=2010 + i),
    "reports": lambda w, i: Report.objects.create(kind="monthly_bulletin", year=2025, period=i + 1, status="done"),
}


@pytest.mark.parametrize("spec", ALL, ids=str)
def test_list_query_count_does_not_grow_with_the_page_size(request, api, department, spec):
    world = World(request)
    for i in range(12):
        row = MANY[spec.route](world, i) if spec.route in MANY else spec.make(world, world.park_a)
        if spec.route == "chain-nodes":
            row.enterprises.add(world.ent_a)
    client = api(world.officer)
    counts = []
    for size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/{spec.route}/", {"page_size": size})
        assert response.status_code == 200
        body = response.json()
        assert body["count"] > 10
        assert len(body["results"]) == min(size, body["count"])
        counts.append(len(queries))
    assert counts[0] == counts[1], spec.route


def test_an_application_under_review_cannot_be_edited_or_deleted(api, staff_a, park_a):
    application = f.ApplicationFactory(enterprise=f.EnterpriseFactory(park=park_a), status="submitted")
    response = api(staff_a).patch(f"/api/applications/{application.pk}/", {"base_amount": "10"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "只有草稿或已退回的申报可以修改或删除；该申报当前状态为“已提交”。"
    assert api(staff_a).delete(f"/api/applications/{application.pk}/").status_code == 409
    assert Application.objects.get(pk=application.pk).base_amount is None


def test_the_computed_amount_follows_the_measures_rule(api, staff_a, park_a):
    measure = f.MeasureFactory(amount_rule={"type": "ratio", "ratio": "0.2", "cap": "50"})
    enterprise = f.EnterpriseFactory(park=park_a)
    payload = {"enterprise": enterprise.pk, "measure": measure.pk, "year": 2025, "base_amount": "100"}
    body = api(staff_a).post("/api/applications/", {**payload, "computed_amount": "999"}, format="json").json()
    assert body["computed_amount"] == "20.00"  # 20% of 100, under the cap; the client's 999 is ignored
    body = api(staff_a).patch(f"/api/applications/{body['id']}/", {"base_amount": "1000"}, format="json").json()
    assert body["computed_amount"] == "50.00"  # 200 capped at 50
