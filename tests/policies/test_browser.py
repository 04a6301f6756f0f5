"""As an officer would: approve two applications that together exceed the measure's budget and
see the second refused with the reason."""

from decimal import Decimal

import pytest

from policies.models import Application
from tests import factories as f
from tests.officers.shots import load_reference_data, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def test_second_approval_over_budget_is_refused(login_page, officer, park_a, department):
    measure = f.MeasureFactory(
        department=department, title="首台套奖励", budget=Decimal("100"), amount_rule={"type": "fixed", "amount": "60"}
    )
    first, second = (
        f.ApplicationFactory(
            enterprise=f.EnterpriseFactory(park=park_a),
            measure=measure,
            status=Application.Status.PARK_REVIEWED,
            computed_amount=Decimal("60"),
        )
        for _ in range(2)
    )
    page = login_page(officer)
    for application in (first, second):
        page.goto(f"{page.live_server_url}/policies/applications/{application.pk}/")
        page.fill("#id_approved_amount", "60")
        page.click("[data-testid=approve]")
        page.wait_for_load_state()
    shot(page, "application_refused")
    assert "核定 60 将超出该事项预算：剩余仅 40.00 万元。" in page.locator(".alert-danger").inner_text()
    assert page.locator("[data-testid=application-status]").inner_text() == "园区初审通过"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.approved_amount) == (Application.Status.DEPARTMENT_APPROVED, Decimal("60.00"))
    assert (second.status, second.approved_amount) == (Application.Status.PARK_REVIEWED, None)

    page.goto(f"{page.live_server_url}/policies/measures/{measure.pk}/")
    assert page.locator("[data-testid=remaining]").inner_text() == "40.00"
