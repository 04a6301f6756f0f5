"""The periodic work of the reports app, stored in django-celery-beat's tables so that the
schedule exists after ``migrate`` and administrators change it in the admin."""

import json

from django.db import migrations

TIME_ZONE = "Asia/Shanghai"

CRONTAB_TASKS = [
    # (name, task, minute, hour, day_of_month, month_of_year, description)
    ("月通报（每月5日）", "reports.monthly_bulletin", "0", "6", "5", "*", "Monthly park bulletin of the month just ended"),
    ("季度报告（季后10日）", "reports.quarterly_report", "0", "6", "10", "1,4,7,10", "Quarterly, chain, half-year and annual reports"),
    ("园区考评（每月3日）", "reports.park_evaluation", "0", "5", "3", "*", "Score parks when a period ends; finalize publications"),
    ("提醒（每日8:30）", "reports.send_reminders", "30", "8", "*", "*", "Submission deadlines, expiring qualifications, overdue requests, lagging projects, idle land"),
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour, day, month, description in CRONTAB_TASKS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day, month_of_year=month, day_of_week="*", timezone=TIME_ZONE
        )
        PeriodicTask.objects.get_or_create(
            task=task, defaults={"name": name, "crontab": crontab, "description": description, "kwargs": "{}"}
        )
    interval, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        task="reports.resend_stuck_reports",
        defaults={
            "name": "重发卡住的报告任务（每5分钟）",
            "interval": interval,
            "kwargs": json.dumps({"minutes": 15}),
            "description": "Re-send report jobs queued or running for more than 15 minutes",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    tasks = [t[1] for t in CRONTAB_TASKS] + ["reports.resend_stuck_reports"]
    PeriodicTask.objects.filter(task__in=tasks).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
