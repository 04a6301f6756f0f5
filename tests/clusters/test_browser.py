"""As an officer would: add a missing node and see completeness fall; add a lead for it, move it
along and mark it as landed, which creates the enterprise and the project."""

from decimal import Decimal

import pytest

from clusters.models import ChainNode, InvestmentLead
from enterprises.models import Enterprise
from projects.models import Project
from tests import factories as f
from tests.officers.shots import load_reference_data, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def test_chain_gap_to_landed_project(login_page, officer, park_a, region):
    chain = f.ChainFactory(name="新能源汽车", weak_threshold=1)
    node = f.ChainNodeFactory(chain=chain, stage="midstream", name="电芯")
    node.enterprises.add(f.EnterpriseFactory(park=park_a, above_size=True, name="本地电池公司"))
    page = login_page(officer)
    page.goto(f"{page.live_server_url}/clusters/chains/{chain.pk}/")
    assert page.locator("[data-testid=completeness]").inner_text() == "100.0%"

    form = page.locator("[data-testid=add-node-upstream]")
    form.locator("input[name=name]").fill("正极材料")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=completeness]").inner_text() == "50.0%"
    assert page.locator("[data-testid=node][data-name=正极材料]").get_attribute("data-status") == "missing"
    shot(page, "chain")
    new_node = ChainNode.objects.get(chain=chain, name="正极材料")

    page.locator("[data-testid=gap-list] [data-testid=add-lead]").first.click()
    page.wait_for_load_state()
    assert page.locator("#id_node").input_value() == str(new_node.pk)
    page.fill("#id_company_name", "深圳某材料公司")
    page.fill("#id_location", "深圳")
    page.select_option("#id_target_park", str(park_a.pk))
    page.fill("#id_expected_investment", "50000")
    page.click("form.portal-form button[type=submit]")
    page.wait_for_load_state()
    lead = InvestmentLead.objects.get(company_name="深圳某材料公司")
    assert lead.node == new_node

    for stage in ("negotiating", "signed"):
        page.click(f"[data-testid=move-{stage}]")
        page.wait_for_load_state()
    assert page.locator("[data-testid=lead-stage]").inner_text() == "签约"
    page.click("[data-testid=land]")
    page.wait_for_load_state()
    uscc = f.next_uscc()
    page.fill("#id_enterprise_uscc", uscc)
    page.select_option("#id_enterprise_region", str(region.pk))
    page.fill("#id_project_code", "XM-2025-LAND")
    page.fill("#id_project_name", "正极材料生产基地")
    page.click("form.portal-form button[type=submit]")
    page.wait_for_load_state()
    shot(page, "lead_landed")

    assert page.locator("[data-testid=lead-stage]").inner_text() == "落地"
    enterprise = Enterprise.objects.get(uscc=uscc)
    project = Project.objects.get(code="XM-2025-LAND")
    assert enterprise.name == "深圳某材料公司" and enterprise.park == park_a
    assert project.investor == enterprise and project.lead == lead and project.total_investment == Decimal("50000")
    assert page.locator("[data-testid=landed-project]").inner_text() == "正极材料生产基地"

    page.goto(f"{page.live_server_url}/clusters/chains/{chain.pk}/")
    assert page.locator("[data-testid=completeness]").inner_text() == "100.0%"
