"""Every endpoint of the API: the happy path, the scope (another park's row → 404, a leader's
write → 403, anonymous → 401) and invalid input → 400 with the field's message, exactly as the
browser words it (the catalogue's Chinese: the API answers in the default language)."""

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests import factories as f


@dataclasses.dataclass
class Spec:
    route: str
    make: Callable  # (world, park) -> a row reached from that park
    writer: str = "staff_a"  # who creates, changes and deletes it
    create: Callable | None = None  # (world) -> a valid payload
    invalid: Callable | None = None  # (world) -> (payload, field, message)
    park_scoped: bool = True
    deactivates: bool = False

    def __str__(self):
        return self.route


class World:
    def __init__(self, request):
        for name in ("park_a", "park_b", "staff_a", "staff_b", "officer", "leader", "admin_user"):
            setattr(self, name, request.getfixturevalue(name))
        self.ent_a = f.EnterpriseFactory(park=self.park_a)
        self.ent_b = f.EnterpriseFactory(park=self.park_b)


@pytest.fixture
def world(request, department):
    return World(request)


def park_payload(w):
    return {"name": "新区园", "code": "new-park", "region": w.park_a.region_id, "planned_area_mu": "500"}


def enterprise_payload(w):
    return {
        "uscc": f.next_uscc(),
        "name": "秦川新材料有限公司",
        "region": w.park_a.region_id,
        "park": w.park_a.pk,
        "contact_phone": "13912345678",
    }


def project_payload(w):
    return {"code": "XM-API-1", "name": "新能源电池项目", "park": w.park_a.pk, "total_investment": "80000"}


SPECS = [
    Spec(
        "parks",
        make=lambda w, park: park,
        writer="admin_user",
        create=park_payload,
        invalid=lambda w: (
            {**park_payload(w), "planned_area_mu": "100", "built_area_mu": "200"},
            "built_area_mu",
            "建成面积不能大于规划面积。",
        ),
        deactivates=True,
    ),
    Spec(
        "land-parcels",
        make=lambda w, park: f.LandParcelFactory(park=park, holder=f.EnterpriseFactory(park=park)),
        create=lambda w: {"park": w.park_a.pk, "code": "DK-API", "area_mu": "30", "status": "approved_not_acquired"},
        invalid=lambda w: (
            {"park": w.park_a.pk, "code": "DK-X", "area_mu": "30", "status": "in_use"},
            "holder",
            "已供应地块须填写用地企业。",
        ),
    ),
    Spec(
        "standard-factories",
        make=lambda w, park: f.StandardFactoryFactory(park=park),
        create=lambda w: {"park": w.park_a.pk, "name": "一号厂房", "floor_area_m2": "5000", "leased_area_m2": "100"},
        invalid=lambda w: (
            {"park": w.park_a.pk, "name": "二号厂房", "floor_area_m2": "100", "leased_area_m2": "500"},
            "leased_area_m2",
            "已出租面积不能大于建筑面积。",
        ),
    ),
    Spec(
        "innovation-carriers",
        make=lambda w, park: f.InnovationCarrierFactory(park=park),
        create=lambda w: {"park": w.park_a.pk, "name": "中试基地", "kind": "pilot_base"},
        invalid=lambda w: ({"park": w.park_a.pk, "name": "", "kind": "pilot_base"}, "name", "该字段不能为空。"),
    ),
    Spec(
        "park-factors",
        make=lambda w, park: f.ParkFactorFactory(park=park, factor="open_platform"),
        create=lambda w: {"park": w.park_a.pk, "factor": "industry_fund", "status": "planned", "quantity": "5000"},
        invalid=lambda w: (
            {"park": w.park_a.pk, "factor": "industry_fund", "status": "planned", "quantity": "-1"},
            "quantity",
            "请确保该值大于或者等于 0。",
        ),
    ),
    Spec(
        "enterprises",
        make=lambda w, park: w.ent_a if park == w.park_a else w.ent_b,
        create=enterprise_payload,
        invalid=lambda w: (
            {**enterprise_payload(w), "uscc": w.ent_b.uscc},
            "uscc",
            f"该统一社会信用代码已被“{w.ent_b.name}”使用。",
        ),
        deactivates=True,
    ),
    Spec(
        "qualifications",
        make=lambda w, park: f.QualificationFactory(enterprise=f.EnterpriseFactory(park=park)),
        create=lambda w: {"enterprise": w.ent_a.pk, "kind": f.qualification_kind().pk, "granted_on": "2025-01-01"},
        invalid=lambda w: (
            {
                "enterprise": w.ent_a.pk,
                "kind": f.qualification_kind().pk,
                "granted_on": "2025-01-01",
                "expires_on": "2024-01-01",
            },
            "expires_on",
            "到期日期不能早于发证日期。",
        ),
    ),
    Spec(
        "enterprise-stats",
        make=lambda w, park: f.EnterpriseStatFactory(enterprise=f.EnterpriseFactory(park=park)),
        create=lambda w: {"enterprise": w.ent_a.pk, "year": 2025, "month": 4, "revenue": "900", "tax": "40"},
        invalid=lambda w: (
            {"enterprise": w.ent_a.pk, "year": 2025, "month": 13, "revenue": "900"},
            "month",
            "月份应为1至12之间的整数。",
        ),
    ),
    Spec(
        "visits",
        make=lambda w, park: f.VisitFactory(enterprise=f.EnterpriseFactory(park=park)),
        create=lambda w: {"enterprise": w.ent_a.pk, "visited_on": "2025-05-06", "notes": "了解扩产用地需求"},
        invalid=lambda w: ({"enterprise": w.ent_a.pk, "visited_on": "2025-05-06"}, "notes", "该字段是必填项。"),
    ),
    Spec(
        "service-requests",
        make=lambda w, park: f.ServiceRequestFactory(enterprise=f.EnterpriseFactory(park=park)),
        create=lambda w: {
            "enterprise": w.ent_a.pk,
            "category": "finance",
            "title": "流动资金贷款",
            "description": "需要500万元流动资金贷款",
            "received_on": "2025-05-06",
            "due_on": "2025-05-20",
        },
        invalid=lambda w: (
            {
                "enterprise": w.ent_a.pk,
                "category": "finance",
                "title": "贷款",
                "description": "贷款",
                "received_on": "2025-05-06",
                "due_on": "2025-05-01",
            },
            "due_on",
            "办理时限不能早于受理日期。",
        ),
    ),
    Spec(
        "cooperations",
        make=lambda w, park: f.CooperationFactory(enterprise=f.EnterpriseFactory(park=park)),
        create=lambda w: {
            "enterprise": w.ent_a.pk,
            "partner": "西北工业大学",
            "kind": "talent",
            "signed_on": "2025-02-01",
        },
        invalid=lambda w: (
            {"enterprise": w.ent_a.pk, "partner": "西北工业大学", "kind": "talent"},
            "signed_on",
            "该字段是必填项。",
        ),
    ),
    Spec(
        "clusters",
        make=lambda w, park: f.ClusterFactory(),
        writer="officer",
        park_scoped=False,
        create=lambda w: {
            "code": "new-energy",
            "name": "新能源产业集群",
            "category": "emerging",
            "lead_department": w.officer.department_id,
        },
        invalid=lambda w: (
            {
                "code": "dup",
                "name": f.ClusterFactory(name="重复集群").name,
                "category": "emerging",
                "lead_department": w.officer.department_id,
            },
            "name",
            "具有 名称 的 产业集群 已存在。",
        ),
    ),
    Spec(
        "chains",
        make=lambda w, park: f.ChainFactory(),
        writer="officer",
        park_scoped=False,
        create=lambda w: {
            "cluster": f.ClusterFactory().pk,
            "code": "pv",
            "name": "光伏产业链",
            "lead_department": w.officer.department_id,
            "host_parks": [w.park_a.pk],
        },
        invalid=lambda w: (
            {
                "cluster": f.ClusterFactory().pk,
                "code": "pv2",
                "name": "光伏",
                "lead_department": w.officer.department_id,
                "weak_threshold": 0,
            },
            "weak_threshold",
            "请确保该值大于或者等于 1。",
        ),
    ),
    Spec(
        "chain-nodes",
        make=lambda w, park: f.ChainNodeFactory(),
        writer="officer",
        park_scoped=False,
        create=lambda w: {
            "chain": f.ChainFactory().pk,
            "stage": "upstream",
            "name": "硅料",
            "enterprises": [w.ent_a.pk],
        },
        invalid=lambda w: (
            {"chain": f.ChainFactory().pk, "stage": "upstream", "name": "电池片", "parent": f.ChainNodeFactory().pk},
            "parent",
            "上级环节必须属于同一条产业链。",
        ),
    ),
    Spec(
        "investment-leads",
        make=lambda w, park: f.InvestmentLeadFactory(target_park=park),
        create=lambda w: {
            "node": f.ChainNodeFactory().pk,
            "company_name": "深圳某电池公司",
            "target_park": w.park_a.pk,
        },
        invalid=lambda w: (
            {"node": f.ChainNodeFactory().pk, "company_name": "", "target_park": w.park_a.pk},
            "company_name",
            "该字段不能为空。",
        ),
    ),
    Spec(
        "supply-links",
        make=lambda w, park: f.SupplyLinkFactory(
            supplier=f.EnterpriseFactory(park=park), customer=f.EnterpriseFactory(park=park)
        ),
        create=lambda w: {
            "supplier": w.ent_a.pk,
            "customer": f.EnterpriseFactory(park=w.park_a).pk,
            "product": "电芯",
            "annual_amount": "300",
            "year": 2025,
        },
        invalid=lambda w: (
            {"supplier": w.ent_a.pk, "customer": w.ent_a.pk, "product": "电芯", "annual_amount": "300", "year": 2025},
            "customer",
            "企业不能与自身建立配套关系。",
        ),
    ),
    Spec(
        "projects",
        make=lambda w, park: f.ProjectFactory(park=park),
        create=project_payload,
        invalid=lambda w: (
            {**project_payload(w), "planned_start_on": "2025-06-01", "planned_finish_on": "2025-01-01"},
            "planned_finish_on",
            "计划竣工日期不能早于计划开工日期。",
        ),
        deactivates=True,
    ),
    Spec(
        "project-plans",
        make=lambda w, park: f.ProjectPlanFactory(project=f.ProjectFactory(park=park)),
        create=lambda w: {"project": f.ProjectFactory(park=w.park_a).pk, "year": 2026, "planned_investment": "20000"},
        invalid=lambda w: (
            {"project": f.ProjectFactory(park=w.park_a).pk, "year": 1990, "planned_investment": "20000"},
            "year",
            "请确保该值大于或者等于 2000。",
        ),
    ),
    Spec(
        "project-progress",
        make=lambda w, park: f.ProjectProgressFactory(project=f.ProjectFactory(park=park)),
        create=lambda w: {
            "project": f.ProjectFactory(park=w.park_a).pk,
            "year": 2025,
            "month": 5,
            "completed_investment": "800",
        },
        invalid=lambda w: (
            {"project": f.ProjectFactory(park=w.park_a).pk, "year": 2025, "month": 0, "completed_investment": "800"},
            "month",
            "月份应为1至12之间的整数。",
        ),
    ),
    Spec(
        "policies",
        make=lambda w, park: f.PolicyFactory(),
        writer="officer",
        park_scoped=False,
        create=lambda w: {
            "title": "关于支持先进制造业的若干措施",
            "issuer": "市人民政府",
            "issued_on": "2025-03-01",
            "department": w.officer.department_id,
        },
        invalid=lambda w: (
            {
                "title": "措施",
                "issuer": "市人民政府",
                "issued_on": "2025-03-01",
                "department": w.officer.department_id,
                "valid_from": "2025-06-01",
                "valid_until": "2025-01-01",
            },
            "valid_until",
            "有效期止不能早于有效期起。",
        ),
        deactivates=True,
    ),
    Spec(
        "measures",
        make=lambda w, park: f.MeasureFactory(),
        writer="officer",
        park_scoped=False,
        create=lambda w: {
            "policy": f.PolicyFactory().pk,
            "title": "设备投资补助",
            "kind": "subsidy",
            "department": w.officer.department_id,
            "amount_rule": {"type": "ratio", "ratio": "0.2", "cap": "200"},
            "budget": "1000",
        },
        invalid=lambda w: (
            {
                "policy": f.PolicyFactory().pk,
                "title": "设备投资补助",
                "kind": "subsidy",
                "department": w.officer.department_id,
                "amount_rule": {"type": "fixed", "amount": "10"},
                "budget": "1000",
                "opens_on": "2025-06-01",
                "closes_on": "2025-05-01",
            },
            "closes_on",
            "申报截止日期不能早于申报开始日期。",
        ),
        deactivates=True,
    ),
    Spec(
        "applications",
        make=lambda w, park: f.ApplicationFactory(enterprise=f.EnterpriseFactory(park=park)),
        create=lambda w: {
            "enterprise": w.ent_a.pk,
            "measure": f.MeasureFactory(amount_rule={"type": "ratio", "ratio": "0.2", "cap": "50"}).pk,
            "year": 2025,
            "base_amount": "100",
        },
        invalid=lambda w: (
            {
                "enterprise": w.ent_a.pk,
                "measure": f.MeasureFactory(amount_rule={"type": "ratio", "ratio": "0.2"}).pk,
                "year": 2025,
            },
            "base_amount",
            "该事项的奖补金额按基数计算，请填写基数金额。",
        ),
    ),
    Spec(
        "targets",
        make=lambda w, park: f.TargetFactory(),
        writer="officer",
        park_scoped=False,
        create=lambda w: {
            "indicator": f.IndicatorFactory().code,
            "subject_type": "park",
            "subject_id": w.park_a.pk,
            "year": 2026,
            "value": "30",
        },
        invalid=lambda w: (
            {
                "indicator": f.IndicatorFactory().code,
                "subject_type": "region",
                "subject_id": w.park_a.pk,
                "year": 2026,
                "value": "30",
            },
            "subject_id",
            "全域目标无需选择对象。",
        ),
    ),
]

READ_ONLY = [
    Spec("park-months", make=lambda w, park: f.ParkMonthFactory(park=park)),
    Spec("park-evaluations", make=lambda w, park: make_evaluation(park)),
    Spec("reports", make=lambda w, park: make_report(park), park_scoped=False),
]


def make_evaluation(park):
    from reports.models import ParkEvaluation

    return ParkEvaluation.objects.create(
        scheme=f.EvaluationSchemeFactory(),
        park=park,
        year=2025,
        month=6,
        total_score=Decimal("85"),
        grade="good",
        rank=1,
        park_count=2,
    )


def make_report(park):
    from reports.models import Report

    return Report.objects.create(
        kind="monthly_bulletin", year=2025, period=3, title="2025年3月园区月通报", status="done"
    )


ALL = SPECS + READ_ONLY


def url(spec, pk=None):
    return f"/api/{spec.route}/" + (f"{pk}/" if pk is not None else "")


def model_of(obj):
    return type(obj)


@pytest.mark.parametrize("spec", ALL, ids=str)
def test_list_and_detail(api, world, spec):
    obj = spec.make(world, world.park_a)
    reader = world.staff_a if spec.park_scoped else world.officer
    listed = api(reader).get(url(spec), {"page_size": 100})
    assert listed.status_code == 200, listed.content
    assert obj.pk in [row["id"] for row in listed.json()["results"]]
    assert listed.json()["count"] >= 1
    detail = api(reader).get(url(spec, obj.pk))
    assert detail.status_code == 200
    assert detail.json()["id"] == obj.pk


@pytest.mark.parametrize("spec", [s for s in ALL if s.park_scoped], ids=str)
def test_another_parks_row_is_404(api, world, spec):
    obj = spec.make(world, world.park_a)
    client = api(world.staff_b)
    assert client.get(url(spec, obj.pk)).status_code == 404
    assert obj.pk not in [row["id"] for row in client.get(url(spec), {"page_size": 500}).json()["results"]]
    if spec in SPECS:
        assert client.patch(url(spec, obj.pk), {}, format="json").status_code == 404
        assert client.delete(url(spec, obj.pk)).status_code == 404
        assert model_of(obj)._base_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_leader_writes_are_403_and_change_nothing(api, world, spec):
    obj = spec.make(world, world.park_a)
    model = model_of(obj)
    before = model._base_manager.count()
    version = model._base_manager.get(pk=obj.pk).version
    client = api(world.leader)
    assert client.get(url(spec, obj.pk)).status_code == 200
    assert client.post(url(spec), spec.create(world), format="json").status_code == 403
    assert client.patch(url(spec, obj.pk), {}, format="json").status_code == 403
    assert client.delete(url(spec, obj.pk)).status_code == 403
    assert model._base_manager.count() == before
    assert model._base_manager.get(pk=obj.pk).version == version


@pytest.mark.parametrize("spec", ALL, ids=str)
def test_anonymous_is_401(api, world, spec):
    obj = spec.make(world, world.park_a)
    assert api().get(url(spec)).status_code == 401
    assert api().get(url(spec, obj.pk)).status_code == 401


@pytest.mark.parametrize("spec", READ_ONLY, ids=str)
def test_read_only_endpoints_refuse_writes(api, world, spec):
    obj = spec.make(world, world.park_a)
    client = api(world.admin_user)
    assert client.post(url(spec), {}, format="json").status_code == 405
    assert client.patch(url(spec, obj.pk), {}, format="json").status_code == 405
    assert client.delete(url(spec, obj.pk)).status_code == 405


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_create_update_delete(api, world, spec):
    writer = getattr(world, spec.writer)
    client = api(writer)
    created = client.post(url(spec), spec.create(world), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    model = model_of(spec.make(world, world.park_a))
    row = model._base_manager.get(pk=body["id"])
    assert row.created_by_id == writer.pk and row.version == 1 and body["version"] == 1
    assert row.history.count() == 1

    updated = client.patch(url(spec, row.pk), {"version": 1}, format="json")
    assert updated.status_code == 200, updated.content
    assert model._base_manager.get(pk=row.pk).version == 2

    stale = client.patch(url(spec, row.pk), {"version": 1}, format="json")
    assert stale.status_code == 409
    assert model._base_manager.get(pk=row.pk).version == 2

    deleted = client.delete(url(spec, row.pk))
    if spec.deactivates:
        assert deleted.status_code == 200
        assert deleted.json()["is_active"] is False
        assert model._base_manager.filter(pk=row.pk, is_active=False).exists()
    else:
        assert deleted.status_code == 204
        assert not model._base_manager.filter(pk=row.pk).exists()


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_invalid_input_is_400_with_the_fields_message(api, world, spec):
    payload, field, message = spec.invalid(world)
    model = model_of(spec.make(world, world.park_a))
    before = model._base_manager.count()
    response = api(getattr(world, spec.writer)).post(url(spec), payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()[field] == [message]
    assert model._base_manager.count() == before
