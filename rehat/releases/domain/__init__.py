"""Releases: noisy, thresholded, suppressed aggregates per period (DESIGN.md "Releases")."""

from rehat.releases.domain.release import (
    AlreadyReleasedError,
    Budget,
    BudgetExceededError,
    PeriodInfo,
    ReleaseError,
    Tree,
    check_budget,
    min_group,
    release_period,
    spent_epsilon,
)

__all__ = [
    "AlreadyReleasedError",
    "Budget",
    "BudgetExceededError",
    "PeriodInfo",
    "ReleaseError",
    "Tree",
    "check_budget",
    "min_group",
    "release_period",
    "spent_epsilon",
]
