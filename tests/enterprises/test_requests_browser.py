"""As an officer would: resolve a service request after its due date and see it counted as
overdue."""

import datetime

import pytest

from enterprises.models import ServiceRequest
from tests import factories as f
from tests.officers.shots import load_reference_data, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def test_late_resolution_counts_as_overdue(login_page, officer, park_a, department):
    request = f.ServiceRequestFactory(
        enterprise=f.EnterpriseFactory(park=park_a),
        title="用地指标",
        received_on=datetime.date(2025, 3, 3),
        due_on=datetime.date(2025, 3, 12),
        department=department,
        officer=officer,
    )
    page = login_page(officer)
    page.goto(f"{page.live_server_url}/enterprises/requests/{request.pk}/")
    page.click("[data-testid=start]")
    page.wait_for_load_state()
    page.fill("#id_resolution", "协调调整用地指标")
    page.fill("#id_resolved_on", "2025-03-14")
    page.click("[data-testid=resolve]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=request-status]").inner_text() == "已办结"
    assert page.locator("[data-testid=overdue-badge]").is_visible()
    assert ServiceRequest.objects.get(pk=request.pk).resolved_on == datetime.date(2025, 3, 14)

    page.goto(f"{page.live_server_url}/enterprises/requests/overdue/")
    assert page.locator("[data-testid=request-row][data-title=用地指标]").get_attribute("data-overdue") == "1"
    page.goto(f"{page.live_server_url}/enterprises/requests/rates/?year=2025")
    shot(page, "request_rates")
    totals = page.locator("[data-testid=rates-all] tbody tr").inner_text()
    assert totals.split() == ["全部", "1", "1", "1", "100.0%", "0.0%", "—"]
