"""The benchmark harness.

A scenario is a named function that performs one unit of work (usually one request through
Django's test client, which is server time without the network) given a :class:`Context`; text
it returns goes to the note column (the Excel memory scenarios return their peak in MB there).  The
harness seeds the scale if needed, runs each scenario ``repeats`` times, and reports the median
and p95 of the wall time and the SQL query count.  ``write=True`` replaces this scale's section of
``docs/benchmarks.md`` with the figures, the date and the machine.
"""

import dataclasses
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.verdict import verdict

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
SCENARIOS = []


@dataclasses.dataclass
class Scenario:
    name: str
    func: object
    target: str = ""
    repeats: int = 20
    warmup: int = 2


@dataclasses.dataclass
class Result:
    name: str
    target: str
    runs: int
    median_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries: int = 0
    error: str = ""
    note: str = ""  # what a scenario returns as text (e.g. "peak 87 MB ≤ 150 MB")


def scenario(name, target="", repeats=20, warmup=2):
    """Register a scenario: ``@scenario("enterprise list page 1", target="median ≤ 150 ms")``."""

    def register(func):
        SCENARIOS.append(Scenario(name, func, target, repeats, warmup))
        return func

    return register


class Context:
    """What scenarios need: logged-in clients per role and sample objects, made once."""

    def __init__(self):
        self._clients = {}
        self.cache = {}
        self._cleanups = []

    def at_end(self, func):
        """Call ``func`` when the run ends (e.g. delete what a scenario made once for its repeats)."""
        self._cleanups.append(func)

    def close(self):
        while self._cleanups:
            self._cleanups.pop()()

    def client(self, role):
        from django.contrib.auth import get_user_model
        from django.test import Client

        if role not in self._clients:
            user = get_user_model().objects.filter(role=role, is_active=True).order_by("pk").first()
            if user is None:
                raise RuntimeError(f"no user with role {role}; seed the database first")
            client = Client()
            client.force_login(user)
            self._clients[role] = client
        return self._clients[role]

    def once(self, key, make):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def seed_if_needed(scale):
    from parks.models import Park

    if Park.objects.exists():
        return None
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--scale", scale], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode:
        raise RuntimeError(f"seeding failed: {proc.stderr[-2000:]}")
    return time.perf_counter() - started


def load_scenarios():
    """Import every app's bench module (``bench/scenarios_*.py``)."""
    import importlib

    for path in sorted((ROOT / "bench").glob("scenarios*.py")):
        importlib.import_module(f"bench.{path.stem}")
    return SCENARIOS


def run_one(item, ctx, repeats):
    times, queries, notes = [], 0, []
    try:
        for _ in range(min(item.warmup, repeats)):
            item.func(ctx)
        for _ in range(repeats):
            connection.queries_log.clear()  # the log keeps 9,000 queries: a long run must not fill it
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                returned = item.func(ctx)
                times.append((time.perf_counter() - started) * 1000)
            queries = max(queries, len(captured))
            if isinstance(returned, str):
                notes.append(returned)
    except Exception as exc:
        return Result(item.name, item.target, len(times), error=f"{type(exc).__name__}: {exc}")
    return Result(
        item.name,
        item.target,
        len(times),
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        max_ms=max(times),
        queries=queries,
        note="; ".join(dict.fromkeys(notes)),
    )


def run(scale, repeats=None, only=None, match=None, seed=True, write=True, stream=sys.stdout, label=""):
    seeded_in = seed_if_needed(scale) if seed else None
    ctx = Context()
    results = []
    try:
        for item in load_scenarios():
            if only and item.name not in only:
                continue
            if match and match not in item.name:
                continue
            result = run_one(item, ctx, repeats or item.repeats)
            results.append(result)
            line = (
                f"{result.name:<50} median {result.median_ms:8.1f} ms  p95 {result.p95_ms:8.1f} ms  "
                f"queries {result.queries:3d}  {result.error or result.note}"
            )
            print(line, file=stream)
    finally:
        ctx.close()
    if write:
        write_doc(scale, results, seeded_in, label)
    return results


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem_gb = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem_gb}, Python {platform.python_version()}, {connection.vendor}"


def write_doc(scale, results, seeded_in, label=""):
    """Replace the scale's section of docs/benchmarks.md (or, with ``label``, the section of that
    partial rerun, kept beside the full run's)."""
    header = f"## Scale: {scale}" + (f" ({label})" if label else "")
    lines = [
        header,
        "",
        f"Run {timezone.localtime():%Y-%m-%d %H:%M} on {machine_description()}.",
    ]
    if seeded_in is not None:
        lines.append(f"Seeded in {seeded_in:.0f} s before the run.")
    lines += [
        "",
        "| scenario | target | met | runs | median ms | p95 ms | max ms | SQL queries | note |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.target} | {verdict(r)} | {r.runs} | {r.median_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.max_ms:.1f} | {r.queries} | {r.error or r.note} |"
        )
    section = "\n".join(lines) + "\n"
    text = (
        DOC.read_text() if DOC.exists() else "# Benchmarks\n\nWritten by `make bench SCALE=…` (bench/harness.py).\n\n"
    )
    pattern = re.compile(rf"^{re.escape(header)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text)
