"""Whether a scenario met its target, read from the target text the scenario declares.

Understood parts (joined by commas): ``median ≤ N ms``, ``p95 ≤ N ms``, ``≤ N queries``,
``… ≤ N s`` (the median, in seconds) and ``peak ≤ N MB`` (checked against "peak M MB" in the
scenario's note).  A target with a part not understood here (``≥ 3× ours``, which compares two
rows) gets no verdict rather than a wrong one."""

import re

PARTS = [
    (re.compile(r"^median ≤ ([\d.]+) ms$"), lambda r, n: r.median_ms <= n),
    (re.compile(r"^p95 ≤ ([\d.]+) ms$"), lambda r, n: r.p95_ms <= n),
    (re.compile(r"^≤ (\d+) queries$"), lambda r, n: r.queries <= n),
    (re.compile(r"^(?:[\w\s,]+ )?≤ ([\d.]+) s$"), lambda r, n: r.median_ms <= n * 1000),
]
PEAK_TARGET = re.compile(r"^peak ≤ ([\d.]+) MB$")
PEAK_NOTE = re.compile(r"peak ([\d.]+) MB")


def verdict(result):
    """ "yes", "no", or "" when the target says nothing this module can check."""
    if getattr(result, "error", ""):
        return "no"
    parts = [part.strip() for part in (result.target or "").split(",") if part.strip()]
    if not parts:
        return ""
    met = True
    for part in parts:
        peak = PEAK_TARGET.match(part)
        if peak:
            found = PEAK_NOTE.search(getattr(result, "note", "") or "")
            if found is None:
                return ""
            met = met and float(found.group(1)) <= float(peak.group(1))
            continue
        for pattern, check in PARTS:
            match = pattern.match(part)
            if match:
                met = met and check(result, float(match.group(1)))
                break
        else:
            return ""
    return "yes" if met else "no"
