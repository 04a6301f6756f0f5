"""``make fault-pg``: PostgreSQL restarted during a burst of requests.

Builds a copy database (``FAULT_PG_DB``, default ``portal_fault_pg``: migrated and seeded at tiny
scale, or copied from ``FAULT_PG_TEMPLATE``), runs gunicorn on it with DEBUG=0, fires requests from
a few signed-in sessions, restarts the PostgreSQL cluster in the middle
(``pg_ctlcluster --skip-systemctl-redirect <version> main restart``), and checks that

- every answer during the restart is a clean 500 or 503 page (no traceback, no Django debug page),
- the same gunicorn processes answer 200 again afterwards (no restart of the portal),

then prints the figures for docs/operations.md.  It restarts the machine's shared PostgreSQL:
never run it while others use the database server.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe import ROOT, Session, manage, production_env, start_gunicorn

PORT = int(os.environ.get("FAULT_PG_PORT", "8791"))
DB = os.environ.get("FAULT_PG_DB", "portal_fault_pg")
PG = os.environ.get("FAULT_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PAGES = ["/healthz", "/", "/enterprises/", "/parks/", "/reports/cockpit/", "/api/enterprises/?page_size=20"]
BEFORE, AFTER = 4.0, 15.0
TRACEBACK_MARKS = (b"Traceback", b'id="traceback"', b"OperationalError", b"psycopg2")


def psql(sql, db="postgres"):
    subprocess.run(["psql", f"{PG}/{db}", "-XAtqc", sql], check=True, capture_output=True)


def build_database():
    template = os.environ.get("FAULT_PG_TEMPLATE")
    psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    if template:
        psql(f'CREATE DATABASE "{DB}" TEMPLATE "{template}"')
    else:
        psql(f'CREATE DATABASE "{DB}"')
    env = production_env(f"{PG}/{DB}", PORT)
    manage(env, "migrate", "--noinput", "-v0")
    if not template:
        manage(env, "seed_demo", "--scale", "tiny", "--once")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


def restart_postgres():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    return time.monotonic() - started


def worker_pids(gunicorn):
    import psutil

    return sorted(child.pid for child in psutil.Process(gunicorn.pid).children())


def main():
    env = build_database()
    gunicorn = start_gunicorn(env, PORT, workers=2, threads=4)
    results, stop = [], threading.Event()
    lock = threading.Lock()
    try:
        base = f"http://127.0.0.1:{PORT}"
        sessions = [Session(base).login(name) for name in ("officer", "leader", "analyst", "staff_a")]
        pids_before = worker_pids(gunicorn)

        def fire(session, offset):
            n = offset
            while not stop.is_set():
                path = PAGES[n % len(PAGES)]
                started = time.monotonic()
                status, body = session.get(path, timeout=30)
                with lock:
                    results.append((started, time.monotonic(), path, status, body[:20000]))
                n += 1

        threads = [threading.Thread(target=fire, args=(s, i), daemon=True) for i, s in enumerate(sessions * 2)]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE)
        restart_at = time.monotonic()
        restart_seconds = restart_postgres()
        time.sleep(AFTER)
        stop.set()
        for thread in threads:
            thread.join(35)
        pids_after = worker_pids(gunicorn)
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)

    errors = [r for r in results if r[3] != 200]
    unclean = [r for r in errors if r[3] not in (500, 502, 503) or any(m in r[4] for m in TRACEBACK_MARKS)]
    after = [r for r in results if r[0] > restart_at + restart_seconds + 5]
    recovered = bool(after) and all(r[3] == 200 for r in after[-40:])
    first_ok = min((r[1] for r in results if r[0] > restart_at and r[3] == 200), default=None)
    statuses = {}
    for r in results:
        statuses[r[3]] = statuses.get(r[3], 0) + 1
    print(f"requests: {len(results)}; by status: {dict(sorted(statuses.items()))}")
    print(f"PostgreSQL restart took {restart_seconds:.1f} s; errors: {len(errors)} (unclean: {len(unclean)})")
    if first_ok is not None:
        print(f"first 200 after the restart began: {first_ok - restart_at:.1f} s")
    print(f"gunicorn workers unchanged: {pids_before == pids_after}; recovered: {recovered}")
    for r in unclean[:5]:
        print("UNCLEAN", r[2], r[3], r[4][:300])
    ok = not unclean and recovered and pids_before == pids_after
    print("fault-pg:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
