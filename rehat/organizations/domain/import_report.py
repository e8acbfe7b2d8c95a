"""The result of an import's dry run or apply, as stored in ImportBatch.summary."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rehat.organizations.domain.tables import CellError


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    roles_granted: int = 0
    roles_revoked: int = 0
    applied: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.new + self.updated

    @property
    def can_apply(self) -> bool:
        """Everything is valid and something would change."""
        return not self.errors and self.changes > 0

    @property
    def can_apply_valid_only(self) -> bool:
        return bool(self.errors) and self.changes > 0

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "roles_granted": self.roles_granted,
            "roles_revoked": self.roles_revoked,
        }

    def to_summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.counts(),
            "applied": self.applied,
            "errors": [[e.row, e.column, e.message] for e in self.errors],
        }

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> "ImportReport":
        counts = {name: int(summary.get(name, 0)) for name in cls(kind="").counts()}
        return cls(
            kind=str(summary.get("kind", "")),
            applied=bool(summary.get("applied", False)),
            errors=[RowError(int(r), str(c), str(m)) for r, c, m in summary.get("errors", [])],
            **counts,
        )


class ErrorCollector:
    """Row errors in the order found; `bad` holds the row numbers that have any.

    A cell the reader already rejected (a formula, a rounded number) gets no further
    messages: its text is not what the user meant, so they would only add noise.
    """

    def __init__(self, cell_errors: list[CellError]) -> None:
        self.errors = [RowError(e.row, e.column, e.message) for e in cell_errors]
        self.bad = {e.row for e in cell_errors}
        self.rejected_cells = {(e.row, e.column) for e in cell_errors}

    def add(self, row: int, column: str, message: str) -> None:
        self.bad.add(row)
        if (row, column) in self.rejected_cells:
            return
        self.errors.append(RowError(row, column, message))

    def sorted(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: e.row)


def find_cycles[K](parent_of: Mapping[K, K | None], starts: Iterable[K]) -> list[list[K]]:
    """Every cycle reachable from `starts` by following parent links, each listed once."""
    state: dict[K, bool] = {}  # False: on the current walk, True: finished
    cycles: list[list[K]] = []
    for start in starts:
        walk: list[K] = []
        node: K | None = start
        while node is not None and node not in state:
            state[node] = False
            walk.append(node)
            node = parent_of.get(node)
        if node is not None and state[node] is False:
            cycles.append(walk[walk.index(node) :])
        for visited in walk:
            state[visited] = True
    return cycles
