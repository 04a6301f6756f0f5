"""Start the web server, a Celery worker and Celery beat together; one Ctrl-C stops them all.

The children run in their own process groups, so the terminal's Ctrl-C reaches only this
supervisor, which then sends SIGTERM to each child and waits up to a minute for the worker to
finish its running tasks (a fixed 5 s, as honcho waits, loses them; DESIGN.md "Known facts")."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Run web + Celery worker + Celery beat until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--stop-timeout", type=int, default=60)

    def handle(self, *args, host, port, stop_timeout, **options):
        python = sys.executable
        beat_schedule = settings.VAR_DIR / "celerybeat-schedule"
        commands = {
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
            "worker": [python, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [python, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO", "-s", str(beat_schedule)],
        }
        children = {name: subprocess.Popen(cmd, start_new_session=True) for name, cmd in commands.items()}
        self.print_banner(host, port)

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} exited with code {child.returncode}; stopping the others.")
                        stopping = True
                time.sleep(0.5)
        finally:
            self.stdout.write("Stopping web, worker and beat …")
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + stop_timeout
            for name, child in children.items():
                try:
                    child.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    self.stderr.write(f"{name} did not stop in {stop_timeout} s; killing it.")
                    child.kill()
                    child.wait()
            self.stdout.write("Stopped.")

    def print_banner(self, host, port):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS])}
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Industrial Cluster Portal: http://{host}:{port}/"))
        if users:
            self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
            for username, role, description in DEMO_USERS:
                if username in users:
                    self.stdout.write(f"  {role:<11} {username:<10} {description}")
        self.stdout.write("Press Ctrl-C once to stop web, worker and beat.")
        self.stdout.write("")
