"""The ABK calculation, task by task (PermenPANRB 1/2020), in Decimal and without the ORM.

    beban kerja jabatan (menit)   = Σ (volume per tahun × norma waktu menit)
    kebutuhan pegawai             = beban kerja ÷ waktu kerja efektif (menit per tahun)
    efisiensi jabatan (EJ)        = kebutuhan pegawai ÷ jumlah pemangku (default), or the
                                    inverse, jumlah pemangku ÷ kebutuhan pegawai (an agency setting)
    prestasi kerja jabatan (PJ)   = letter A–E (or A–D) from EJ and the thresholds

Rounding rule (docs/workload.md says the same to HR):
- Workload minutes are exact (volume and standard time have at most 2 decimals).
- Kebutuhan pegawai and EJ are computed exactly, then rounded once to 2 decimals,
  half up (0.725 → 0.73). That rounded figure is what is shown and exported.
- Every later step uses the figure shown, never the exact one, so the form never
  contradicts itself: whole persons are the shown kebutuhan rounded half up to an
  integer (0.50 → 1, 0.49 → 0) or, when the agency chooses, up (0.01 → 1); the grade
  is read from the shown EJ (1.004 shows as 1.00 and is B, not A).
- A unit's kebutuhan is the sum of its positions' exact kebutuhan, rounded as above;
  its whole persons are the sum of its positions' whole persons (the total row of
  Form D); its EJ is Σ kebutuhan (exact) ÷ Σ pemangku (or the inverse).
- The inverse EJ is also computed from the exact kebutuhan: 1 ÷ 0.724 = 1.381 → 1.38,
  not 1 ÷ 0.72 = 1.39.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
WHOLE = Decimal("1")
HALF_UP = "half_up"
CEILING = "ceiling"
DEFAULT_EFFECTIVE_MINUTES = 75_000  # 1,250 hours: PermenPANRB 1/2020
# The conventions met in older and imported ABK data, in minutes per year.
EFFECTIVE_MINUTES_CHOICES = (75_000, 78_000, 72_000)
GRADES = ("A", "B", "C", "D", "E")
# EJ definitions (indonesia.md §3.3: public implementations disagree).
REQUIRED_PER_INCUMBENT = "required_per_incumbent"  # Σ(beban × norma) ÷ (pemangku × WKE)
INCUMBENT_PER_REQUIRED = "incumbent_per_required"  # the inverse, as in repo sipkg-ntt
# Grade scales.
FIVE_GRADES = "five"  # A when EJ > a; B ≥ b; C ≥ c; D ≥ d; otherwise E
FOUR_GRADES = "four"  # A when EJ ≥ a; B ≥ b; C ≥ c; otherwise D


@dataclass(frozen=True)
class Thresholds:
    """Five grades: A when EJ > a; B when EJ ≥ b; C when EJ ≥ c; D when EJ ≥ d; otherwise E.
    Four grades: A when EJ ≥ a; B when EJ ≥ b; C when EJ ≥ c; otherwise D (d unused)."""

    a: Decimal = Decimal("1.00")
    b: Decimal = Decimal("0.90")
    c: Decimal = Decimal("0.70")
    d: Decimal = Decimal("0.50")
    scale: str = FIVE_GRADES


@dataclass(frozen=True)
class DutyInput:
    volume: Decimal
    minutes: Decimal


@dataclass(frozen=True)
class Result:
    """One position, or a unit as the sum of its positions."""

    workload_minutes: Decimal
    required_exact: Decimal
    required: Decimal  # shown: 2 decimals, half up
    required_people: int
    incumbents: int
    ej: Decimal | None  # shown: 2 decimals; None when the ratio has no denominator
    grade: str  # "" without an EJ
    definition: str = REQUIRED_PER_INCUMBENT

    @property
    def gap(self) -> int:
        """Whole persons missing (positive) or in excess (negative)."""
        return self.required_people - self.incumbents

    @property
    def short_staffed(self) -> bool:
        return self.gap > 0

    @property
    def overloaded(self) -> bool:
        """More work than the incumbents' time, read from the shown EJ."""
        if self.ej is None:
            return False
        if self.definition == INCUMBENT_PER_REQUIRED:
            return self.ej < 1
        return self.ej > 1


def round_shown(*, value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def round_people(*, shown: Decimal, rounding: str = HALF_UP) -> int:
    mode = ROUND_CEILING if rounding == CEILING else ROUND_HALF_UP
    return int(shown.quantize(WHOLE, rounding=mode))


def grade_ej(*, ej: Decimal | None, thresholds: Thresholds = Thresholds()) -> str:
    if ej is None:
        return ""
    if thresholds.scale == FOUR_GRADES:
        if ej >= thresholds.a:
            return "A"
    elif ej > thresholds.a:
        return "A"
    if ej >= thresholds.b:
        return "B"
    if ej >= thresholds.c:
        return "C"
    if thresholds.scale == FOUR_GRADES or ej >= thresholds.d:
        return "D"
    return "E"


def ratio_ej(*, required_exact: Decimal, incumbents: int, definition: str) -> Decimal | None:
    """The shown EJ under the agency's definition; None when its denominator is zero."""
    if definition == INCUMBENT_PER_REQUIRED:
        if required_exact == 0:
            return None
        return round_shown(value=Decimal(incumbents) / required_exact)
    if incumbents <= 0:
        return None
    return round_shown(value=required_exact / incumbents)


def sum_workload(*, duties: Iterable[DutyInput]) -> Decimal:
    return sum((duty.volume * duty.minutes for duty in duties), Decimal(0))


def compute_position(
    *,
    duties: Iterable[DutyInput],
    incumbents: int,
    effective_minutes: int = DEFAULT_EFFECTIVE_MINUTES,
    thresholds: Thresholds = Thresholds(),
    rounding: str = HALF_UP,
    definition: str = REQUIRED_PER_INCUMBENT,
) -> Result:
    workload = sum_workload(duties=duties)
    required_exact = workload / Decimal(effective_minutes)
    required = round_shown(value=required_exact)
    return _result(
        workload=workload,
        required_exact=required_exact,
        required_people=round_people(shown=required, rounding=rounding),
        incumbents=incumbents,
        thresholds=thresholds,
        definition=definition,
    )


def compute_unit(
    *,
    positions: Sequence[Result],
    thresholds: Thresholds = Thresholds(),
    definition: str = REQUIRED_PER_INCUMBENT,
) -> Result:
    return _result(
        workload=sum((p.workload_minutes for p in positions), Decimal(0)),
        required_exact=sum((p.required_exact for p in positions), Decimal(0)),
        required_people=sum(p.required_people for p in positions),
        incumbents=sum(p.incumbents for p in positions),
        thresholds=thresholds,
        definition=definition,
    )


def _result(
    *,
    workload: Decimal,
    required_exact: Decimal,
    required_people: int,
    incumbents: int,
    thresholds: Thresholds,
    definition: str,
) -> Result:
    ej = ratio_ej(required_exact=required_exact, incumbents=incumbents, definition=definition)
    return Result(
        workload_minutes=workload,
        required_exact=required_exact,
        required=round_shown(value=required_exact),
        required_people=required_people,
        incumbents=incumbents,
        ej=ej,
        grade=grade_ej(ej=ej, thresholds=thresholds),
        definition=definition,
    )
