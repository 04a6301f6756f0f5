"""Faults (docs/operations.md): a worker killed in the middle of an export, jobs left running by a
dead worker, and Redis unavailable.  Concurrency tests that exist elsewhere are listed in
docs/operations.md, not repeated here."""

import datetime
import json
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.jobs import jobs_fail_stale
from portal.models import Job
from tests import factories
from tests.worker import ROOT, WorkerProcess, kill_pool_child, kill_worker, worker_env

STALE = "任务未完成就中断了（处理进程已停止或丢失），请重新发起。"


def old(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_jobs_a_dead_worker_left_are_failed_with_a_message_the_page_shows(officer, client_for):
    running = Job.objects.create(kind="export", user=officer, status="running", started_at=old(120))
    lost = Job.objects.create(kind="export", user=officer, status="queued", created_at=old(120))
    waiting_import = Job.objects.create(kind="import", user=officer, status="queued", created_at=old(600))
    fresh = Job.objects.create(kind="export", user=officer, status="running", started_at=old(5))
    assert sorted(jobs_fail_stale(minutes=90)) == sorted([running.pk, lost.pk])
    for job, status in [(running, "failed"), (lost, "failed"), (waiting_import, "queued"), (fresh, "running")]:
        job.refresh_from_db()
        assert job.status == status
    assert running.message == STALE and running.finished_at is not None
    answer = client_for(officer).get(reverse("reports:excel_job_status", args=[running.pk])).json()
    assert answer["status"] == "failed" and answer["message"] == STALE


@pytest.mark.django_db
def test_the_watchdog_is_scheduled_every_five_minutes():
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    if not PeriodicTask.objects.filter(task="portal.fail_stale_jobs").exists():  # a flush removed it
        import_module("portal.migrations.0003_audit_log_and_admin_roles").create_watchdog(apps, None)
    task = PeriodicTask.objects.get(task="portal.fail_stale_jobs")
    assert (task.interval.every, task.interval.period, task.enabled) == (5, "minutes", True)


def needs_redis():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://…")


def wait_for(job, predicate, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if predicate(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} stayed {job.status}: {job.message}")


def start_large_export(client):
    response = client.get(reverse("reports:export") + "?export=enterprise")
    assert response.status_code == 302
    return Job.objects.filter(kind="export").latest("pk")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_redis_an_export_whose_pool_process_is_killed_is_redelivered_and_finished(
    officer, park_a, client_for, settings
):
    needs_redis()
    settings.EXCEL_EXPORT_SYNC_ROWS = 0  # every export through a job
    factories.EnterpriseFactory.create_batch(3, park=park_a)
    worker = WorkerProcess(extra_env={"PORTAL_EXPORT_TEST_DELAY": "5"}, log_name="export-child")
    try:
        job = start_large_export(client_for(officer))
        wait_for(job, lambda j: j.status == "running")
        kill_pool_child(worker)
        wait_for(job, lambda j: j.status == "done")
    finally:
        worker.stop()
    assert job.attempts == 2 and job.progress == 3 and job.result_file


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_dies_does_not_stay_running(officer, park_a, client_for, settings):
    settings.EXCEL_EXPORT_SYNC_ROWS = 0
    factories.EnterpriseFactory(park=park_a)
    worker = WorkerProcess(extra_env={"PORTAL_EXPORT_TEST_DELAY": "30"}, log_name="export-whole")
    client = client_for(officer)
    job = start_large_export(client)
    wait_for(job, lambda j: j.status == "running")
    kill_worker(worker)
    job.refresh_from_db()
    assert job.status == "running"
    assert jobs_fail_stale(minutes=0) == [job.pk]
    answer = client.get(reverse("reports:excel_job_status", args=[job.pk])).json()
    assert answer["status"] == "failed" and answer["message"] == STALE and answer["download"] == ""


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is: nothing listens there


@pytest.mark.django_db(transaction=True)
def test_with_redis_unreachable_pages_render_and_queueing_fails_visibly(officer, park_a):
    from reports.models import Report

    enterprise = factories.EnterpriseFactory(park=park_a)
    port = closed_port()
    env = worker_env({"REDIS_URL": f"redis://127.0.0.1:{port}/0", "LOG_LEVEL": "CRITICAL"})
    result = subprocess.run(
        [sys.executable, "-m", "tests.operations.redis_down_probe", officer.username, str(enterprise.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(outcome["pages"].values()) == {200}, outcome["pages"]
    assert outcome["export"][0] == 302 and "/excel/jobs/" in outcome["export"][1]
    assert outcome["job"] == ["failed", "无法连接任务队列，导出未能开始。请几分钟后重试。"]
    # the report is not lost: it stays queued, and the periodic re-send of stuck reports sends it
    assert outcome["report"] == "queued"
    assert Report.objects.get(kind="quarterly", year=2025, period=1).status == "queued"


@pytest.mark.django_db
def test_a_lost_database_connection_is_a_clean_503_page(officer, client_for, monkeypatch):
    from django.db import OperationalError

    from enterprises import views

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.selectors, "enterprise_profile", lost)
    enterprise = factories.EnterpriseFactory()
    response = client_for(officer).get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "数据库暂时无法连接，请稍后再试。" in body
    assert "Traceback" not in body and "server closed" not in body


def test_the_cache_answers_misses_when_redis_is_unreachable():
    from portal.cache import FailSoftRedisCache

    FailSoftRedisCache.down_until = 0.0
    cache = FailSoftRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    try:
        assert cache.get("k", "default") == "default"
        assert cache.set("k", 1) is None and cache.add("k", 1) is False
        assert cache.get_many(["a", "b"]) == {} and cache.delete("k") is False
        with pytest.raises(ValueError):
            cache.incr("k")
        assert FailSoftRedisCache.down_until > time.monotonic()  # left alone for a while
    finally:
        FailSoftRedisCache.down_until = 0.0
