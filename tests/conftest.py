"""Shared fixtures: personas (STYLE.md "Tests"), the browser, the real Celery worker."""

import os

import pytest

pytest_plugins = ["tests.personas", "tests.browser", "tests.worker"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request made in English by an earlier test
    leaves English active in the thread, and messages asserted in Chinese would then differ."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference data comes from data migrations; a transactional test's flush removes it, so
    load it again for the tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    from enterprises.models import Industry, QualificationKind
    from enterprises.reference import load_industries, load_qualification_kinds
    from portal.models import Department, Region
    from portal.reference import load_departments, load_regions

    if not Region.objects.exists():
        load_regions(Region)
        load_departments(Department)
    if not Industry.objects.exists():
        load_industries(Industry)
        load_qualification_kinds(QualificationKind)


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
