"""Sending tasks to the workers without ever answering a request with a 500 because the broker is
down: :func:`enqueue` tries briefly (CELERY_TASK_PUBLISH_RETRY_POLICY), then logs and calls
``on_error`` so the caller records a visible state (a failed job with a message; a report left
queued, which the periodic re-send of stuck reports sends again)."""

import logging

from kombu.exceptions import KombuError, OperationalError

log = logging.getLogger("portal.queue")

BROKER_ERRORS = (OperationalError, KombuError, ConnectionError, OSError)


def enqueue(task, *args, on_error=None, **kwargs):
    """``task.delay(*args, **kwargs)``; None (after ``on_error(exc)``) when the broker is unreachable."""
    try:
        return task.delay(*args, **kwargs)
    except BROKER_ERRORS as error:
        log.error("could not queue %s%r: %s", task.name, args, error)
        if on_error is not None:
            on_error(error)
        return None
