"""Celery tasks of the reports app: thin, idempotent, keyed by natural keys.  Schedules live in
django-celery-beat's tables (created by migration 0002_beat_schedule; administrators edit them in
the admin)."""

import logging
import os
import time
import traceback

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone

log = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, OSError)
LONG_TASK = {"acks_late": True, "reject_on_worker_lost": True, "max_retries": 3}


def backoff(retries):
    return min(300, 10 * 2**retries)


def test_pause(variable="PORTAL_REPORT_TEST_DELAY"):
    """Tests of crash recovery slow a report (or an export) down to kill its worker in the middle."""
    delay = float(os.environ.get(variable) or 0)
    if delay:
        time.sleep(delay)


@shared_task(bind=True, name="reports.generate_report", **LONG_TASK)
def generate_report(self, report_id):
    from . import services
    from .models import Report

    try:
        report = services.report_generate(report_id, pause=test_pause)
    except Report.DoesNotExist:
        return {"report": report_id, "status": "missing"}
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
        services.report_fail(report_id, traceback.format_exc())
        return {"report": report_id, "status": "failed"}
    except Exception:
        log.exception("report %s failed", report_id)
        services.report_fail(report_id, traceback.format_exc())
        return {"report": report_id, "status": "failed"}
    return {"report": report_id, "status": report.status}


@shared_task(name="reports.resend_stuck_reports")
def resend_stuck_reports(minutes=15):
    from datetime import timedelta

    from . import services

    return services.reports_resend_stuck(timedelta(minutes=minutes))


def last_month(today):
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


@shared_task(name="reports.monthly_bulletin")
def monthly_bulletin():
    """The bulletin of the month just ended (schedule: a set day after month end)."""
    from . import services

    year, month = last_month(timezone.localdate())
    report = services.report_request(
        user=None, kind="monthly_bulletin", year=year, period=month, schedule="reports.monthly_bulletin"
    )
    return report.pk


@shared_task(name="reports.quarterly_report")
def quarterly_report():
    """The progress report of the quarter just ended (and the half-year and annual ones when due)."""
    from clusters.models import Chain

    from . import services

    year, month = last_month(timezone.localdate())
    if month % 3:
        return []
    quarter = month // 3
    ids = [
        services.report_request(
            user=None, kind="quarterly", year=year, period=quarter, schedule="reports.quarterly_report"
        ).pk
    ]
    for chain_id in Chain.objects.values_list("pk", flat=True):
        ids.append(
            services.report_request(
                user=None,
                kind="chain",
                year=year,
                period=quarter,
                subject_type="chain",
                subject_id=chain_id,
                schedule="reports.quarterly_report",
            ).pk
        )
    if month in (6, 12):
        ids.append(services.report_request(user=None, kind="half_year", year=year, period=month // 6).pk)
    if month == 12:
        ids.append(services.report_request(user=None, kind="annual", year=year, period=0).pk)
    return ids


@shared_task(bind=True, name="reports.park_evaluation", **LONG_TASK)
def park_evaluation(self):
    """Score the parks when an evaluation period has just ended; finalize publications that are
    over with no open objection."""
    from django.core.exceptions import ValidationError

    from . import services
    from .models import EvaluationScheme, ParkEvaluation

    today = timezone.localdate()
    done = []
    try:
        for scheme in EvaluationScheme.objects.filter(is_active=True):
            due = services.evaluation_due(scheme, today)
            if due and not ParkEvaluation.objects.filter(scheme=scheme, year=due[0], month=due[1]).exists():
                services.evaluation_run(user=None, scheme=scheme, year=due[0], month=due[1], today=today)
                done.append(("scored", scheme.pk, *due))
            periods = (
                ParkEvaluation.objects.filter(
                    scheme=scheme, status=ParkEvaluation.Status.PUBLICIZED, publication_ends_on__lt=today
                )
                .values_list("year", "month")
                .distinct()
            )
            for year, month in periods:
                try:
                    services.evaluation_finalize(user=None, scheme=scheme, year=year, month=month, today=today)
                    done.append(("finalized", scheme.pk, year, month))
                except ValidationError as exc:  # open objections: wait for the officers
                    log.info("evaluation %s-%s not finalized: %s", year, month, exc)
    except (DatabaseError, OSError) as exc:
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return done


@shared_task(name="reports.send_reminders")
def send_reminders():
    from . import services

    return services.send_reminders()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_run(job_id):
    """Write a large Excel export (idempotent: a finished job is left alone).  A killed pool process
    gets the task redelivered (Redis); a job left running is failed by portal.fail_stale_jobs."""
    from .exports import export_run_job

    export_run_job(job_id, pause=lambda: test_pause("PORTAL_EXPORT_TEST_DELAY"))
    return job_id
