"""Celery tasks of the reports app (thin: they call the services)."""

from celery import shared_task


@shared_task(acks_late=True)
def export_run(job_id):
    """Write a large Excel export (idempotent: a finished job is left alone)."""
    from .exports import export_run_job

    export_run_job(job_id)
    return job_id
