"""The beat schedule is in the database after migrate."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db(transaction=True)
TASKS = [
    "reports.monthly_bulletin",
    "reports.quarterly_report",
    "reports.park_evaluation",
    "reports.send_reminders",
    "reports.resend_stuck_reports",
]


@pytest.fixture
def migrated():
    """Migrate the reports app back before its schedule and forward again, as a fresh install does
    (a transactional test earlier in the run may have flushed the rows the first migrate wrote)."""
    call_command("migrate", "reports", "0001", verbosity=0)
    assert not PeriodicTask.objects.filter(task__in=TASKS).exists()
    call_command("migrate", "reports", verbosity=0)


def test_the_beat_schedule_rows_exist_after_migrate(migrated):
    tasks = {t.task: t for t in PeriodicTask.objects.all()}
    for name in TASKS:
        assert name in tasks and tasks[name].enabled
    bulletin = tasks["reports.monthly_bulletin"].crontab
    assert (bulletin.day_of_month, bulletin.hour, str(bulletin.timezone)) == ("5", "6", "Asia/Shanghai")
    assert tasks["reports.quarterly_report"].crontab.month_of_year == "1,4,7,10"
    assert tasks["reports.resend_stuck_reports"].interval.every == 5


def test_every_scheduled_task_is_registered(migrated):
    from portal.celery import app

    app.loader.import_default_modules()
    for task in PeriodicTask.objects.filter(task__startswith="reports."):
        assert task.task in app.tasks
