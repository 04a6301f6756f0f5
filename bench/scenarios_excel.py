"""Excel: exports, the 10,000-row monthly import, the summary builder — ours and
django-import-export's side by side.  Read-only: imports are rolled back; files go to temp dirs.

The peak-memory scenarios run the work in a fresh process (bench/excel_probe.py): their figure is
the peak resident memory in MB, in the table's note column, checked against 150 MB (export) and
300 MB (import); their time columns include starting Django in that process."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.db import connection

from bench import excel_side_by_side as sbs
from bench.harness import ROOT, scenario
from reports import summary
from reports.indicators import Span


def user(ctx):
    return ctx.once("excel-user", sbs.bench_user)


def database_url():
    conf = connection.settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(conf['NAME']).resolve()}"
    auth = conf.get("USER") or ""
    if conf.get("PASSWORD"):
        auth += f":{conf['PASSWORD']}"
    at = "@" if auth else ""
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgres://{auth}{at}{conf.get('HOST') or 'localhost'}{port}/{conf['NAME']}"


def probe(*args, limit_mb=None):
    """Run the work in a fresh process; returns the note for the bench table ("peak 87 MB ≤ 150 MB,
    work 7.1 s") and fails the scenario when the peak is over ``limit_mb``."""
    env = dict(os.environ, DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="portal.settings")
    env.setdefault("SECRET_KEY", "bench-probe-only-secret-key-" + "x" * 40)
    env.setdefault("ALLOWED_HOSTS", "localhost")
    proc = subprocess.run(
        [sys.executable, "-m", "bench.excel_probe", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode:
        raise RuntimeError(proc.stderr[-1500:])
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"    excel probe {' '.join(args[:2])}: {figures}", file=sys.stderr)
    peak = figures["peak_mb"]
    if limit_mb is not None and peak > limit_mb:
        raise RuntimeError(f"peak {peak} MB > {limit_mb} MB")
    bound = f" ≤ {limit_mb} MB" if limit_mb is not None else ""
    return f"peak {peak} MB{bound} (Django alone {figures['base_mb']} MB), work {figures['seconds']} s"


@scenario("excel: export all enterprises, ~25 columns (ours)", target="100k rows ≤ 15 s", repeats=3, warmup=1)
def export_ours(ctx):
    with tempfile.TemporaryDirectory() as folder:
        sbs.export_ours(user(ctx), folder)


@scenario("excel: export all enterprises (django-import-export)", target="≥ 3× ours", repeats=1, warmup=0)
def export_iex(ctx):
    with tempfile.TemporaryDirectory() as folder:
        sbs.export_iex(user(ctx), folder)


@scenario("excel: export peak memory, fresh process (ours)", target="peak ≤ 150 MB", repeats=1, warmup=0)
def export_memory_ours(ctx):
    return probe("export", "ours", limit_mb=150)


@scenario("excel: export peak memory, fresh process (django-import-export)", repeats=1, warmup=0)
def export_memory_iex(ctx):
    return probe("export", "iex")


def monthly_file(ctx):
    return ctx.once("excel-monthly-file", lambda: sbs.monthly_file(user(ctx))[0])


@scenario("excel: monthly figures 10,000 rows, preview (ours)", target="≤ 5 s", repeats=3, warmup=1)
def import_preview(ctx):
    """What the upload button does: read and check every row, store the file and its parse."""
    data = monthly_file(ctx)
    if data:
        sbs.upload_job(user(ctx), data)


@scenario("excel: monthly figures 10,000 rows, commit (ours, rolled back)", target="commit ≤ 3 s", repeats=3)
def import_commit(ctx):
    """What the commit button does after the preview: check again with the rows locked (the cells
    as the preview parsed them), write every row with its history and move the dashboards'
    rollups, all in one transaction."""
    data = monthly_file(ctx)
    if data:
        job = ctx.once("excel-monthly-job", lambda: sbs.upload_job(user(ctx), data, at_end=ctx.at_end))
        sbs.commit_job(user(ctx), job)


@scenario("excel: monthly figures 10,000 rows (django-import-export, dry run)", target="≥ 3× ours", repeats=1, warmup=0)
def import_iex(ctx):
    data = monthly_file(ctx)
    if data:
        sbs.import_iex(user(ctx), data)


@scenario("excel: import peak memory, fresh process (ours)", target="peak ≤ 300 MB", repeats=1, warmup=0)
def import_memory(ctx):
    data = monthly_file(ctx)
    if data:
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            handle.write(data)
            handle.flush()
            return probe("import", "ours", handle.name, limit_mb=300)


def latest_year(ctx):
    from enterprises.models import EnterpriseStat

    return ctx.once(
        "excel-year", lambda: EnterpriseStat.objects.order_by("-year").values_list("year", flat=True).first() or 2025
    )


def summary_scenario(dimension):
    def run(ctx):
        summary.build_summary(dimension=dimension, codes=summary.DEFAULT_CODES, span=Span(latest_year(ctx), 12, "year"))

    run.__name__ = f"summary_{dimension}"
    return scenario(f"excel: summary builder by {dimension}, one year", target="≤ 2 s", repeats=5)(run)


for _dimension, _label in summary.DIMENSIONS:
    summary_scenario(_dimension)
