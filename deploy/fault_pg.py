"""``make fault-pg``: PostgreSQL restarted during a burst of requests.

Builds a copy database (``FAULT_PG_DB``, default ``portal_fault_pg``: migrated and seeded at tiny
scale, or copied from ``FAULT_PG_TEMPLATE``), runs gunicorn on it with DEBUG=0, fires requests from
a few signed-in sessions, restarts the PostgreSQL cluster in the middle
(``pg_ctlcluster --skip-systemctl-redirect <version> main restart``), and checks that

- every answer during the restart is a clean 500 or 503 page (no traceback, no Django debug page),
- the same gunicorn processes answer 200 again afterwards (no restart of the portal),

then prints the figures for docs/operations.md.  It restarts the machine's shared PostgreSQL:
never run it while others use the database server.  FAULT_PG_REUSE=1 keeps an existing copy
database; FAULT_PG_NO_RESTART=1 rehearses the harness without restarting anything.
"""

import datetime
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


def database_exists():
    found = subprocess.run(
        ["psql", f"{PG}/postgres", "-XAtqc", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip() == "1"


def build_database():
    template = os.environ.get("FAULT_PG_TEMPLATE")
    if os.environ.get("FAULT_PG_REUSE") == "1" and database_exists():
        env = production_env(f"{PG}/{DB}", PORT)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        return env
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
    if os.environ.get("FAULT_PG_NO_RESTART") == "1":  # a rehearsal of the harness: no restart
        return 0.0
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

    lines = summarize(results, restart_at, restart_seconds, pids_before == pids_after)
    print("\n".join(lines[0]))
    if os.environ.get("FAULT_PG_NO_RESTART") != "1" and os.environ.get("FAULT_PG_NO_WRITE") != "1":
        write(lines[0])
    return 0 if lines[1] else 1


def summarize(results, restart_at, restart_seconds, same_workers):
    errors = [r for r in results if r[3] != 200]
    unclean = [r for r in errors if r[3] not in (500, 502, 503) or any(m in r[4] for m in TRACEBACK_MARKS)]
    after = [r for r in results if r[0] > restart_at + restart_seconds + 5]
    recovered = bool(after) and all(r[3] == 200 for r in after[-40:])
    first_ok = min((r[1] for r in results if r[0] > restart_at and r[3] == 200), default=None)
    statuses = {}
    for r in results:
        statuses[r[3]] = statuses.get(r[3], 0) + 1
    ok = not unclean and recovered and same_workers
    when = datetime.datetime.now().astimezone()
    lines = [
        f"Run {when:%Y-%m-%d %H:%M %Z} ({os.cpu_count()} cores, 8 client threads, gunicorn 2 × 4):",
        "",
        f"- requests: {len(results)}; by status: {dict(sorted(statuses.items()))}",
        f"- the PostgreSQL restart took {restart_seconds:.1f} s; non-200 answers: {len(errors)}, "
        f"of which unclean (not 500/502/503, or with a traceback): {len(unclean)}",
    ]
    if first_ok is not None:
        lines.append(f"- first 200 after the restart began: {first_ok - restart_at:.1f} s")
    lines.append(f"- same gunicorn workers before and after: {same_workers}; recovered: {recovered}")
    lines += [f"- UNCLEAN {r[2]} {r[3]} {r[4][:200]!r}" for r in unclean[:5]]
    lines.append(f"- result: {'PASS' if ok else 'FAIL'}")
    return lines, ok


def write(lines):
    doc = ROOT / "docs" / "operations.md"
    text = doc.read_text(encoding="utf-8")
    begin, end = "<!-- fault-pg:begin -->", "<!-- fault-pg:end -->"
    head, rest = text.split(begin, 1)
    _old, tail = rest.split(end, 1)
    doc.write_text(f"{head}{begin}\n" + "\n".join(lines) + f"\n{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
