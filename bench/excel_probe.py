"""Run one Excel export or import in a fresh process and print its time and peak memory (JSON).

    python -m bench.excel_probe export ours|iex
    python -m bench.excel_probe import ours|iex FILE

Used by bench/scenarios_excel.py, so that the peak resident memory of the work is measured apart
from the harness; imports run inside a transaction that is rolled back (nothing is written)."""

import json
import os
import resource
import sys
import tempfile
import time


def peak_mb():
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited through exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from bench import excel_side_by_side as sbs

    what, how = argv[0], argv[1]
    user = sbs.bench_user()
    baseline = peak_mb()
    started = time.perf_counter()
    if what == "export":
        with tempfile.TemporaryDirectory() as folder:
            rows = sbs.export_ours(user, folder) if how == "ours" else sbs.export_iex(user, folder)
    else:
        with open(argv[2], "rb") as handle:
            data = handle.read()
        rows = sbs.import_ours(user, data) if how == "ours" else sbs.import_iex(user, data)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"rows": rows, "seconds": round(seconds, 2), "peak_mb": round(peak_mb()), "base_mb": round(baseline)}
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
