"""Which lesson to suggest to a leader, from their unit's latest *released* figures.

Pure functions over a small typed input: no database, no clock. The input holds only
numbers a dashboard may show (released, above the group threshold, with noise); a
figure that was not released, or was suppressed, is None and can never fire a rule.
The adapter that fills the input from released rows is rehat/lessons/domain/released.py.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rehat.lessons.domain.content import Lesson

LOW_WELLBEING = "low_wellbeing"
HIGH_BURNOUT = "high_burnout"
SAYA_LELAH = "saya_lelah"
AFTER_HOURS = "after_hours"


@dataclass(frozen=True)
class ReleasedFigures:
    """One unit's latest released figures. Shares are 0–1; WHO-5 mean is 0–100."""

    unit: str
    wellbeing_mean: float | None = None
    wellbeing_low_share: float | None = None
    burnout_share: float | None = None
    saya_lelah_count: float | None = None  # noisy count of "Saya lelah" conversations
    after_hours_share: float | None = None  # share of group messages sent after hours


@dataclass(frozen=True)
class Thresholds:
    # WHO-5 below 50 (of 100) is the usual "poor wellbeing" line; the others are
    # defaults for a first conversation, not clinical cut-offs.
    wellbeing_mean_below: float = 50.0
    wellbeing_low_share_at_least: float = 0.30
    burnout_share_at_least: float = 0.25
    saya_lelah_at_least: float = 5.0
    after_hours_share_at_least: float = 0.20


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Signal:
    kind: str
    unit: str
    value: float
    threshold: float


@dataclass(frozen=True)
class Nudge:
    """One suggestion on the leader's home page: a lesson and where it applies."""

    kind: str
    lesson: Lesson
    units: tuple[str, ...]


def _usable(value: float | None, *, low: float, high: float) -> float | None:
    """A released number inside its range, else None (never guess from a broken row)."""
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return None
    return float(value) if low <= value <= high else None


def detect_signals(
    *, figures: ReleasedFigures, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> list[Signal]:
    """The rules, in a fixed order; at most one signal of each kind per unit."""
    signals = []
    mean = _usable(figures.wellbeing_mean, low=0, high=100)
    low_share = _usable(figures.wellbeing_low_share, low=0, high=1)
    if mean is not None and mean < thresholds.wellbeing_mean_below:
        signals.append(Signal(LOW_WELLBEING, figures.unit, mean, thresholds.wellbeing_mean_below))
    elif low_share is not None and low_share >= thresholds.wellbeing_low_share_at_least:
        signals.append(
            Signal(LOW_WELLBEING, figures.unit, low_share, thresholds.wellbeing_low_share_at_least)
        )
    burnout = _usable(figures.burnout_share, low=0, high=1)
    if burnout is not None and burnout >= thresholds.burnout_share_at_least:
        signals.append(
            Signal(HIGH_BURNOUT, figures.unit, burnout, thresholds.burnout_share_at_least)
        )
    voices = _usable(figures.saya_lelah_count, low=0, high=math.inf)
    if voices is not None and voices >= thresholds.saya_lelah_at_least:
        signals.append(Signal(SAYA_LELAH, figures.unit, voices, thresholds.saya_lelah_at_least))
    after = _usable(figures.after_hours_share, low=0, high=1)
    if after is not None and after >= thresholds.after_hours_share_at_least:
        signals.append(
            Signal(AFTER_HOURS, figures.unit, after, thresholds.after_hours_share_at_least)
        )
    return signals


def choose_nudges(
    *, signals: Iterable[Signal], lessons: Sequence[Lesson], completed: set[str]
) -> list[Nudge]:
    """One nudge per kind of signal, naming the units where it fired.

    The lesson is the first one (in reading order) for that signal that the leader has
    not completed yet; when all are done, the first one, to read again.
    """
    units: dict[str, list[str]] = {}
    for signal in signals:
        units.setdefault(signal.kind, [])
        if signal.unit not in units[signal.kind]:
            units[signal.kind].append(signal.unit)
    nudges = []
    for kind, where in units.items():
        matching = [lesson for lesson in lessons if kind in lesson.signals]
        if not matching:
            continue
        fresh = [lesson for lesson in matching if lesson.slug not in completed]
        nudges.append(Nudge(kind, (fresh or matching)[0], tuple(where)))
    return nudges
