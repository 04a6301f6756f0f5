"""The park clerk's month in a real browser: add an enterprise (a wrong credit code first), add a
qualification, enter the month in the grid with a flagged jump and its note, submit; the officer
returns it, the clerk corrects and resubmits, the officer approves and the month locks."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from enterprises.models import Enterprise, Industry, ParkMonth, QualificationKind
from enterprises.rules import make_uscc
from portal.periods import previous_month
from tests.factories import EnterpriseFactory, EnterpriseStatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALID = make_uscc("9", "1", "610112", "MA6CXK2Y1")
WRONG = VALID[:17] + ("0" if VALID[17] != "0" else "1")


def reference_data():
    QualificationKind.objects.get_or_create(code="high_tech", defaults={"name": "高新技术企业", "validity_years": 3})
    Industry.objects.get_or_create(code="C", defaults={"name": "制造业", "level": "section"})


def sql_one(query, params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


def month_status(park, year, month):
    row = sql_one(
        "SELECT status FROM enterprises_parkmonth WHERE park_id = %s AND year = %s AND month = %s",
        [park.pk, year, month],
    )
    return row and row[0]


def switch_user(page, login_page, user):
    # The last click may still be navigating (a form's POST and its redirect): let it land before
    # the cookies go, or the login page's load is cut off by it.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    return login_page(user)


def test_park_month_journey(page, login_page, staff_a, officer, park_a, region):
    reference_data()
    today = datetime.date.today()
    year, month = previous_month(today.year, today.month)
    last_year, last_month = previous_month(year, month)
    grid_url = f"{page.live_server_url}/enterprises/figures/?park={park_a.pk}&year={year}&month={month}"

    # 1. A new enterprise with a wrong check digit: the exact error next to the field, nothing saved.
    login_page(staff_a)
    page.goto(page.live_server_url + "/enterprises/new/")
    page.fill("#id_uscc", WRONG)
    page.fill("#id_name", "西安星火精密制造有限公司")
    page.select_option("#id_region", str(region.pk))
    page.select_option("#id_park", str(park_a.pk))
    page.click("form.portal-form button[type=submit]")
    error = page.locator(".invalid-feedback[data-field=uscc]")
    assert error.inner_text().strip() == f"校验码（第18位）应为“{VALID[17]}”，而非“{WRONG[17]}”。"
    page.wait_for_selector("#id_uscc.is-invalid")  # the field itself is marked
    assert sql_one("SELECT COUNT(*) FROM enterprises_enterprise", [])[0] == 0

    # 2. Fixed (typed with spaces, as people do): saved, and the profile opens.
    page.fill("#id_uscc", " ".join([VALID[:6], VALID[6:12], VALID[12:]]))
    page.click("form.portal-form button[type=submit]")
    page.wait_for_url("**/enterprises/*/")
    enterprise = Enterprise.objects.get(uscc=VALID)
    assert "西安星火精密制造有限公司" in page.locator("h1").inner_text()

    # 3. A qualification from the profile: the enterprise is already chosen.
    page.click("[data-testid=add-qualification]")
    assert page.locator("#id_enterprise").input_value() == str(enterprise.pk)
    page.select_option("#id_kind", str(QualificationKind.objects.get(code="high_tech").pk))
    page.fill("#id_certificate_no", "GR202461000123")
    page.fill("#id_granted_on", f"{today.year - 1}-11-15")
    page.click("form.portal-form button[type=submit]")
    page.wait_for_url("**/qualifications/*/")
    query = "SELECT certificate_no FROM enterprises_qualification WHERE enterprise_id = %s"
    certificate = sql_one(query, [enterprise.pk])
    assert certificate == ("GR202461000123",)

    # 4. The grid: last month's revenue was 100; 500 is a jump over 300% and is flagged.
    EnterpriseStatFactory(enterprise=enterprise, year=last_year, month=last_month, revenue=Decimal("100"), tax=10)
    EnterpriseFactory(park=park_a, name="西安甲乙企业", industry=None)  # a second row, below (sorted by name)
    page.goto(grid_url)
    row = page.locator(f"tr[data-enterprise='{enterprise.pk}']")
    revenue = row.locator("td[data-field=revenue] input")
    revenue.click()
    revenue.fill("500")
    page.keyboard.press("Tab")  # to tax, same row
    assert page.evaluate("document.activeElement.name") == "tax"
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # the cell below: the other enterprise's tax; leaving the row saves it
    assert page.evaluate("document.activeElement.closest('tr').dataset.enterprise") != str(enterprise.pk)
    row.locator("td[data-field=revenue].flagged").wait_for()
    assert "超过300%" in row.locator("td[data-field=revenue] [data-msg]").inner_text()
    revenue_db, tax_db = sql_one(
        "SELECT revenue, tax FROM enterprises_enterprisestat WHERE enterprise_id = %s AND year = %s AND month = %s",
        [enterprise.pk, year, month],
    )
    assert (float(revenue_db), float(tax_db)) == (500.0, 12.0)

    # 5. Submitting without a note is refused, saying which enterprise needs one.
    page.click("[data-testid=submit-month]")
    page.wait_for_load_state("networkidle")
    assert "提交前请为标记异常的数据填写说明：西安星火精密制造有限公司。" in page.content()
    assert month_status(park_a, year, month) == "draft"

    # 6. With the note, the month is submitted.
    note = page.locator(f"tr[data-enterprise='{enterprise.pk}'] input[name=note]")
    note.fill("新生产线投产")
    page.click("[data-testid=submit-month]")  # saves the changed row first, then submits
    page.wait_for_load_state("networkidle")
    page.locator("[data-testid=month-status]", has_text="已提交").wait_for()
    assert month_status(park_a, year, month) == "submitted"

    # 7. The officer returns it with a reason.
    switch_user(page, login_page, officer)
    page.goto(grid_url)
    page.fill("[data-testid=return-reason-input]", "税收偏低，请核实")
    page.click("[data-testid=return-month]")
    page.locator("[data-testid=month-status]", has_text="退回").wait_for()
    assert month_status(park_a, year, month) == "returned"

    # 8. The clerk sees the reason, corrects the tax and resubmits.
    switch_user(page, login_page, staff_a)
    page.goto(grid_url)
    assert "税收偏低，请核实" in page.locator("[data-testid=return-reason]").inner_text()
    tax = page.locator(f"tr[data-enterprise='{enterprise.pk}'] td[data-field=tax] input")
    tax.fill("15")
    page.click("[data-testid=save-all]")
    page.locator(f"tr[data-enterprise='{enterprise.pk}'].saved").wait_for()
    page.click("[data-testid=submit-month]")
    page.locator("[data-testid=month-status]", has_text="已提交").wait_for()
    assert (
        float(
            sql_one(
                "SELECT tax FROM enterprises_enterprisestat WHERE enterprise_id = %s AND year = %s AND month = %s",
                [enterprise.pk, year, month],
            )[0]
        )
        == 15.0
    )

    # 9. The officer approves; the month locks: read-only cells, and a save is refused.
    switch_user(page, login_page, officer)
    page.goto(grid_url)
    page.click("[data-testid=approve-month]")
    page.locator("[data-testid=month-status]", has_text="已审核").wait_for()
    assert month_status(park_a, year, month) == ParkMonth.Status.APPROVED
    switch_user(page, login_page, staff_a)
    page.goto(grid_url)
    assert (
        page.locator(f"tr[data-enterprise='{enterprise.pk}'] td[data-field=tax] input").get_attribute("readonly")
        is not None
    )
    assert page.locator("[data-testid=submit-month]").count() == 0
    status = page.evaluate(
        """async (args) => {
            const token = document.querySelector('body').getAttribute('hx-headers');
            const csrf = JSON.parse(token)['X-CSRFToken'];
            const r = await fetch('/enterprises/figures/save/', {method: 'POST', headers: {'X-CSRFToken': csrf,
              'Content-Type': 'application/json'}, body: JSON.stringify({park: args[0], year: args[1], month: args[2],
              rows: [{enterprise: args[3], values: {tax: '99'}}]})});
            return r.status;
        }""",
        [park_a.pk, year, month, enterprise.pk],
    )
    assert status == 409
    assert (
        float(
            sql_one(
                "SELECT tax FROM enterprises_enterprisestat WHERE enterprise_id = %s AND year = %s AND month = %s",
                [enterprise.pk, year, month],
            )[0]
        )
        == 15.0
    )


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_visit_form_and_profile_work_on_a_phone(page, login_page, staff_a, park_a):
    reference_data()
    enterprise = EnterpriseFactory(park=park_a, industry=None)
    page.set_viewport_size({"width": 375, "height": 812})
    login_page(staff_a)
    page.goto(f"{page.live_server_url}/enterprises/{enterprise.pk}/")
    assert no_horizontal_overflow(page)
    page.locator("#profile-chart canvas").wait_for()
    page.click("[data-testid=add-visit]")
    assert no_horizontal_overflow(page)
    assert page.locator("#id_visited_on").input_value() == datetime.date.today().isoformat()
    page.fill("#id_notes", "走访了解扩产用地需求")
    page.click("form.portal-form button[type=submit]")
    page.wait_for_url("**/visits/*/")
    assert sql_one("SELECT notes, officer_id FROM enterprises_visit WHERE enterprise_id = %s", [enterprise.pk]) == (
        "走访了解扩产用地需求",
        staff_a.pk,
    )
