"""The beat schedule is in the database after migrate."""

import pytest
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_rows_exist_after_migrate():
    tasks = {t.task: t for t in PeriodicTask.objects.all()}
    for name in [
        "reports.monthly_bulletin",
        "reports.quarterly_report",
        "reports.park_evaluation",
        "reports.send_reminders",
        "reports.resend_stuck_reports",
    ]:
        assert name in tasks and tasks[name].enabled
    bulletin = tasks["reports.monthly_bulletin"].crontab
    assert (bulletin.day_of_month, bulletin.hour, str(bulletin.timezone)) == ("5", "6", "Asia/Shanghai")
    assert tasks["reports.quarterly_report"].crontab.month_of_year == "1,4,7,10"
    assert tasks["reports.resend_stuck_reports"].interval.every == 5


def test_every_scheduled_task_is_registered():
    from portal.celery import app

    app.loader.import_default_modules()
    for task in PeriodicTask.objects.filter(task__startswith="reports."):
        assert task.task in app.tasks
