"""The dashboards' Celery tasks in a real worker process on the configured broker: marked rollup
groups are recomputed after commit, and a stale cockpit is recomputed in the background."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache

from enterprises.models import Enterprise
from reports.models import RollupBucket
from reports.selectors import DashboardFilter, cockpit
from tests.dashboard.conftest import MONTH, YEAR, build_world
from tests.worker import WorkerProcess

SHARED_CACHE = {"PORTAL_CACHE_PREFIX": "portal-test"}


def wait_for(predicate, timeout=90, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"{what} did not finish within {timeout} s")


def above_size_in(district):
    """Active above-size enterprises of a district today, counted by hand from the rows."""
    return sum(
        1
        for e in Enterprise.objects.filter(is_active=True, above_size=True).select_related("park")
        if e.region_id == district or (e.park and e.park.region_id == district)
    )


@pytest.fixture
def committed_world(transactional_db, region, department):
    from portal.models import Department

    Department.objects.get_or_create(code="fgw", defaults={"name": "发展和改革委员会", "short_name": "发改委"})
    cache.clear()
    world = build_world(1)
    yield world
    cache.clear()


def move_first_enterprise(world):
    """Enterprise 0 (above size, High-tech Park in 未央区) moves to the Economic Zone (雁塔区)."""
    enterprise = world["enterprises"][0]
    assert enterprise.above_size
    target = world["parks"][1]
    enterprise.park, enterprise.region = target, target.region
    enterprise.save()  # commits: its two groups are marked and reports.rollups_refresh is queued
    return world["parks"][0].region_id


@pytest.mark.celery_worker
def test_a_real_worker_recomputes_the_groups_marked_by_a_change(committed_world):
    worker = WorkerProcess(extra_env=SHARED_CACHE, log_name="dashboard-rollups")
    try:
        left = move_first_enterprise(committed_world)
        assert RollupBucket.objects.count() == 2
        wait_for(lambda: not RollupBucket.objects.exists(), what="reports.rollups_refresh")
    finally:
        worker.stop()
    cache.clear()
    card = next(
        c for c in cockpit(DashboardFilter(YEAR, MONTH, "ytd", left))["headline"] if c["code"] == "above_size_count"
    )
    assert card["value"] == above_size_in(left)


@pytest.mark.celery_worker
def test_a_real_worker_recomputes_a_stale_cockpit(committed_world):
    if not settings.REDIS_URL:
        pytest.skip("the worker and the test share figures through Redis: set REDIS_URL=redis://…")
    worker = WorkerProcess(extra_env=SHARED_CACHE, log_name="dashboard-refresh")
    try:
        left = committed_world["parks"][0].region_id
        flt = DashboardFilter(YEAR, MONTH, "ytd", left)
        before = cockpit(flt)  # cached
        move_first_enterprise(committed_world)
        wait_for(lambda: not RollupBucket.objects.exists(), what="reports.rollups_refresh")

        stale = cockpit(flt, allow_stale=True)  # the old figures, saying so; reports.dashboard_refresh queued
        assert stale["stale"] is True
        assert stale["computed_at"] == before["computed_at"]

        fresh = wait_for(
            lambda: (lambda data: data if not data.get("stale") else None)(cockpit(flt, allow_stale=True)),
            what="reports.dashboard_refresh",
        )
    finally:
        worker.stop()
    assert fresh["computed_at"] > before["computed_at"]
    card = next(c for c in fresh["headline"] if c["code"] == "above_size_count")
    assert card["value"] == above_size_in(left)
    old = next(c for c in before["headline"] if c["code"] == "above_size_count")
    assert card["value"] == old["value"] - 1  # by hand: one above-size enterprise left the district
