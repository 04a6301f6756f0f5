"""Headless Chromium (the system one) driven by Playwright against the live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
INSTALL_HINT = "Chromium not found: install it with `apt-get install -y chromium` to run the browser tests"


@pytest.fixture(scope="session")
def browser_instance():
    if not os.path.exists(CHROMIUM):
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls the live server makes happen
    # in its own thread, and the test's own ORM calls are synchronous by design.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser_instance, live_server):
    context = browser_instance.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.live_server_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login_page(page):
    """``login_page(user)``: the page, logged in through the real login form."""
    from tests.personas import PASSWORD

    def login(user, password=PASSWORD):
        page.goto(page.live_server_url + "/login/")
        if not page.locator("#id_username").count():  # a navigation still under way replaced it
            page.wait_for_load_state("networkidle")
            page.goto(page.live_server_url + "/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        with page.expect_navigation():  # the POST's answer, not the login page already loaded
            page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return login


def pytest_report_header(config):
    if not os.path.exists(CHROMIUM):
        return INSTALL_HINT + "; browser tests will be skipped."
    return None
