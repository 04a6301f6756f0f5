"""Jobs a worker never finished.  A worker killed in the middle of an export leaves its Job
"running"; on Redis the task is redelivered (acks_late + reject_on_worker_lost), with the embedded
broker its message is lost.  Either way a job never stays "running" for ever: after
``JOB_STALE_MINUTES`` it is marked failed with a message saying so."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job

# Job kinds handed to a worker: a queued one is waiting for it.  (A queued import waits for its
# user to confirm the preview, not for a worker, and is left alone.)
WORKER_KINDS = ("export",)


def stale_message():
    return _("The job stopped without finishing (the worker was stopped or lost). Start it again.")


def jobs_fail_stale(minutes=None, now=None):
    """Mark stale jobs failed; returns their ids."""
    now = now or timezone.now()
    minutes = settings.JOB_STALE_MINUTES if minutes is None else minutes
    limit = now - datetime.timedelta(minutes=minutes)
    stale = Job.objects.filter(
        Q(status=Job.Status.RUNNING, started_at__lt=limit)
        | Q(status=Job.Status.QUEUED, kind__in=WORKER_KINDS, created_at__lt=limit)
    )
    ids = list(stale.values_list("pk", flat=True))
    if ids:
        Job.objects.filter(pk__in=ids).update(status=Job.Status.FAILED, message=stale_message()[:300], finished_at=now)
    return ids
