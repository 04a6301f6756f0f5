"""A real Celery worker process on the configured broker and the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url_for_tests():
    conf = connection.settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(conf['NAME']).resolve()}"
    user = conf.get("USER") or ""
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    at = "@" if user else ""
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgres://{user}{password}{at}{host}{port}/{conf['NAME']}"


def worker_env(extra=None):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url_for_tests(),
            "PORTAL_BROKER_DIR": str(settings.BROKER_DIR),
            "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.update(extra or {})
    return env


class WorkerProcess:
    def __init__(self, concurrency=1, extra_env=None, log_name="worker"):
        self.log_path = Path(settings.VAR_DIR) / f"test-{log_name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}-{log_name}@%h",
            ],
            cwd=ROOT,
            env=worker_env(extra_env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early: {self.log_path.read_text()[-3000:]}")
            if "ready." in self.log_path.read_text():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout}s: {self.log_path.read_text()[-3000:]}")

    @property
    def pid(self):
        return self.process.pid

    def stop(self, timeout=60):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def celery_worker_process(transactional_db):
    """Starts a worker (a real, separate process) and stops it after the test."""
    worker = WorkerProcess()
    yield worker
    worker.stop()


def pool_children(pid):
    """The prefork pool processes of a worker's main process."""
    import psutil

    return psutil.Process(pid).children(recursive=True)


def kill_pool_child(worker):
    """SIGKILL one pool process (a crash in the middle of a task); the main process survives."""
    import signal

    children = pool_children(worker.pid)
    os.kill(children[0].pid, signal.SIGKILL)
    return children[0].pid


def kill_worker(worker):
    """SIGKILL the worker's main process and its pool at once: the whole worker dies."""
    import contextlib
    import signal

    children = pool_children(worker.pid)
    worker.process.send_signal(signal.SIGKILL)
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
    worker.process.wait()
    worker.log.close()
