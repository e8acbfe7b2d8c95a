"""Run every benchmark in a throw-away data folder and print a table.

    .venv/bin/python -m bench [--employees 22000] [--strict]

Each benchmark runs on its own temporary SQLite databases (REHAT_DATA_DIR points to a
temporary folder before Django starts); the demo data folder is never touched.
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
    by_name = {result.name: result for result in results}
    lines = [
        f"{'benchmark':<46} {'rows':>7} {'seconds':>8} {'rows/s':>8}  {'vs baseline':<32} limit",
        "-" * 118,
    ]
    for r in results:
        base = by_name.get(r.baseline)
        ratio = f"{r.seconds / base.seconds:.2f}× {base.name}" if base else "(baseline)"
        limit = ""
        if r.limit is not None:
            limit = f"< {r.limit:.0f} s {'ok' if r.seconds < r.limit else 'OVER'}"
        lines.append(
            f"{r.name:<46} {r.rows:>7} {r.seconds:>8.2f} {r.rows / r.seconds:>8.0f}  "
            f"{ratio:<32} {limit}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--employees", type=int, default=22_000)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a limit is exceeded")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rehat-bench-") as folder:
        _setup_django(Path(folder))
        # Imports models, so only after django.setup() with the temporary data folder.
        from bench import imports  # noqa: PLC0415

        results = imports.run(employees=options.employees, work_dir=Path(folder))
        connections.close_all()
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU, SQLite (temporary files)")
    print("\n".join(_table(results)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the whole run: {peak:.0f} MiB")
    over = [r for r in results if r.limit is not None and r.seconds >= r.limit]
    return 1 if options.strict and over else 0


if __name__ == "__main__":
    sys.exit(main())
