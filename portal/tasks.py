import os

from celery import shared_task


@shared_task
def ping(value):
    """A task that proves a real worker ran it: it answers with its process id."""
    return {"value": value, "pid": os.getpid()}
