"""Complementary suppression along the unit tree.

Released subtree values add up: S(U) = own(U) + Σ S(child), where own(U) is the token
bucket rooted at U (if any). A reader who knows some S values can solve these equations
for the others, so hiding a small unit alone is not enough. We keep one invariant:

    every equation has either no unknown, or at least two.

The equations form a tree (each S(C) sits in its own equation and its parent's; each
own(U) only in E_U), and in a tree-shaped linear system an unknown can only be pinned
down by peeling single-unknown equations. With no equation holding exactly one unknown,
peeling never starts, so nothing hidden can be recovered from what is shown. Where a
parent is shown, the hidden cells under it must also add up to at least `k` people, so
their combined value describes a group no smaller than a released one.

own(U) is never released as such; when its noisy count reaches `k` we treat it as known
(assuming more knowledge only makes the guarantee stronger) and may release it as a
bucket row. It can be marked unknown at no cost whenever that keeps the invariant.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

AGENCY = ""  # the virtual root: the whole agency, whose own cell is the agency bucket


@dataclass
class Suppression:
    hidden: set[str] = field(default_factory=set)  # subtree rows not shown
    hidden_own: set[str] = field(default_factory=set)  # own cells treated as unknown


def plan_suppression(
    *,
    parent: Mapping[str, str],
    n_subtree: Mapping[str, int],
    n_own: Mapping[str, int],
    k: int,
) -> Suppression:
    """Which rows to hide. `parent` maps every unit with a row (not AGENCY) to its parent
    (AGENCY at the top); `n_own` holds the noisy count of each bucket by its root."""
    children: dict[str, list[str]] = defaultdict(list)
    for unit, up in parent.items():
        children[up].append(unit)
    plan = Suppression(
        hidden={u for u, n in n_subtree.items() if n < k},
        hidden_own={u for u, n in n_own.items() if n < k},
    )

    def unknown_cells(unit: str) -> list[tuple[str, int]]:
        cells = [(c, n_subtree[c]) for c in children[unit] if c in plan.hidden]
        if unit in plan.hidden_own:
            cells.append(("own:" + unit, n_own[unit]))
        return cells

    def shown_children(unit: str) -> list[str]:
        return sorted(
            (c for c in children[unit] if c not in plan.hidden), key=lambda c: (n_subtree[c], c)
        )

    def hide(unit: str) -> None:
        # Hiding adds an unknown to the unit's own equation: give it company.
        stack = [unit]
        while stack:
            current = stack.pop()
            plan.hidden.add(current)
            if unknown_cells(current):
                continue
            if current in n_own:
                plan.hidden_own.add(current)
                continue
            shown = shown_children(current)
            if not shown:  # a row with neither own cell nor children cannot exist
                raise ValueError(f"unit {current!r} has nothing below it")
            stack.append(shown[0])

    def settle(unit: str) -> None:
        while True:
            cells = unknown_cells(unit)
            if unit in plan.hidden:
                if cells:
                    return
                if unit in n_own:
                    plan.hidden_own.add(unit)
                    return
                hide(shown_children(unit)[0])
                continue
            if not cells or (len(cells) >= 2 and sum(n for _c, n in cells) >= k):
                return
            if unit in n_own and unit not in plan.hidden_own:
                plan.hidden_own.add(unit)  # costs nothing: own cells are not subtree rows
                continue
            shown = shown_children(unit)
            if shown:
                hide(shown[0])
            else:
                hide(unit)

    for unit in _post_order(children):
        settle(unit)
    return plan


def _post_order(children: Mapping[str, list[str]]) -> list[str]:
    order, stack = [], [(AGENCY, False)]
    while stack:
        unit, done = stack.pop()
        if done:
            order.append(unit)
            continue
        stack.append((unit, True))
        stack += [(c, False) for c in children.get(unit, [])]
    return order
