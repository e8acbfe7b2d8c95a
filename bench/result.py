"""One row of the benchmark table, shared by the token and redemption benchmarks.

`rows / seconds` is the rate; `baseline` names another row of the same run, and the
table shows the ratio of time per row. `min_rate` is a target in rows/s (shown as ok or
UNDER, never asserted); `note` carries latency or context.
"""

from dataclasses import dataclass


@dataclass
class Result:
    name: str
    rows: int
    seconds: float
    baseline: str = ""
    limit: float | None = None  # seconds, as in bench/imports.py
    min_rate: float | None = None  # rows/s
    note: str = ""

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0
