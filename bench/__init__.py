"""Benchmarks: seed a scale, time named scenarios, write docs/benchmarks.md (see bench/harness.py)."""
