"""Shared fixtures: personas (STYLE.md "Tests"), the browser, the real Celery worker."""

import os

import pytest

pytest_plugins = ["tests.personas", "tests.browser", "tests.worker"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (PORTAL_NO_SKIPS=1) a skipped test is a failed test: browser and PostgreSQL tests
    must really run there."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("PORTAL_NO_SKIPS") == "1" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which forbids skips: {reason}"


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
