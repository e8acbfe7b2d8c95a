"""Reading released rows: the one door from dashboards, reports and exports to numbers.

Everything here queries rehat.releases models only. There is no function that reads
answers, submissions or conversations; tests/test_boundary.py keeps it that way.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rehat.organizations.models import Unit
from rehat.releases.models import Release, ReleasedStat

AGENCY = ""  # the agency's row has an empty unit code


# A mean whose 95 % interval is wider than this says little (privacy.md §3.5: for small
# groups publish banded shares, not means); likewise a share spanning half the scale.
MAX_MEAN_SPAN = 30.0
MAX_SHARE_SPAN = 0.5


@dataclass(frozen=True)
class Cell:
    period: str
    row: ReleasedStat | None  # None: no row for the unit in this release (rolled up)

    @property
    def shown(self) -> bool:
        return self.row is not None and not self.row.suppressed

    def value(self, metric: str) -> float | None:
        if self.row is None or self.row.suppressed:
            return None
        stat = self.row.stats.get(metric)
        return None if stat is None else float(stat["value"])

    def precise(self, metric: str, max_span: float) -> float | None:
        """The value, unless its 95 % interval is too wide to say anything useful."""
        value, interval = self.value(metric), self.interval(metric)
        if value is None or interval is None or interval[1] - interval[0] > max_span:
            return None
        return value

    @property
    def who5_mean_precise(self) -> float | None:
        return self.precise("who5_mean", MAX_MEAN_SPAN)

    @property
    def burnout_share_precise(self) -> float | None:
        return self.precise("burnout_share", MAX_SHARE_SPAN)

    def interval(self, metric: str) -> tuple[float, float] | None:
        if self.row is None or self.row.suppressed or metric not in self.row.stats:
            return None
        return float(self.row.stats[metric]["low"]), float(self.row.stats[metric]["high"])


def recent_periods(*, kind: str, limit: int) -> list[str]:
    """The codes of the latest `limit` releases of a kind, oldest first.

    Period codes sort in time order within a kind (pulse-2026-W07, screening-2026-03).
    """
    codes = Release.objects.filter(kind=kind).order_by("-period").values_list("period", flat=True)
    return list(codes[:limit])[::-1]


def unit_code(unit: Unit | None) -> str:
    return AGENCY if unit is None else unit.code


def series(*, units: Sequence[str], periods: Sequence[str]) -> dict[str, list[Cell]]:
    """For each unit code, one cell per period (in the given order)."""
    rows = ReleasedStat.objects.filter(
        unit__in=list(units), period__in=list(periods), scope__in=["subtree", "agency"]
    ).only("period", "unit", "suppressed", "n", "stats")
    found = {(r.unit, r.period): r for r in rows}
    return {u: [Cell(p, found.get((u, p))) for p in periods] for u in units}


def latest(*, unit: str, kind: str) -> Cell | None:
    periods = recent_periods(kind=kind, limit=1)
    if not periods:
        return None
    return series(units=[unit], periods=periods)[unit][0]


def released_rows(*, units: Sequence[str] | None = None) -> Iterator[ReleasedStat]:
    """Every released row (of these units), for exports, oldest period first.

    One query, read in chunks: a national export must not hold every row at once.
    """
    rows = ReleasedStat.objects.only(
        "period", "scope", "unit", "parent", "suppressed", "n", "stats"
    ).order_by("period", "scope", "unit")
    if units is not None:
        rows = rows.filter(unit__in=list(units))
    return rows.iterator(chunk_size=2000)


def method_of(*, period: str) -> Release | None:
    return Release.objects.filter(period=period).first()
