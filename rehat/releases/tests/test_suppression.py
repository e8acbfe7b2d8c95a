import random

import pytest

from rehat.releases.domain.suppression import AGENCY, Suppression, plan_suppression
from rehat.releases.tests.attack import recoverable

K = 10


def random_tree(rng: random.Random, size: int) -> tuple[dict[str, str], dict[str, int]]:
    """A unit tree and the noisy count of the bucket rooted at some of its units."""
    parent: dict[str, str] = {}
    for i in range(size):
        code = f"U{i}"
        parent[code] = AGENCY if i < 3 or rng.random() < 0.05 else f"U{rng.randrange(i)}"
    # Leaves always root a bucket; inner units sometimes do; counts are often small.
    leaves = set(parent) - set(parent.values())
    roots = leaves | {u for u in parent if rng.random() < 0.4} | {AGENCY}
    own = {u: rng.choice([rng.randint(-3, 9), rng.randint(5, 40)]) for u in roots}
    return parent, own


def subtree_counts(parent: dict[str, str], own: dict[str, int]) -> dict[str, int]:
    totals = dict.fromkeys([*parent, AGENCY], 0)
    for root, n in own.items():
        unit = root
        while True:
            totals[unit] += n
            if unit == AGENCY:
                break
            unit = parent[unit]
    return totals


def sensitive(plan: Suppression, n_sub: dict[str, int], own: dict[str, int]) -> set[str]:
    return {f"S:{u}" for u in plan.hidden if n_sub[u] < K} | {f"own:{u}" for u in own if own[u] < K}


def known_of(plan: Suppression, parent: dict[str, str], own: dict[str, int]) -> set[str]:
    shown = {f"S:{u}" for u in [*parent, AGENCY] if u not in plan.hidden}
    return shown | {f"own:{u}" for u in own if u not in plan.hidden_own}


@pytest.mark.parametrize("seed", range(40))
def test_plan_suppression_no_small_value_is_recoverable(seed):
    parent, own = random_tree(random.Random(seed), 60)
    n_sub = subtree_counts(parent, own)

    plan = plan_suppression(parent=parent, n_subtree=n_sub, n_own=own, k=K)

    found = recoverable(parent=parent, roots=set(own), known=known_of(plan, parent, own))
    assert found & sensitive(plan, n_sub, own) == set()
    assert all(f"S:{u}" not in found for u in plan.hidden)


def test_plan_suppression_primary_alone_would_leak():
    # Without complementary suppression the same attack succeeds: the attack works.
    leaks = 0
    for seed in range(40):
        parent, own = random_tree(random.Random(seed), 60)
        n_sub = subtree_counts(parent, own)
        primary = Suppression(
            hidden={u for u, n in n_sub.items() if n < K},
            hidden_own={u for u, n in own.items() if n < K},
        )
        found = recoverable(parent=parent, roots=set(own), known=known_of(primary, parent, own))
        leaks += bool(found & sensitive(primary, n_sub, own))
    assert leaks > 20


def test_plan_suppression_hides_the_next_smallest_sibling():
    parent = {"A": AGENCY, "B": AGENCY, "C": AGENCY}
    own = {"A": 4, "B": 30, "C": 12}
    n_sub = subtree_counts(parent, own)

    plan = plan_suppression(parent=parent, n_subtree=n_sub, n_own=own, k=K)

    assert plan.hidden == {"A", "C"}


def test_plan_suppression_hides_the_parent_when_no_sibling_is_left():
    parent = {"P": AGENCY, "A": "P", "Q": AGENCY}
    own = {"A": 4, "Q": 50}
    n_sub = subtree_counts(parent, own)

    plan = plan_suppression(parent=parent, n_subtree=n_sub, n_own=own, k=K)

    # P equals A, so P goes; then Q keeps the agency row from giving P away.
    assert plan.hidden == {"A", "P", "Q"}


def test_plan_suppression_shows_everything_when_groups_are_large():
    parent = {"A": AGENCY, "B": "A", "C": "A"}
    own = {"A": 15, "B": 20, "C": 25, AGENCY: 11}
    n_sub = subtree_counts(parent, own)

    plan = plan_suppression(parent=parent, n_subtree=n_sub, n_own=own, k=K)

    assert plan.hidden == set()
    assert plan.hidden_own == set()
