"""python -m bench --scale demo|city|province [--repeats N] [--only NAME …]"""

import argparse
import os
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", default="city", choices=["tiny", "demo", "city", "province"])
    parser.add_argument("--repeats", type=int, default=None, help="runs per scenario (default: the scenario's own)")
    parser.add_argument("--only", nargs="*", default=None, help="scenario names to run")
    parser.add_argument("--match", default=None, help="run only scenarios whose name contains this text")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update docs/benchmarks.md")
    parser.add_argument(
        "--label", default="", help="write a section of its own (a partial rerun), headed with the scale and this label"
    )
    args = parser.parse_args(argv)

    # Measure what production runs: DEBUG off (no query log, cached templates).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.harness import run

    # Production serves hashed static names from a manifest; build it as a deployment does.
    call_command("collectstatic", "--noinput", verbosity=0)

    results = run(
        scale=args.scale,
        repeats=args.repeats,
        only=args.only,
        match=args.match,
        seed=not args.no_seed,
        write=not args.no_write,
        label=args.label,
    )
    failed = [r for r in results if r.error]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
