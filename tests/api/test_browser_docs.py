"""The API documentation page renders in a real browser under the portal's strict CSP: no policy
violation, no request leaves the portal, and the operations are listed.

The page needs no rows, so the test serves the portal from a server thread of its own instead of
pytest-django's ``live_server``: that one needs a transactional database, whose flush at the end
would also empty the reference tables that later tests read."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def server_url(db):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


@pytest.fixture
def docs_page(browser_instance, server_url):
    context = browser_instance.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30000)
    page.server_url = server_url
    yield page
    context.close()


def test_swagger_ui_renders_under_the_csp(docs_page):
    page = docs_page
    problems, outside = [], []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "request",
        lambda req: outside.append(req.url) if not req.url.startswith((page.server_url, "data:", "blob:")) else None,
    )
    page.goto(page.server_url + "/api/docs/")
    page.wait_for_selector(".opblock-summary-path")
    page.screenshot(path="var/test-api-docs.png")
    assert problems == []
    assert outside == []
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/aggregates/figures/" in paths and "/api/applications/" in paths
