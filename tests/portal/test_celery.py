"""A real worker process on the configured broker (Redis in CI, the filesystem broker otherwise)."""

import os

import pytest
from django.conf import settings

from portal.tasks import ping


@pytest.mark.celery_worker
def test_a_real_worker_process_runs_the_task(celery_worker_process):
    result = ping.delay("hello")
    answer = result.get(timeout=60)
    assert answer["value"] == "hello"
    assert answer["pid"] != os.getpid()
    assert answer["pid"] != celery_worker_process.pid  # prefork: a pool child of the worker's main process
    assert not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)


def test_tests_never_use_the_development_broker_or_queue(settings):
    assert settings.CELERY_TASK_DEFAULT_QUEUE.startswith("portal-test")
    assert settings.BROKER_DIR.name == "test-broker"


def test_the_beat_schedule_lives_in_the_database(settings):
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
