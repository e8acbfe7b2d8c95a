"""Insights benchmarks: a national release on PostgreSQL, and the HR dashboard.

    .venv/bin/python -m bench.insights [--employees 5600000] [--units 150000] [--skip-release]

1. *release*: a synthetic national period — `--employees` people in `--units` units
   (random tree, up to 7 levels), token buckets planned as plan_buckets does (≥ 20 people,
   small units merge upward), 60 % participation. Submissions and answers are written
   with COPY into a temporary PostgreSQL anonymous database (REHAT_BENCH_PG, default
   postgresql://postgres@127.0.0.1:5432/postgres; dropped at the end). Timed:
   `release_period` alone — SQL aggregation, OpenDP noise, roll-up, suppression, writing
   rows and ledger. Target: under 120 s on 2 cores.
2. *hr dashboard*: 1,100 units and 22,000 employees, 52 released pulse periods (released
   through `release_period` from synthetic per-bucket aggregates), then 60 requests of
   the HR page with 52 periods per unit level, through Django's test client. Target: p95
   under 300 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import django

ADMIN_URL = os.environ.get("REHAT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _plan(parent: list[int], headcount: list[int], min_size: int) -> dict[int, int]:
    """bucket root → size, as checkins/domain/buckets.py plans them (children first)."""
    size = list(headcount)
    roots: dict[int, int] = {}
    for unit in range(len(parent) - 1, -1, -1):  # children have larger indexes
        if size[unit] >= min_size:
            roots[unit] = size[unit]
        elif parent[unit] >= 0:
            size[parent[unit]] += size[unit]
    return roots


def synthetic_agency(*, units: int, employees: int, seed: int = 8):
    rng = random.Random(seed)
    parent = [-1] * units
    depth = [0] * units
    tops = max(1, units // 2000)
    for i in range(tops, units):
        up = rng.randrange(max(0, i - 5000), i)
        if depth[up] >= 6:  # keep the tree at most 7 levels deep
            up = rng.randrange(tops)
        parent[i], depth[i] = up, depth[up] + 1
    weights = [rng.lognormvariate(0, 1) for _ in range(units)]
    scale = employees / sum(weights)
    headcount = [int(w * scale) for w in weights]
    return parent, headcount, _plan(parent, headcount, 20)


def _database(name: str) -> str:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def _drop(name: str) -> None:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_release(*, units: int, employees: int) -> None:
    from django.db import connections  # noqa: PLC0415

    from rehat.releases.domain import PeriodInfo, Tree, release_period  # noqa: PLC0415

    parent, _headcount, roots = synthetic_agency(units=units, employees=employees)
    code = [f"U{i:06d}" for i in range(units)]
    tree = Tree(
        parent={code[i]: (code[p] if p >= 0 else "") for i, p in enumerate(parent)},
        bucket_root={code[r]: code[r] for r in roots},
    )
    period = "pulse-2026-W10"
    started = time.perf_counter()
    # The server generates the answers (60 % of each bucket): far faster than Python rows.
    with connections["anonymous"].cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_bucket (code text, size int)")
        with cursor.connection.cursor().copy("COPY bench_bucket (code, size) FROM STDIN") as copy:
            for root, size in roots.items():
                copy.write_row((code[root], size))
        cursor.execute(
            "INSERT INTO responses_submission (id, period, bucket, help) "
            "SELECT gen_random_uuid(), %s, b.code, (ARRAY['', 'rest', 'listen'])[1 + floor(random() * 3)::int] "
            "FROM bench_bucket b, generate_series(1, b.size) WHERE random() < 0.6",
            [period],
        )
        for instrument, low, high in (("who5", 0, 25), ("single-item-burnout", 1, 5)):
            cursor.execute(
                "INSERT INTO responses_answer (id, submission_id, instrument, values, total,"
                " subscales, band, flags) "
                "SELECT gen_random_uuid(), id, %s, '[]', floor(%s + random() * (%s - %s + 1)),"
                " '{}', '', '[]' FROM responses_submission",
                [instrument, low, high, low],
            )
        cursor.execute("ANALYZE responses_submission")
        cursor.execute("ANALYZE responses_answer")
        cursor.execute("SELECT count(*) FROM responses_submission")
        answered = cursor.fetchone()[0]
    print(
        f"data: {units} units, {len(roots)} buckets, {answered} submissions "
        f"({time.perf_counter() - started:.0f} s to write)",
        flush=True,
    )
    started = time.perf_counter()
    release = release_period(period=PeriodInfo(period, "pulse", 2026), tree=tree)
    seconds = time.perf_counter() - started
    rows = release.stats.count()
    hidden = release.stats.filter(suppressed=True).count()
    print(f"release: {seconds:.1f} s for {rows} rows ({hidden} suppressed), target < 120 s")


def bench_hr_dashboard(*, units: int = 1100, employees: int = 22000, periods: int = 52) -> None:
    from django.test import Client  # noqa: PLC0415

    from rehat.accounts.models import User  # noqa: PLC0415
    from rehat.organizations.models import Role, Unit  # noqa: PLC0415
    from rehat.releases.domain import PeriodInfo, Tree, release_period  # noqa: PLC0415
    from rehat.releases.domain import release as release_module  # noqa: PLC0415

    parent, _headcount, roots = synthetic_agency(units=units, employees=employees, seed=3)
    made: list[Unit] = []
    for i, p in enumerate(parent):
        up = made[p] if p >= 0 else None
        unit = Unit(code=f"H{i:05d}", name=f"Unit {i}", parent=up)
        unit.path = up.path if up else "/"  # filled below once pks exist
        unit.depth = (up.depth + 1) if up else 0
        unit.save()
        unit.path = f"{up.path if up else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        made.append(unit)
    code = [u.code for u in made]
    tree = Tree(
        parent={code[i]: (code[p] if p >= 0 else "") for i, p in enumerate(parent)},
        bucket_root={code[r]: code[r] for r in roots},
    )
    rng = random.Random(2)

    def fake_exact(*, period: str, kind: str):
        exact = {}
        for root, size in roots.items():
            n = sum(rng.random() < 0.6 for _ in range(size))
            exact[code[root]] = {
                "respondents": n,
                "who5_sum": n * rng.randint(8, 18),
                "who5_low": n // 3,
                "burnout_high": n // 5,
                "help:rest": n // 4,
            }
        return exact

    release_module.collect_exact = fake_exact
    for week in range(1, periods + 1):
        year, w = (2025, week) if week <= 52 else (2026, week - 52)
        release_period(
            period=PeriodInfo(f"pulse-{year}-W{w:02d}", "pulse", year),
            tree=tree,
            budget=release_module.Budget(1.0, 100.0),
        )
    hr = User.objects.create_user(email="sdm@bench.go.id", name="SDM", password="x-bench-123")
    Role.objects.create(user=hr, kind="hr")
    client = Client()
    client.force_login(hr)
    top = made[0].code
    urls = ["/wawasan/sdm/?periods=52", f"/wawasan/sdm/?unit={top}&periods=52"]
    for url in urls:
        assert client.get(url).status_code == 200
    times = []
    for i in range(60):
        started = time.perf_counter()
        response = client.get(urls[i % 2])
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"hr dashboard: {units} units, {periods} periods: median {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms, target < 300 ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=5_600_000)
    parser.add_argument("--units", type=int, default=150_000)
    parser.add_argument("--skip-release", action="store_true")
    parser.add_argument("--skip-dashboard", action="store_true")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rehat-bench-insights-"))
    os.environ["REHAT_DATA_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rehat.settings"
    os.environ["REHAT_ALLOWED_HOSTS"] = "testserver"
    for name in ("DATABASE_URL", "ANONYMOUS_DATABASE_URL", "REHAT_PRODUCTION"):
        os.environ.pop(name, None)
    name = f"rehat_bench_release_{uuid.uuid4().hex[:8]}"
    os.environ["ANONYMOUS_DATABASE_URL"] = _database(name)
    try:
        django.setup()
        from django.conf import settings  # noqa: PLC0415
        from django.core.management import call_command  # noqa: PLC0415

        for alias in settings.DATABASES:
            call_command("migrate", database=alias, interactive=False, verbosity=0)
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
        if not options.skip_dashboard:
            bench_hr_dashboard()
        if not options.skip_release:
            bench_release(units=options.units, employees=options.employees)
    finally:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        _drop(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
