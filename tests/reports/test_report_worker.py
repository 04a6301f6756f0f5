"""Reports survive crashed workers (real worker processes on a real broker).

On Redis, ``acks_late`` with ``reject_on_worker_lost`` requeues the task of a killed pool process at
once; a worker killed outright is recovered by the re-send of stuck jobs.  With the embedded
filesystem broker a worker killed outright loses its message, and the periodic re-send produces
the report."""

import time

import pytest
from celery import Celery
from django.conf import settings

from reports import services
from reports.models import Report
from tests.worker import WorkerProcess, kill_pool_child, kill_worker

PAUSE = {"PORTAL_REPORT_TEST_DELAY": "6"}


def needs_redis():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://…")


def wait_for(report, predicate, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if predicate(report):
            return report
        time.sleep(0.2)
    raise AssertionError(f"report {report.pk} stayed {report.status} ({report.progress}%)")


def is_running_and_paused(report):
    # 92% is reached after the documents are built, just before the pause and the swap
    return report.status == Report.Status.RUNNING and report.progress >= 92


def assert_produced_once(report):
    assert Report.objects.filter(kind=report.kind, year=report.year, period=report.period).count() == 1
    assert report.status == Report.Status.DONE and report.docx and report.xlsx
    assert "一、总体情况" in report.html


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_redis_a_killed_pool_process_is_redelivered_and_the_report_produced_once(report_data):
    needs_redis()
    worker = WorkerProcess(extra_env=PAUSE, log_name="reports-child")
    try:
        report = services.report_request(user=None, kind="quarterly", year=2025, period=1)
        wait_for(report, is_running_and_paused)
        assert report.html == ""  # nothing half-written is visible
        kill_pool_child(worker)
        wait_for(report, lambda r: r.status == Report.Status.DONE)
    finally:
        worker.stop()
    assert_produced_once(report)
    assert report.attempts == 2


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_redis_a_killed_worker_is_recovered_by_the_resend_of_stuck_jobs(report_data):
    needs_redis()
    worker = WorkerProcess(extra_env=PAUSE, log_name="reports-whole")
    report = services.report_request(user=None, kind="quarterly", year=2025, period=1)
    wait_for(report, is_running_and_paused)
    kill_worker(worker)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and report.html == ""
    worker = WorkerProcess(log_name="reports-whole-2")
    try:
        time.sleep(1)
        assert services.reports_resend_stuck(threshold=services.datetime.timedelta(seconds=1)) == [report.pk]
        wait_for(report, lambda r: r.status == Report.Status.DONE)
    finally:
        worker.stop()
    assert_produced_once(report)


def filesystem_app():
    """A producer on the embedded filesystem broker, whatever broker the settings name."""
    folder = settings.BROKER_DIR
    for sub in ("queue", "processed"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    app = Celery("filesystem-producer")
    app.conf.update(
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "polling_interval": 0.1,
        },
        task_default_queue=settings.CELERY_TASK_DEFAULT_QUEUE,
    )
    return app


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_filesystem_broker_a_killed_worker_loses_its_message_and_the_resend_produces_the_report(report_data):
    embedded = {"REDIS_URL": ""}
    app = filesystem_app()
    worker = WorkerProcess(extra_env={**PAUSE, **embedded}, log_name="reports-fs")
    # queued by hand: the settings' broker may be Redis, this test is about the embedded one
    report = Report.objects.create(kind="quarterly", year=2025, period=1, queued_at=services.timezone.now())
    app.send_task("reports.generate_report", args=[report.pk])
    wait_for(report, is_running_and_paused)
    kill_worker(worker)
    worker = WorkerProcess(extra_env=embedded, log_name="reports-fs-2")
    try:
        time.sleep(8)  # long enough for a surviving message to have been run
        report.refresh_from_db()
        assert report.status == Report.Status.RUNNING  # the message died with the worker
        app.send_task("reports.resend_stuck_reports", kwargs={"minutes": 0.01})
        wait_for(report, lambda r: r.status == Report.Status.DONE)
    finally:
        worker.stop()
    assert_produced_once(report)
