"""``make load``: 50 signed-in users for a bounded time against gunicorn on loopback, with
PostgreSQL and Redis; prints the p95 of every page and writes docs/load.md.

    make load LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/province LOAD_TIME=180s

Environment: LOAD_DATABASE_URL (default DATABASE_URL; PostgreSQL required, seeded with the demo
users, e.g. ``make bench SCALE=province``), REDIS_URL (required), LOAD_USERS (50), LOAD_TIME (180s),
LOAD_PORT (8792), LOAD_WORKERS (gunicorn workers, default 2 × cores + 1), LOAD_NO_WRITE=1 to print
only.  The database is migrated first (it must be a copy the load may write audit rows into).
"""

import csv
import datetime
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe import ROOT, manage, production_env, start_gunicorn

DOC = ROOT / "docs" / "load.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"


def main():
    database_url = os.environ.get("LOAD_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("make load needs PostgreSQL: set LOAD_DATABASE_URL=postgres://…")
    if not os.environ.get("REDIS_URL"):
        sys.exit("make load needs Redis: set REDIS_URL=redis://127.0.0.1:6379/N")
    users = int(os.environ.get("LOAD_USERS", "50"))
    duration = os.environ.get("LOAD_TIME", "180s")
    port = int(os.environ.get("LOAD_PORT", "8792"))
    workers = int(os.environ.get("LOAD_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
    env = production_env(database_url, port)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    gunicorn = start_gunicorn(env, port, workers=workers, threads=4, log_path=out / "gunicorn.log")
    try:
        subprocess.run(
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(ROOT / "deploy" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 10)),
                "--run-time",
                duration,
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(out / "load"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            check=False,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)
    with open(out / "load_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = render(rows, users=users, duration=duration, workers=workers, database=database_url.rsplit("/", 1)[-1])
    print(table)
    if os.environ.get("LOAD_NO_WRITE") != "1":
        write(table)
    failures = sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")
    return 1 if failures else 0


def render(rows, *, users, duration, workers, database):
    lines = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: {users} users, {duration}, "
        f"gunicorn {workers} workers × 4 threads, database `{database}`, {os.cpu_count()} cores.",
        "",
        "| page | requests | failures | median ms | p95 ms | p99 ms | max ms |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        lines.append(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['Median Response Time']):.0f} | "
            f"{r['95%']} | {r['99%']} | {float(r['Max Response Time']):.0f} |"
        )
    return "\n".join(lines)


def write(table):
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
