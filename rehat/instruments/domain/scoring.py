"""Scoring: pure functions of an instrument's structure and the raw answers.

Texts never enter here. Answers are the raw option values in item order, exactly as
the definition lists them (before any reversal). Anything incomplete or out of range
raises `AnswerError` and no score at all is produced.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypedDict

from django.utils.translation import gettext as _

from rehat.instruments.domain.definitions import (
    K6_ITEMS_OF_K10,
    SAFETY_ITEMS,
    SCREENERS,
    Band,
    Instrument,
)
from rehat.instruments.domain.registry import get_instrument

SAFETY = "safety"
DECIMALS = 4


class AnswerError(ValueError):
    """The answers cannot be scored; the message says why, in the interface language."""


Number = int | float


@dataclass(frozen=True)
class SubscaleScore:
    name: str
    score: float
    band: Band | None


class ScoreDict(TypedDict, total=False):
    instrument: str
    total: Number
    percentage: int
    subscales: dict[str, dict[str, Any]]
    band: str | None
    flags: list[str]
    details: dict[str, Any]


@dataclass(frozen=True)
class Score:
    instrument: str
    total: Number | None
    band: Band | None
    flags: tuple[str, ...] = ()
    percentage: int | None = None
    subscales: tuple[SubscaleScore, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def safety(self) -> bool:
        return SAFETY in self.flags

    @property
    def recommended_instrument(self) -> str | None:
        for flag in self.flags:
            if flag.startswith("recommend_"):
                return flag.removeprefix("recommend_")
        return None

    def to_dict(self) -> ScoreDict:
        result: ScoreDict = {"instrument": self.instrument}
        if self.subscales:
            result["subscales"] = {
                s.name: {"score": s.score, "band": s.band.label_en if s.band else None}
                for s in self.subscales
            }
        else:
            assert self.total is not None
            result["total"] = self.total
        if self.percentage is not None:
            result["percentage"] = self.percentage
        result["band"] = self.band.label_en if self.band else None
        result["flags"] = list(self.flags)
        result["details"] = dict(self.details)
        return result


def parse_answers(*, raw: Sequence[str]) -> list[int]:
    """Turn typed answers (command line, form fields) into integers, or explain why not."""
    answers = []
    for position, text in enumerate(raw, start=1):
        try:
            answers.append(int(text.strip()))
        except ValueError:
            raise AnswerError(
                _("Jawaban ke-{n} ('{text}') bukan bilangan bulat.").format(n=position, text=text)
            ) from None
    return answers


def check_answers(*, instrument: Instrument, answers: Sequence[Any]) -> tuple[int, ...]:
    """Every item answered, each with one of its option values; else AnswerError."""
    if len(answers) != len(instrument.items):
        raise AnswerError(
            _(
                "{name} membutuhkan tepat {expected} jawaban, satu untuk setiap butir; "
                "yang diberikan {given}. Skor tidak dihitung."
            ).format(name=instrument.name, expected=len(instrument.items), given=len(answers))
        )
    for item, answer in zip(instrument.items, answers, strict=True):
        allowed = instrument.values_for(item)
        if isinstance(answer, bool) or not isinstance(answer, int) or answer not in allowed:
            raise AnswerError(
                _(
                    "Jawaban untuk butir {n} harus salah satu dari {allowed}; yang diberikan "
                    "{answer}. Skor tidak dihitung."
                ).format(n=item.number, allowed=", ".join(map(str, allowed)), answer=answer)
            )
    return tuple(answers)


def reverse_answers(*, instrument: Instrument, answers: Sequence[int]) -> tuple[int, ...]:
    """Item values after reversal: a reversed item scores lowest + highest − answer."""
    scored = []
    for item, answer in zip(instrument.items, answers, strict=True):
        values = instrument.values_for(item)
        scored.append(values[0] + values[-1] - answer if item.reverse else answer)
    return tuple(scored)


def find_band(*, bands: Sequence[Band], value: Fraction | int) -> Band | None:
    """The band whose lower edge is the highest one not above `value` (edges are exact)."""
    found = None
    for band in bands:
        if band.low <= value:
            found = band
    if found is not None and value > found.high and found is bands[-1]:
        return None
    return found


def score_answers(*, instrument: Instrument | str, answers: Sequence[Any]) -> Score:
    """Score a complete set of raw answers; raises AnswerError, never scores partially."""
    if isinstance(instrument, str):
        instrument = get_instrument(instrument_id=instrument)
    raw = check_answers(instrument=instrument, answers=answers)
    scored = reverse_answers(instrument=instrument, answers=raw)
    flags = _flags(instrument, raw)
    if instrument.subscales:
        return _score_subscales(instrument, scored, flags)
    exact = _aggregate(instrument.aggregate, scored)
    percentage = None
    basis = exact
    if instrument.percentage_factor is not None:
        percentage = int(exact * instrument.percentage_factor)
        basis = Fraction(percentage)
    details = DETAILS.get(instrument.id, _no_details)(instrument, raw, scored)
    if instrument.bands_informational:
        details["bands_informational"] = True
    return Score(
        instrument=instrument.id,
        total=_number(exact, instrument.aggregate),
        percentage=percentage,
        band=find_band(bands=instrument.bands, value=basis),
        flags=flags,
        details=details,
    )


def _score_subscales(
    instrument: Instrument, scored: tuple[int, ...], flags: tuple[str, ...]
) -> Score:
    subscales = []
    for subscale in instrument.subscales:
        exact = _aggregate(instrument.aggregate, [scored[n - 1] for n in subscale.items])
        subscales.append(
            SubscaleScore(
                name=subscale.name,
                score=float(_number(exact, "mean")),
                band=find_band(bands=instrument.bands, value=exact),
            )
        )
    details: dict[str, Any] = (
        {"bands_informational": True} if instrument.bands_informational else {}
    )
    return Score(
        instrument=instrument.id,
        total=None,
        band=None,
        flags=flags,
        subscales=tuple(subscales),
        details=details,
    )


def _aggregate(kind: str, values: Sequence[int]) -> Fraction:
    total = Fraction(sum(values))
    return total if kind == "sum" else total / len(values)


def _number(exact: Fraction, kind: str) -> Number:
    if kind == "sum":
        return int(exact)
    return round(float(exact), DECIMALS)


def _flags(instrument: Instrument, raw: tuple[int, ...]) -> tuple[str, ...]:
    flags = []
    # PHQ-9 item 9 above 0 raises the safety flag whatever the total or band.
    if any(raw[n - 1] > 0 for n in SAFETY_ITEMS.get(instrument.id, ())):
        flags.append(SAFETY)
    if instrument.id in SCREENERS:
        full, threshold = SCREENERS[instrument.id]
        if sum(raw) >= threshold:
            flags.append(f"recommend_{full}")
    return tuple(flags)


Details = Callable[[Instrument, tuple[int, ...], tuple[int, ...]], dict[str, Any]]


def _no_details(
    instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]
) -> dict[str, Any]:
    return {}


def _phq9(instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]) -> dict[str, Any]:
    # DSM-IV algorithm of the PHQ instructions: a symptom counts at 2 or more, item 9 at 1.
    counted = [value >= (1 if n == 9 else 2) for n, value in enumerate(raw, start=1)]
    core = counted[0] or counted[1]
    symptoms = sum(counted)
    phq2_total = raw[0] + raw[1]
    return {
        "item9": raw[8],
        "phq2_total": phq2_total,
        "phq2_positive": phq2_total >= SCREENERS["phq2"][1],
        "major_depressive_syndrome": core and symptoms >= 5,
        "other_depressive_syndrome": core and 2 <= symptoms <= 4,
    }


def _gad7(instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]) -> dict[str, Any]:
    gad2_total = raw[0] + raw[1]
    return {"gad2_total": gad2_total, "gad2_positive": gad2_total >= SCREENERS["gad2"][1]}


def _screener(
    instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]
) -> dict[str, Any]:
    return {"positive": sum(raw) >= SCREENERS[instrument.id][1]}


def _who5(instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]) -> dict[str, Any]:
    # The 1998 form's advice to assess further when any item is 0 or 1 is unverified;
    # reported as a detail, not as a flag.
    return {"raw": sum(raw), "any_item_0_or_1": any(value <= 1 for value in raw)}


def _k10(instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]) -> dict[str, Any]:
    return {
        "coding": "1-5",
        "total_0to4": sum(raw) - len(raw),
        "k6_total_0to4": sum(raw[n - 1] - 1 for n in K6_ITEMS_OF_K10),
    }


def _k6(instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]) -> dict[str, Any]:
    return {"coding": "0-4", "serious_psychological_distress": sum(raw) >= 13}


def _edmondson(
    instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]
) -> dict[str, Any]:
    return {"scored_items": list(scored)}


def _single_item(
    instrument: Instrument, raw: tuple[int, ...], scored: tuple[int, ...]
) -> dict[str, Any]:
    return {"burnout": raw[0] >= 3}


DETAILS: dict[str, Details] = {
    "phq9": _phq9,
    "phq2": _screener,
    "gad7": _gad7,
    "gad2": _screener,
    "who5": _who5,
    "k10": _k10,
    "k6": _k6,
    "edmondson-ps7": _edmondson,
    "single-item-burnout": _single_item,
}


def describe_scoring(*, instrument: Instrument) -> list[str]:
    """The scoring rules in plain Indonesian, for the HR and counselor pages."""
    low, high = instrument.score_range
    lines = []
    for name, options in instrument.options.items():
        values = ", ".join(str(option.value) for option in options)
        if name == "default":
            lines.append(_("Nilai jawaban setiap butir: {values}.").format(values=values))
        else:
            lines.append(_("Format '{name}': nilai {values}.").format(name=name, values=values))
    lines.append(
        _(
            "Semua butir wajib dijawab. Jika ada yang kosong atau di luar pilihan, skor "
            "tidak dihitung."
        )
    )
    reversed_items = [str(item.number) for item in instrument.items if item.reverse]
    if reversed_items:
        item_low, item_high = instrument.item_range
        lines.append(
            _("Butir {items} dinilai terbalik: nilai = {total} − jawaban.").format(
                items=", ".join(reversed_items), total=item_low + item_high
            )
        )
    if instrument.subscales:
        lines.append(
            _(
                "Setiap subskala = rata-rata nilai butirnya ({low}–{high}). Tidak ada skor total."
            ).format(low=low, high=high)
        )
    elif instrument.aggregate == "sum":
        lines.append(
            _("Skor total = jumlah nilai semua butir ({low}–{high}).").format(low=low, high=high)
        )
    else:
        lines.append(
            _("Skor = rata-rata nilai semua butir ({low}–{high}).").format(low=low, high=high)
        )
    lines.extend(_special_rules(instrument))
    return lines


def _special_rules(instrument: Instrument) -> list[str]:
    lines = []
    if instrument.percentage_factor is not None:
        lines.append(
            _("Skor persentase = skor total × {factor}; kategori memakai skor persentase.").format(
                factor=instrument.percentage_factor
            )
        )
    for number in sorted(SAFETY_ITEMS.get(instrument.id, ())):
        lines.append(
            _(
                "Jawaban butir {n} di atas 0 selalu memunculkan penanda keselamatan dan daftar "
                "bantuan krisis, berapa pun skor totalnya."
            ).format(n=number)
        )
    if instrument.id in SCREENERS:
        full, threshold = SCREENERS[instrument.id]
        lines.append(
            _(
                "Skor {n} atau lebih berarti skrining positif: tawarkan instrumen lengkap ({full})."
            ).format(n=threshold, full=full.upper())
        )
    if instrument.id == "k10":
        lines.append(
            _(
                "Nilai 1–5 per butir (konvensi Australia). Skor dengan konvensi 0–4 = skor "
                "total − 10; skor K6 dihitung dari butir 2, 4, 5, 8, 9, 10."
            )
        )
    if instrument.bands_informational:
        lines.append(_("Kategori hanya informatif: instrumen ini tidak punya ambang klinis resmi."))
    if not instrument.bands:
        lines.append(_("Tidak ada kategori: instrumen ini tidak punya ambang yang diterbitkan."))
    return lines
