"""Chain nodes, enterprises on nodes, the lead pipeline and landing (services and selectors)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clusters import selectors, services
from clusters.models import ChainNode, InvestmentLead
from enterprises.models import Enterprise
from portal.models import Region
from projects.models import Project
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """The messages are checked in Chinese, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def chain(department):
    return f.ChainFactory(weak_threshold=2)


def test_adding_a_missing_node_lowers_completeness(chain, officer, park_a):
    node = f.ChainNodeFactory(chain=chain, stage="upstream")
    node.enterprises.add(f.EnterpriseFactory(park=park_a))
    assert selectors.chain_map(user=officer, chain=chain)["completeness"] == Decimal("1")
    services.node_create(user=officer, chain=chain, data={"name": "Wafers", "stage": "upstream"})
    chain_map = selectors.chain_map(user=officer, chain=chain)
    assert chain_map["completeness"] == Decimal("0.5")
    assert [(n.name, n.status) for n in chain_map["gaps"]] == [(node.name, "weak"), ("Wafers", "missing")]
    new = ChainNode.objects.get(name="Wafers")
    assert new.history.first().history_change_reason == "新增环节"


def test_node_status_by_hand(chain, officer, park_a):
    missing = f.ChainNodeFactory(chain=chain, stage="upstream")
    weak = f.ChainNodeFactory(chain=chain, stage="midstream")
    strong = f.ChainNodeFactory(chain=chain, stage="downstream")
    weak.enterprises.add(f.EnterpriseFactory(park=park_a), f.EnterpriseFactory(park=park_a))  # none above size
    strong.enterprises.add(f.EnterpriseFactory(park=park_a, above_size=True), f.EnterpriseFactory(park=park_a))
    statuses = {n.pk: n.status for n in selectors.chain_map(user=officer, chain=chain)["nodes"]}
    assert statuses == {missing.pk: "missing", weak.pk: "weak", strong.pk: "strong"}


def test_child_takes_parent_stage_and_move_restages_children(chain, officer):
    parent = services.node_create(user=officer, chain=chain, data={"name": "Cells", "stage": "midstream"})
    child = services.node_create(user=officer, chain=chain, data={"name": "Cathode", "parent": parent})
    assert child.stage == "midstream"
    services.node_move(user=officer, node=parent, parent=None, stage="upstream")
    child.refresh_from_db()
    assert child.stage == "upstream"
    with pytest.raises(ValidationError) as exc:
        services.node_move(user=officer, node=parent, parent=child)
    assert exc.value.message_dict["parent"] == ["环节不能放在自身或其下级环节之下。"]


def test_reorder_swaps_siblings(chain, officer):
    a = services.node_create(user=officer, chain=chain, data={"name": "A", "stage": "upstream"})
    b = services.node_create(user=officer, chain=chain, data={"name": "B", "stage": "upstream"})
    services.node_reorder(user=officer, node=b, direction=-1)
    order = list(ChainNode.objects.filter(chain=chain).order_by("sort_order").values_list("name", flat=True))
    assert order == ["B", "A"]
    services.node_reorder(user=officer, node=b, direction=-1)  # already first: nothing moves
    assert list(ChainNode.objects.filter(chain=chain).order_by("sort_order").values_list("pk", flat=True)) == [
        b.pk,
        a.pk,
    ]


def test_duplicate_node_name_refused(chain, officer):
    services.node_create(user=officer, chain=chain, data={"name": "A", "stage": "upstream"})
    with pytest.raises(ValidationError):
        services.node_create(user=officer, chain=chain, data={"name": "A", "stage": "downstream"})
    assert ChainNode.objects.filter(chain=chain).count() == 1


def test_node_delete_refused_while_it_carries_enterprises(chain, officer, park_a):
    node = f.ChainNodeFactory(chain=chain)
    enterprise = f.EnterpriseFactory(park=park_a)
    services.node_attach_enterprise(user=officer, node=node, enterprise=enterprise)
    with pytest.raises(ValidationError) as exc:
        services.node_delete(user=officer, node=node)
    assert exc.value.messages == ["该环节挂有企业，请先移除企业。"]
    with pytest.raises(ValidationError):
        services.node_attach_enterprise(user=officer, node=node, enterprise=enterprise)
    services.node_detach_enterprise(user=officer, node=node, enterprise=enterprise)
    services.node_delete(user=officer, node=node)
    assert not ChainNode.objects.filter(pk=node.pk).exists()


def test_local_matching_rate_by_hand(chain, officer, park_a, region, settings):
    settings.PORTAL_REGION_CODE = "610100"
    node = f.ChainNodeFactory(chain=chain)
    customer = f.EnterpriseFactory(park=park_a)
    node.enterprises.add(customer)
    outside_region = Region.objects.create(code="440300", name="Shenzhen", level="city")
    local_in_park = f.EnterpriseFactory(park=park_a)
    local_no_park = f.EnterpriseFactory(park=None)  # registered in 610112, under 610100
    outside = f.EnterpriseFactory(park=None, region=outside_region)
    f.SupplyLinkFactory(supplier=local_in_park, customer=customer, annual_amount=Decimal("300"), year=2025)
    f.SupplyLinkFactory(supplier=local_no_park, customer=customer, annual_amount=Decimal("100"), year=2025)
    f.SupplyLinkFactory(supplier=outside, customer=customer, annual_amount=Decimal("600"), year=2025)
    f.SupplyLinkFactory(supplier=outside, customer=customer, product="old", annual_amount=Decimal("999"), year=2024)
    assert selectors.chain_local_matching(chain) == (2025, Decimal("0.4000"))


# -- the lead pipeline ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target"),
    [("contacted", "negotiating"), ("negotiating", "signed"), ("signed", "dropped"), ("dropped", "contacted")],
)
def test_lead_allowed_moves(officer, start, target):
    lead = f.InvestmentLeadFactory(stage=start)
    services.lead_move(user=officer, lead=lead, stage=target, note="call on Monday")
    lead.refresh_from_db()
    assert lead.stage == target
    assert "call on Monday" in lead.history.first().history_change_reason


@pytest.mark.parametrize(
    ("start", "target"),
    [("contacted", "signed"), ("negotiating", "contacted"), ("landed", "dropped"), ("dropped", "signed")],
)
def test_lead_refused_moves(officer, start, target):
    lead = f.InvestmentLeadFactory(stage=start)
    with pytest.raises(ValidationError) as exc:
        services.lead_move(user=officer, lead=lead, stage=target)
    labels = {"contacted": "接洽", "negotiating": "洽谈", "signed": "签约", "landed": "落地", "dropped": "放弃"}
    assert exc.value.messages == [f"当前状态“{labels[start]}”不能变更为“{labels[target]}”。"]
    lead.refresh_from_db()
    assert lead.stage == start


def test_landing_is_not_a_plain_move(officer):
    lead = f.InvestmentLeadFactory(stage="signed")
    with pytest.raises(ValidationError) as exc:
        services.lead_move(user=officer, lead=lead, stage="landed")
    assert exc.value.message_dict["stage"] == ["线索落地须同时登记企业和项目，请使用“标记落地”。"]


def project_data(code="XM-LAND-1"):
    return {"code": code, "name": "Battery plant", "total_investment": Decimal("80000")}


def test_lead_land_creates_enterprise_and_project(officer, park_a, region):
    lead = f.InvestmentLeadFactory(stage="signed", target_park=park_a)
    uscc = f.next_uscc()
    lead, enterprise, project = services.lead_land(
        user=officer,
        lead=lead,
        enterprise_data={"uscc": uscc, "name": "Landed Co.", "region": region, "park": park_a},
        project_data=project_data(),
    )
    lead.refresh_from_db()
    assert lead.stage == "landed" and lead.landed_enterprise == enterprise
    assert Enterprise.objects.get(uscc=uscc).park == park_a
    assert project.investor == enterprise and project.lead == lead and project.park == park_a
    assert project.chain == lead.node.chain
    assert lead.node.enterprises.filter(pk=enterprise.pk).exists()


def test_lead_land_writes_nothing_on_error(officer, park_a, region):
    lead = f.InvestmentLeadFactory(stage="signed", target_park=park_a)
    f.ProjectFactory(code="XM-TAKEN")
    before = (Enterprise.objects.count(), Project.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.lead_land(
            user=officer,
            lead=lead,
            enterprise_data={"uscc": f.next_uscc(), "name": "Landed Co.", "region": region, "park": park_a},
            project_data=project_data("XM-TAKEN"),
        )
    assert "project_code" in exc.value.message_dict
    assert (Enterprise.objects.count(), Project.objects.count()) == before
    lead.refresh_from_db()
    assert lead.stage == "signed"


def test_lead_land_bad_uscc_is_a_field_error(officer, park_a, region):
    lead = f.InvestmentLeadFactory(stage="signed", target_park=park_a)
    with pytest.raises(ValidationError) as exc:
        services.lead_land(
            user=officer,
            lead=lead,
            enterprise_data={"uscc": "91610112MA0000000X", "name": "Bad", "region": region, "park": park_a},
            project_data=project_data(),
        )
    assert "enterprise_uscc" in exc.value.message_dict
    assert not Enterprise.objects.filter(name="Bad").exists()


def test_lead_land_links_an_existing_enterprise(officer, park_a):
    lead = f.InvestmentLeadFactory(stage="signed", target_park=park_a)
    existing = f.EnterpriseFactory(park=park_a)
    count = Enterprise.objects.count()
    services.lead_land(user=officer, lead=lead, enterprise=existing, project_data=project_data())
    assert Enterprise.objects.count() == count
    assert InvestmentLead.objects.get(pk=lead.pk).landed_enterprise == existing


def test_lead_land_refused_before_signing(officer, park_a):
    lead = f.InvestmentLeadFactory(stage="negotiating", target_park=park_a)
    with pytest.raises(ValidationError):
        services.lead_land(user=officer, lead=lead, enterprise=f.EnterpriseFactory(), project_data=project_data())
    assert not Project.objects.filter(code="XM-LAND-1").exists()


# -- query counts -----------------------------------------------------------------------------


def build_chain(chain, n, park):
    for i in range(n):
        node = f.ChainNodeFactory(chain=chain, stage=["upstream", "midstream", "downstream"][i % 3])
        child = f.ChainNodeFactory(chain=chain, stage=node.stage, parent=node)
        supplier, customer = f.EnterpriseFactory(park=park), f.EnterpriseFactory(park=park, above_size=True)
        node.enterprises.add(customer)
        child.enterprises.add(supplier)
        chain.chain_masters.add(customer)
        f.InvestmentLeadFactory(node=child, target_park=park)
        f.SupplyLinkFactory(supplier=supplier, customer=customer)


def chain_page_queries(client, chain):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/clusters/chains/{chain.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_chain_page_queries_do_not_grow(client_for, officer, park_a):
    client = client_for(officer)
    small, large = f.ChainFactory(), f.ChainFactory()
    build_chain(small, 2, park_a)
    build_chain(large, 20, park_a)
    assert chain_page_queries(client, small) == chain_page_queries(client, large)
