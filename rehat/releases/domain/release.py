"""The release of one closed period: noise, ledger, roll-up, suppression, immutable rows.

Inputs from the identity side arrive as plain data (the unit tree and which unit roots
each token bucket), so this module reads only the anonymous database. Releases are per
token bucket: a unit's subtree row adds up the buckets rooted inside its subtree; a
unit without such a bucket has no row of its own (it is rolled up into the bucket of an
ancestor), since nothing finer than a bucket was ever recorded.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from rehat.releases.domain.noise import Mechanism, make_mechanism, ratio_interval, sum_accuracy
from rehat.releases.domain.queries import DERIVED, Exact, Query, collect_exact, queries_for
from rehat.releases.domain.suppression import AGENCY, plan_suppression
from rehat.releases.models import EpsilonLedger, Release, ReleasedStat
from rehat.routers import ANONYMOUS

UNKNOWN_ROOT = AGENCY  # answers of a bucket the plan does not know count for the agency only


class ReleaseError(Exception):
    pass


class BudgetExceededError(ReleaseError):
    """The ε ledger refuses: some bucket would pass its yearly cap."""


class AlreadyReleasedError(ReleaseError):
    pass


@dataclass(frozen=True)
class PeriodInfo:
    code: str
    kind: str
    year: int


@dataclass(frozen=True)
class Tree:
    """The unit tree at release time: unit code → parent code (AGENCY at the top), and
    token bucket code → the code of the unit it is rooted at (AGENCY for the agency's)."""

    parent: Mapping[str, str]
    bucket_root: Mapping[str, str]


@dataclass
class Budget:
    per_period: float = field(
        default_factory=lambda: float(getattr(settings, "REHAT_EPSILON_PER_PERIOD", 1.0))
    )
    per_year: float = field(
        default_factory=lambda: float(getattr(settings, "REHAT_EPSILON_PER_YEAR", 70.0))
    )


def min_group() -> int:
    return max(5, int(settings.REHAT_MIN_GROUP))


def _group(name: str) -> str:
    return name.split(":")[0]  # "help:rest" belongs to the "help" histogram


def _mechanisms(queries: Sequence[Query], epsilon: float) -> dict[str, Mechanism]:
    by_group: dict[str, Mechanism] = {}
    for query in queries:
        if _group(query.name) not in by_group:
            by_group[_group(query.name)] = make_mechanism(
                sensitivity=query.sensitivity, epsilon=query.share * epsilon
            )
    return by_group


def spent_epsilon(*, bucket: str, year: int) -> float:
    total = EpsilonLedger.objects.filter(bucket=bucket, year=year).aggregate(s=Sum("epsilon"))["s"]
    return float(total or 0.0)


def check_budget(*, buckets: Sequence[str], year: int, epsilon: float, cap: float) -> None:
    spent = dict(
        EpsilonLedger.objects.filter(bucket__in=buckets, year=year)
        .values("bucket")
        .annotate(s=Sum("epsilon"))
        .values_list("bucket", "s")
    )
    over = sorted(b for b in buckets if spent.get(b, 0.0) + epsilon > cap + 1e-9)
    if over:
        raise BudgetExceededError(
            f"ε ledger: {len(over)} bucket(s) would pass {cap} in {year} (e.g. {over[0]})"
        )


def _noisy(
    exact: Exact, buckets: Sequence[str], queries: Sequence[Query], mechs: Mapping[str, Mechanism]
) -> dict[str, dict[str, int]]:
    noisy: dict[str, dict[str, int]] = {b: {} for b in buckets}
    groups: dict[str, list[str]] = defaultdict(list)
    for query in queries:
        groups[_group(query.name)].append(query.name)
    for group, names in groups.items():
        vector = [exact.get(b, {}).get(name, 0) for b in buckets for name in names]
        released = mechs[group].release(vector)
        for i, bucket in enumerate(buckets):
            for j, name in enumerate(names):
                noisy[bucket][name] = released[i * len(names) + j]
    return noisy


def _ancestors(unit: str, parent: Mapping[str, str]) -> list[str]:
    chain = []
    while unit != AGENCY:
        chain.append(unit)
        unit = parent[unit]
    return [*chain, AGENCY]


def _stats(
    kind: str, sums: Mapping[str, int], terms: int, mechs: Mapping[str, Mechanism]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for d in DERIVED[kind]:
        value, low, high = ratio_interval(
            numerator=sums[d.numerator] * d.scale,
            numerator_accuracy=sum_accuracy(
                accuracy=mechs[_group(d.numerator)].accuracy, terms=terms
            )
            * d.scale,
            denominator=float(sums[d.denominator]),
            denominator_accuracy=sum_accuracy(
                accuracy=mechs[_group(d.denominator)].accuracy, terms=terms
            ),
            bounds=d.bounds,
        )
        out[d.name] = {"value": round(value, 4), "low": round(low, 4), "high": round(high, 4)}
    n_acc = sum_accuracy(accuracy=mechs["respondents"].accuracy, terms=terms)
    n = sums["respondents"]
    out["respondents"] = {"value": n, "low": max(0.0, n - n_acc), "high": n + n_acc}
    if "voices" in sums:
        v_acc = sum_accuracy(accuracy=mechs["voices"].accuracy, terms=terms)
        v = max(0, sums["voices"])
        out["voices"] = {"value": v, "low": max(0.0, v - v_acc), "high": v + v_acc}
    return out


def release_period(*, period: PeriodInfo, tree: Tree, budget: Budget | None = None) -> Release:
    """Compute, suppress and store one period's release; charge every bucket's ledger."""
    budget = budget or Budget()
    k = min_group()
    if Release.objects.filter(period=period.code).exists():
        raise AlreadyReleasedError(period.code)
    queries = queries_for(period.kind)
    exact = collect_exact(period=period.code, kind=period.kind)
    roots = dict(tree.bucket_root)
    for bucket in exact:
        roots.setdefault(bucket, UNKNOWN_ROOT)
    buckets = sorted(roots)
    mechs = _mechanisms(queries, budget.per_period)
    charged = sum(m.epsilon for m in mechs.values())
    check_budget(buckets=buckets, year=period.year, epsilon=charged, cap=budget.per_year)
    noisy = _noisy(exact, buckets, queries, mechs)

    # Roll up: a subtree row for every unit with a bucket rooted inside its subtree.
    names = [q.name for q in queries]
    subtree: dict[str, dict[str, int]] = {}
    terms: dict[str, int] = defaultdict(int)
    own: dict[str, dict[str, int]] = {}
    for bucket in buckets:
        root = roots[bucket]
        if root != AGENCY and root not in tree.parent:
            root = AGENCY  # a root unit that no longer exists counts for the agency only
        cell = own.setdefault(root, dict.fromkeys(names, 0))
        for name in names:
            cell[name] += noisy[bucket][name]
        for unit in _ancestors(root, tree.parent):
            row = subtree.setdefault(unit, dict.fromkeys(names, 0))
            for name in names:
                row[name] += noisy[bucket][name]
            terms[unit] += 1
    subtree.setdefault(AGENCY, dict.fromkeys(names, 0))
    plan = plan_suppression(
        parent={u: tree.parent[u] for u in subtree if u != AGENCY},
        n_subtree={u: row["respondents"] for u, row in subtree.items()},
        n_own={root: cell["respondents"] for root, cell in own.items()},
        k=k,
    )

    def stat_row(scope: str, unit: str, sums: dict[str, int], n_terms: int) -> ReleasedStat:
        hidden = unit in plan.hidden if scope != ReleasedStat.Scope.BUCKET else False
        return ReleasedStat(
            release=release,
            period=period.code,
            scope=scope,
            unit=unit,
            parent=tree.parent.get(unit, AGENCY) if unit != AGENCY else AGENCY,
            suppressed=hidden,
            n=None if hidden else sums["respondents"],
            sums={} if hidden else sums,
            stats={} if hidden else _stats(period.kind, sums, n_terms, mechs),
        )

    method: dict[str, Any] = {
        "k": k,
        "epsilon_per_period": budget.per_period,
        "epsilon_per_year": budget.per_year,
        "confidence": 0.95,
        "mechanism": "discrete Laplace (OpenDP make_laplace, integer vectors)",
        "queries": {
            q.name: {
                "sensitivity": q.sensitivity,
                "epsilon": mechs[_group(q.name)].epsilon,
                "scale": mechs[_group(q.name)].scale,
            }
            for q in queries
        },
    }
    with transaction.atomic(using=ANONYMOUS):
        release = Release(
            period=period.code,
            kind=period.kind,
            year=period.year,
            epsilon=charged,
            min_group=k,
            buckets=len(buckets),
            method=method,
        )
        release.save()
        rows = [
            stat_row(
                ReleasedStat.Scope.AGENCY if unit == AGENCY else ReleasedStat.Scope.SUBTREE,
                unit,
                sums,
                terms[unit],
            )
            for unit, sums in subtree.items()
        ]
        rows += [
            stat_row(ReleasedStat.Scope.BUCKET, root, cell, 1)
            for root, cell in own.items()
            if root not in plan.hidden_own
        ]
        ReleasedStat.objects.bulk_create(rows, batch_size=2000)
        EpsilonLedger.objects.bulk_create(
            [
                EpsilonLedger(bucket=b, period=period.code, year=period.year, epsilon=charged)
                for b in buckets
            ],
            batch_size=5000,
        )
    return release
