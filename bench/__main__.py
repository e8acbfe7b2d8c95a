"""Run the benchmarks in a throw-away data folder and print a table.

    .venv/bin/python -m bench [NAME ...] [--employees 22000] [--scale 1.0] [--strict]

NAME selects benchmarks (imports, tokens, redeem_http, worktime, worktime_1m); none means all
of them except worktime_1m (bench/worktime.py).
The imports and tokens benchmarks run on temporary SQLite databases (REHAT_DATA_DIR points
to a temporary folder before Django starts); redeem_http creates two temporary PostgreSQL
databases (REHAT_BENCH_PG, default postgresql://postgres@127.0.0.1:5432/postgres) and drops
them at the end. The demo data folder is never touched.
"""

import argparse
import os
import platform
import resource
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connections


def _setup_django(data_dir: Path) -> None:
    os.environ["REHAT_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rehat.settings"
    # Always SQLite in the temporary folder, whatever the shell has configured.
    for name in ("DATABASE_URL", "ANONYMOUS_DATABASE_URL", "REHAT_PRODUCTION"):
        os.environ.pop(name, None)
    django.setup()
    for alias in settings.DATABASES:
        call_command("migrate", database=alias, interactive=False, verbosity=0)


def _table(results: list) -> list[str]:
    """Ratios compare time per row, so rows may differ from the baseline's."""
    by_name = {result.name: result for result in results}
    lines = [
        f"{'benchmark':<46} {'rows':>7} {'seconds':>8} {'rows/s':>8}  {'vs baseline':<44} "
        "limit / note",
        "-" * 140,
    ]
    for r in results:
        base = by_name.get(r.baseline)
        ratio = "(baseline)"
        if base:
            ratio = f"{(r.seconds / r.rows) / (base.seconds / base.rows):.2f}× {base.name}"
        notes = []
        if r.limit is not None:
            notes.append(f"< {r.limit:.0f} s {'ok' if r.seconds < r.limit else 'OVER'}")
        min_rate = getattr(r, "min_rate", None)
        if min_rate is not None:
            notes.append(f"≥ {min_rate:.0f}/s {'ok' if _under(r) is False else 'UNDER'}")
        if getattr(r, "note", ""):
            notes.append(r.note)
        lines.append(
            f"{r.name:<46} {r.rows:>7} {r.seconds:>8.2f} {r.rows / r.seconds:>8.0f}  "
            f"{ratio:<44} {'; '.join(notes)}"
        )
    return lines


def _under(result: object) -> bool:
    """True when a result misses its limit (seconds) or its minimum rate (rows/s)."""
    limit = getattr(result, "limit", None)
    min_rate = getattr(result, "min_rate", None)
    rows, seconds = result.rows, result.seconds  # type: ignore[attr-defined]
    return bool(
        (limit is not None and seconds >= limit)
        or (min_rate is not None and rows / seconds < min_rate)
    )


BENCHMARKS = ("imports", "tokens", "redeem_http", "worktime", "worktime_1m")


def _run(name: str, options: argparse.Namespace, work_dir: Path) -> list:
    # The modules import models, so only after django.setup() with the temporary folder.
    if name == "imports":
        from bench import imports  # noqa: PLC0415

        return imports.run(employees=options.employees, work_dir=work_dir)
    if name == "tokens":
        from bench import tokens  # noqa: PLC0415

        return tokens.run(work_dir=work_dir, scale=options.scale)
    if name in ("worktime", "worktime_1m"):
        from bench import worktime  # noqa: PLC0415

        if name == "worktime_1m":  # issue 6: 1 M lines against whatstk, and a 100 MB export
            return worktime.run(work_dir=work_dir, lines=1_000_000, memory_mb=100)
        return worktime.run(work_dir=work_dir, lines=int(200_000 * options.scale))
    from bench import redeem_http  # noqa: PLC0415

    return redeem_http.run(work_dir=work_dir, scale=options.scale)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(BENCHMARKS)}")
    parser.add_argument("--employees", type=int, default=22_000)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the token/request counts (tokens, http)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a limit is exceeded")
    options = parser.parse_args()
    unknown = sorted(set(options.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    # worktime_1m takes minutes (whatstk alone needs ~15 s and 0.8 GB): only when named.
    names = [
        name
        for name in BENCHMARKS
        if name in options.names or (not options.names and name != "worktime_1m")
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="rehat-bench-") as folder:
        _setup_django(Path(folder))
        for name in names:
            results += _run(name, options, Path(folder))
            connections.close_all()
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPU, SQLite (temporary files)"
        + (", PostgreSQL for redeem_http" if "redeem_http" in names else "")
    )
    print("\n".join(_table(results)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the benchmark process: {peak:.0f} MiB")
    return 1 if options.strict and any(_under(r) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
