"""The bench's verdict column, on hand-made results."""

from types import SimpleNamespace

import pytest

from bench.verdict import verdict


def result(target, median=0.0, p95=0.0, queries=0, note="", error=""):
    return SimpleNamespace(target=target, median_ms=median, p95_ms=p95, queries=queries, note=note, error=error)


@pytest.mark.parametrize(
    "target, values, expected",
    [
        ("median ≤ 150 ms, p95 ≤ 300 ms", {"median": 150, "p95": 300}, "yes"),  # the bounds themselves pass
        ("median ≤ 150 ms, p95 ≤ 300 ms", {"median": 150.1, "p95": 10}, "no"),
        ("median ≤ 150 ms, p95 ≤ 300 ms", {"median": 10, "p95": 300.5}, "no"),
        ("median ≤ 150 ms, p95 ≤ 300 ms, ≤ 15 queries", {"median": 90, "p95": 120, "queries": 16}, "no"),
        ("median ≤ 150 ms, p95 ≤ 300 ms, ≤ 15 queries", {"median": 90, "p95": 120, "queries": 15}, "yes"),
        ("100k rows ≤ 15 s", {"median": 14999}, "yes"),
        ("commit ≤ 3 s", {"median": 3001}, "no"),
        ("≤ 60 s", {"median": 29700}, "yes"),
        ("peak ≤ 150 MB", {"note": "peak 87 MB"}, "yes"),
        ("peak ≤ 150 MB", {"note": "peak 151 MB"}, "no"),
        ("peak ≤ 150 MB", {"note": ""}, ""),  # nothing measured: no verdict
        ("≥ 3× ours", {"median": 1}, ""),  # compares two rows: not judged here
        ("", {"median": 1}, ""),
        ("median ≤ 120 ms", {"median": 1, "error": "RuntimeError: 500"}, "no"),
    ],
)
def test_verdict(target, values, expected):
    assert verdict(result(target, **values)) == expected
