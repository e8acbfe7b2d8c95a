"""Import benchmarks: a 22,000-employee XLSX dry run and apply, each against a baseline.

Baselines, measured in the same run on the same data:
- the dry run of the same employees as CSV (what parsing XLSX costs on top);
- the apply of the same employees from CSV into the same starting database;
- the re-import of the unchanged XLSX (dry run and apply that find nothing to change).
"""

import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

from bench import data
from rehat.organizations.domain.imports import apply_import, create_import
from rehat.organizations.models import Employee, ImportBatch

LIMIT_SECONDS = 20.0


@dataclass
class Result:
    name: str
    rows: int
    seconds: float
    baseline: str = ""
    limit: float | None = None


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _database_file() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _snapshot(target: Path) -> None:
    connections.close_all()  # the last connection to close checkpoints the WAL
    shutil.copyfile(_database_file(), target)


def _restore(source: Path) -> None:
    connections.close_all()
    for suffix in ("-wal", "-shm"):
        Path(f"{_database_file()}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, _database_file())


def _dry_run(kind: str, name: str, content: bytes) -> ImportBatch:
    batch = create_import(kind=kind, file_name=name, content=content, actor=None)
    if batch.summary["invalid"]:
        raise RuntimeError(f"benchmark data has errors: {batch.summary['errors'][:3]}")
    return batch


def run(*, employees: int, work_dir: Path, seed: int = 2026) -> list[Result]:
    rng = random.Random(seed)
    unit_rows = data.build_units(max(2, employees // 20), rng)
    employee_rows = data.build_employees(employees, unit_rows, rng)
    units_xlsx = data.to_xlsx(data.UNIT_HEADERS, unit_rows)
    people_xlsx = data.to_xlsx(data.EMPLOYEE_HEADERS, employee_rows)
    people_csv = data.to_csv(data.EMPLOYEE_HEADERS, employee_rows)
    results = []

    batch = create_import(kind="units", file_name="unit.xlsx", content=units_xlsx, actor=None)
    seconds = timed(lambda: apply_import(batch=batch, actor=None))
    results.append(Result("units: apply XLSX", len(unit_rows), seconds))
    snapshot = work_dir / "units-only.sqlite3"
    _snapshot(snapshot)

    n = len(employee_rows)
    seconds = timed(lambda: _dry_run("employees", "pegawai.csv", people_csv))
    results.append(Result("employees: dry run CSV", n, seconds))
    seconds = timed(lambda: _dry_run("employees", "pegawai.xlsx", people_xlsx))
    results.append(
        Result("employees: dry run XLSX", n, seconds, "employees: dry run CSV", LIMIT_SECONDS)
    )

    csv_batch = _dry_run("employees", "pegawai.csv", people_csv)
    seconds = timed(lambda: apply_import(batch=csv_batch, actor=None))
    results.append(Result("employees: apply CSV (new)", n, seconds))
    _restore(snapshot)
    xlsx_batch = _dry_run("employees", "pegawai.xlsx", people_xlsx)
    seconds = timed(lambda: apply_import(batch=xlsx_batch, actor=None))
    results.append(
        Result(
            "employees: apply XLSX (new)", n, seconds, "employees: apply CSV (new)", LIMIT_SECONDS
        )
    )
    if Employee.objects.count() != n:
        raise RuntimeError("the apply did not create every employee")

    seconds = timed(lambda: _dry_run("employees", "pegawai.xlsx", people_xlsx))
    results.append(
        Result(
            "employees: re-import dry run XLSX (unchanged)", n, seconds, "employees: dry run XLSX"
        )
    )
    again = _dry_run("employees", "pegawai.xlsx", people_xlsx)
    seconds = timed(lambda: apply_import(batch=again, actor=None))
    results.append(
        Result(
            "employees: re-import apply XLSX (unchanged)", n, seconds, "employees: apply XLSX (new)"
        )
    )
    if again.summary["updated"] or again.summary["new"]:
        raise RuntimeError("re-importing the same file changed something")
    return results
