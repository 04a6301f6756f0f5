"""Large exports run as jobs: a job left queued or running when its worker died can be sent again
by its owner from the job page (and only by its owner, and only once it is stuck or failed)."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from portal.models import Job
from reports import exports
from tests import factories

pytestmark = pytest.mark.django_db

RESEND_BUTTON = 'data-testid="export-resend"'


def export_job(user, status, age_minutes, **extra):
    moment = timezone.now() - datetime.timedelta(minutes=age_minutes)
    return Job.objects.create(
        kind="export",
        key=f"enterprise:{user.pk}:{age_minutes}",
        user=user,
        status=status,
        params={"export": "enterprise", "query": "", "filename": "企业.xlsx"},
        total=3,
        progress=2,
        created_at=moment,
        started_at=moment if status == Job.Status.RUNNING else None,
        **extra,
    )


def test_the_owner_resends_a_stuck_export_and_the_worker_then_writes_it(
    officer, park_a, client_for, django_capture_on_commit_callbacks
):
    factories.EnterpriseFactory.create_batch(3, park=park_a)
    job = export_job(officer, Job.Status.RUNNING, age_minutes=60)  # its worker died an hour ago
    client = client_for(officer)
    page = client.get(f"/reports/excel/jobs/{job.pk}/")
    assert RESEND_BUTTON in page.content.decode()
    with mock.patch("reports.tasks.export_run.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/excel/jobs/{job.pk}/resend/")
    assert response.status_code == 302 and response["Location"] == f"/reports/excel/jobs/{job.pk}/"
    delay.assert_called_once_with(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.started_at) == ("queued", 0, None)
    assert "导出任务已重新发送。" in client.get(f"/reports/excel/jobs/{job.pk}/").content.decode()
    # what the worker does with the message it now receives
    exports.export_run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("done", 3, 1)
    assert job.result_file


def test_a_failed_export_can_be_resent(officer, client_for, django_capture_on_commit_callbacks):
    job = export_job(officer, Job.Status.FAILED, age_minutes=1, message="boom")
    with mock.patch("reports.tasks.export_run.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(f"/reports/excel/jobs/{job.pk}/resend/")
    delay.assert_called_once_with(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == ("queued", "")


def test_an_export_still_running_normally_cannot_be_resent(officer, client_for, django_capture_on_commit_callbacks):
    job = export_job(officer, Job.Status.RUNNING, age_minutes=1)
    client = client_for(officer)
    assert RESEND_BUTTON not in client.get(f"/reports/excel/jobs/{job.pk}/").content.decode()
    with mock.patch("reports.tasks.export_run.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/excel/jobs/{job.pk}/resend/")
    delay.assert_not_called()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("running", 2)
    assert "该导出仍在进行或已完成，不能重新发送。" in client.get(f"/reports/excel/jobs/{job.pk}/").content.decode()


def test_another_users_job_is_not_found(officer, analyst, client_for):
    job = export_job(officer, Job.Status.RUNNING, age_minutes=60)
    with mock.patch("reports.tasks.export_run.delay") as delay:
        response = client_for(analyst).post(f"/reports/excel/jobs/{job.pk}/resend/")
    assert response.status_code == 404
    delay.assert_not_called()
    job.refresh_from_db()
    assert job.status == "running"
