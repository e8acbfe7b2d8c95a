"""A reader's attack on released rows: solve the tree's sum equations for hidden values.

Variables are every subtree value S(U) and every bucket's own value own(U). The
equations S(U) = own(U) + Σ S(child) hold exactly for released noisy sums. A hidden
value is recovered when its unit vector lies in the row space of the equations
restricted to the unknowns (everything shown moves to the right-hand side).
"""

from collections import defaultdict

import numpy as np


def recoverable(*, parent: dict[str, str], roots: set[str], known: set[str]) -> set[str]:
    """Which unknown variables ("S:<unit>" or "own:<unit>") the equations pin down.

    `parent` maps each unit with a row to its parent ("" is the agency, which has no
    parent); `roots` are the units a bucket is rooted at; `known` the shown variables.
    """
    units = sorted(set(parent) | {""})
    children = defaultdict(list)
    for unit, up in parent.items():
        children[up].append(unit)
    variables = [f"S:{u}" for u in units] + [f"own:{u}" for u in sorted(roots)]
    unknown = [v for v in variables if v not in known]
    column = {v: i for i, v in enumerate(unknown)}
    rows = []
    for unit in units:
        row = np.zeros(len(unknown))
        terms = [(f"S:{unit}", 1.0)] + [(f"S:{c}", -1.0) for c in children[unit]]
        if unit in roots:
            terms.append((f"own:{unit}", -1.0))
        for name, sign in terms:
            if name in column:
                row[column[name]] = sign
        rows.append(row)
    matrix = np.array(rows) if rows and unknown else np.zeros((0, len(unknown)))
    base = np.linalg.matrix_rank(matrix) if matrix.size else 0
    found = set()
    for name, i in column.items():
        probe = np.zeros(len(unknown))
        probe[i] = 1.0
        stacked = np.vstack([matrix, probe]) if matrix.size else probe[None, :]
        if np.linalg.matrix_rank(stacked) == base:
            found.add(name)
    return found


def naive_differences(
    *, parent: dict[str, str], shown: dict[str, int], roots: set[str], hidden: set[str]
) -> dict[str, int]:
    """The textbook attack: a shown parent minus its shown children, when exactly one
    child is hidden and the parent has no bucket of its own."""
    children = defaultdict(list)
    for unit, up in parent.items():
        children[up].append(unit)
    out = {}
    for unit, total in shown.items():
        missing = [c for c in children[unit] if c in hidden]
        if len(missing) == 1 and unit not in roots:
            out[missing[0]] = total - sum(shown[c] for c in children[unit] if c not in hidden)
    return out
