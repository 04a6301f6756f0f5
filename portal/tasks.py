import os

from celery import shared_task


@shared_task
def ping(value):
    """A task that proves a real worker ran it: it answers with its process id."""
    return {"value": value, "pid": os.getpid()}


@shared_task(name="portal.fail_stale_jobs")
def fail_stale_jobs(minutes=None):
    """Mark jobs a dead worker left running (or never picked up) as failed, with a message the job's
    page shows; the beat schedule runs this every 5 minutes (migration 0003)."""
    from .jobs import jobs_fail_stale

    return jobs_fail_stale(minutes=minutes)
