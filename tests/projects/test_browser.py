"""As an officer would: enter a month of project progress in the scheduling grid and see the
project turn lagging."""

from decimal import Decimal

import pytest

from projects.models import ProjectProgress
from tests import factories as f
from tests.officers.shots import load_reference_data, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def test_month_of_progress_turns_project_lagging(login_page, officer, park_a, department):
    project = f.ProjectFactory(park=park_a, department=department, name="储能电站", responsible_leader="王副区长")
    steady = f.ProjectFactory(park=park_a, department=department, name="智能装备产业园")
    for p in (project, steady):
        f.ProjectPlanFactory(project=p, year=2025, planned_investment=Decimal("1200"))
    for month in range(1, 10):  # 1–9月: 720 of 1200 each = 60% vs 75% for "steady"? no: see below
        f.ProjectProgressFactory(project=project, year=2025, month=month, completed_investment=Decimal("800") / 9)
        f.ProjectProgressFactory(project=steady, year=2025, month=month, completed_investment=Decimal("100"))
    page = login_page(officer)
    page.goto(f"{page.live_server_url}/projects/")
    row = page.locator(f"[data-testid=project-row][data-code='{project.code}']")
    assert row.get_attribute("data-lagging") == "0"  # 66.67% against 75.00%

    page.goto(f"{page.live_server_url}/projects/schedule/?year=2025&month=10")
    page.fill(f"input[name=c_{project.pk}]", "50")
    page.fill(f"textarea[name=n_{project.pk}]", "主体结构施工")
    page.fill(f"textarea[name=p_{project.pk}]", "设备到货延迟")
    page.fill(f"input[name=c_{steady.pk}]", "300")
    page.click("[data-testid=save-grid]")
    page.wait_for_load_state()
    shot(page, "grid")
    assert ProjectProgress.objects.get(project=project, year=2025, month=10).problems == "设备到货延迟"

    page.goto(f"{page.live_server_url}/projects/")
    row = page.locator(f"[data-testid=project-row][data-code='{project.code}']")
    assert row.get_attribute("data-lagging") == "1"  # 70.83% against 83.33%
    assert row.locator("[data-testid=lagging-badge]").inner_text() == "滞后"
    assert page.locator(f"[data-testid=project-row][data-code='{steady.code}']").get_attribute("data-lagging") == "0"
    shot(page, "project_list")

    page.goto(f"{page.live_server_url}/projects/lagging/")
    assert "储能电站" in page.locator("[data-testid=lagging-table]").inner_text()
    assert "王副区长" in page.content() and "智能装备产业园" not in page.content()
