"""Laplace noise through OpenDP (0.16, "contrib" features; see privacy.md §3).

Every query is an integer vector over disjoint token buckets (counts, or sums of
clamped integer scores). One person changes one bucket's entry by at most the query's
sensitivity, so the whole vector has L1 sensitivity `sensitivity` and one discrete
Laplace measurement releases all buckets at once (parallel composition across
buckets, sequential composition across queries: the ledger adds the queries' ε).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import opendp.prelude as dp

dp.enable_features("contrib")

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Mechanism:
    scale: float
    epsilon: float  # what OpenDP says one release of this vector costs each bucket
    accuracy: float  # half-width of the 95 % interval of one bucket's noise

    def release(self, values: Sequence[int]) -> list[int]:
        if not values:
            return []
        return [int(v) for v in _measurement(self.scale)(list(values))]


@cache
def _measurement(scale: float) -> Any:
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    return dp.m.make_laplace(*space, scale=scale)


def make_mechanism(*, sensitivity: int, epsilon: float) -> Mechanism:
    """Discrete Laplace calibrated so that one release costs `epsilon`."""
    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    scale = sensitivity / epsilon
    spent = float(_measurement(scale).map(d_in=sensitivity))
    if spent > epsilon * (1 + 1e-9):
        raise ValueError(f"noise scale {scale} spends {spent} > {epsilon}")
    accuracy = float(dp.discrete_laplacian_scale_to_accuracy(scale, 1 - CONFIDENCE))
    return Mechanism(scale=scale, epsilon=spent, accuracy=accuracy)


def sum_accuracy(*, accuracy: float, terms: int) -> float:
    """95 % half-width of a sum of `terms` independent noises, each of half-width `accuracy`.

    Exact for one term; sqrt(terms) growth is conservative for Laplace sums (their tails
    get lighter as terms add up)."""
    return accuracy * math.sqrt(max(terms, 1))


def ratio_interval(
    *,
    numerator: float,
    numerator_accuracy: float,
    denominator: float,
    denominator_accuracy: float,
    bounds: tuple[float, float],
) -> tuple[float, float, float]:
    """Value and a conservative interval for numerator / denominator, inside `bounds`."""
    low, high = bounds
    floor = max(denominator - denominator_accuracy, 1.0)
    top = max(denominator + denominator_accuracy, floor)
    candidates = [
        (numerator + sign * numerator_accuracy) / d for sign in (-1, 1) for d in (floor, top)
    ]
    value = numerator / max(denominator, 1.0)

    def clip(x: float) -> float:
        return min(high, max(low, x))

    return clip(value), clip(min(candidates)), clip(max(candidates))
