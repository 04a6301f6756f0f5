"""A leader in a real browser: the cockpit and its charts, the period filter, four clicks from a
cluster to an enterprise, the big screen at 1920×1080, and no edit buttons anywhere."""

import re
from pathlib import Path

import pytest

# serialized_rollback: the reference data of the migrations is back for the tests that follow
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VAR = Path(__file__).resolve().parents[2] / "var"
EDIT = re.compile(r"^\s*(Edit|编辑|修改|Delete|删除)\s*$")

CANVAS_PAINTED = """id => {
  const canvas = document.querySelector('#' + id + ' canvas');
  if (!canvas || !canvas.width || !canvas.height) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return painted;
}"""


@pytest.fixture
def browser_world(region, department):
    from enterprises.models import Industry, QualificationKind
    from enterprises.reference import load_industries, load_qualification_kinds
    from portal.models import Department
    from tests.dashboard.conftest import build_world

    load_industries(Industry)
    load_qualification_kinds(QualificationKind)
    Department.objects.get_or_create(code="fgw", defaults={"name": "发展和改革委员会"})
    return build_world(1)


def assert_no_edit_buttons(page):
    for el in page.locator("a, button, input[type=submit]").all():
        text = el.inner_text() if el.is_visible() else ""
        assert not EDIT.match(text), f"edit control {text!r} on {page.url}"
    assert "/edit/" not in page.content()


def poll(page, expression, arg=None, until=bool, seconds=15):
    """page.evaluate until ``until(value)``; wait_for_function would need 'unsafe-eval' (our CSP)."""
    value = None
    for _ in range(int(seconds * 10)):
        value = page.evaluate(expression, arg)
        if until(value):
            return value
        page.wait_for_timeout(100)
    return value


def wait_painted(page, chart_id):
    page.wait_for_selector(f"#{chart_id} canvas")
    return poll(page, CANVAS_PAINTED, chart_id, until=lambda n: n > 500)


def test_leader_cockpit_period_and_four_clicks_to_an_enterprise(login_page, leader, browser_world):
    page = login_page(leader)
    assert "/reports/cockpit/" in page.url  # the leader's home is the cockpit
    for chart in ("chart-trend", "chart-clusters", "chart-chains"):
        assert wait_painted(page, chart) > 500, chart
    assert page.locator("[data-figure=high_tech_count]").count() == 1
    VAR.mkdir(exist_ok=True)
    page.screenshot(path=str(VAR / "cockpit.png"), full_page=True)
    assert_no_edit_buttons(page)

    # change the period: the month alone instead of 1–N月; the page and its charts follow
    page.select_option("#f-mode", "month")
    page.wait_for_url(re.compile(r"mode=month"))
    assert wait_painted(page, "chart-trend") > 500
    assert page.locator("#f-mode").input_value() == "month"
    qs_period = re.search(r"period=[\d-]+", page.url).group(0)

    # four clicks: cluster → chain → node → enterprise, the period kept in every breadcrumb
    page.locator("[data-testid=cluster-link]").first.click()  # 1
    page.wait_for_load_state("load")
    assert qs_period in page.url and "mode=month" in page.url
    assert_no_edit_buttons(page)
    page.locator("[data-testid=chain-link]").first.click()  # 2
    page.wait_for_load_state("load")
    assert wait_painted(page, "chain-map") > 500
    assert_no_edit_buttons(page)
    page.locator("[data-testid=node-link]").first.click()  # 3
    page.wait_for_load_state("load")
    assert_no_edit_buttons(page)
    name = page.locator("[data-testid=enterprise-link]").first.inner_text()
    page.locator("[data-testid=enterprise-link]").first.click()  # 4
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=enterprise-name]").inner_text() == name
    crumbs = page.locator("[data-testid=breadcrumbs] a")
    assert crumbs.count() == 4
    for i in range(crumbs.count()):
        href = crumbs.nth(i).get_attribute("href")
        assert qs_period in href and "mode=month" in href
    page.screenshot(path=str(VAR / "enterprise_profile.png"), full_page=True)
    assert_no_edit_buttons(page)


def test_leader_big_screen_at_1920_by_1080(login_page, leader, browser_world):
    page = login_page(leader)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.clock.install()  # a fake clock, to run the refresh timer without waiting three minutes
    page.goto(page.live_server_url + "/reports/bigscreen/")
    page.wait_for_selector("#bigscreen[data-loaded]")
    for chart in ("bs-trend", "bs-clusters", "bs-chains", "bs-ranking"):
        assert wait_painted(page, chart) > 500, chart
    assert page.locator(".bs-card").count() == 11
    VAR.mkdir(exist_ok=True)
    page.screenshot(path=str(VAR / "bigscreen.png"))

    # it refreshes itself from the JSON endpoint, without reloading the page
    first_load = page.get_attribute("#bigscreen", "data-loaded")
    page.evaluate("window.__still_here = true")
    with page.expect_response(lambda r: "/reports/cockpit/data/" in r.url):
        page.clock.run_for(181_000)
    loaded = "() => document.getElementById('bigscreen').dataset.loaded"
    assert poll(page, loaded, until=lambda value: value != first_load) != first_load
    assert page.evaluate("window.__still_here") is True
    assert_no_edit_buttons(page)


def test_leader_park_map(login_page, leader, browser_world):
    page = login_page(leader)
    page.goto(page.live_server_url + "/reports/parkmap/")
    assert wait_painted(page, "park-map") > 500
    page.screenshot(path=str(VAR / "park_map.png"), full_page=True)
    assert_no_edit_buttons(page)
