"""Shared by ``make fault-pg`` and ``make load``: a production-like gunicorn (DEBUG=0, collected
static files) on loopback, started on a given database, and signed-in HTTP sessions."""

import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEMO_PASSWORD = "Demo-Portal-2026"


def production_env(database_url, port, **extra):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("PROBE_SECRET_KEY") or secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start_gunicorn(env, port, workers=2, threads=4, log_path=None):
    log = open(log_path or ROOT / "var" / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            # longer than the clients' think time, so a kept-alive connection is not closed under them
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Production settings mark the session and CSRF cookies Secure (HTTPS only); these probes talk
    plain HTTP to 127.0.0.1, where sending them back is harmless."""

    def return_ok_secure(self, cookie, request):
        return True


class Session:
    """A signed-in browser-like session (cookies, CSRF) over urllib."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path, timeout=30):
        """(status, body) of a GET; errors are answers, not exceptions."""
        try:
            with self.opener.open(self.base + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, OSError) as error:
            return 0, str(error).encode()

    def login(self, username, password=DEMO_PASSWORD):
        status, body = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token:
            raise RuntimeError(f"no login form ({status})")
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        ).encode()
        request = urllib.request.Request(self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"})
        with self.opener.open(request, timeout=30) as response:
            if "/login/" in response.url:
                raise RuntimeError(f"login of {username} refused")
        return self
