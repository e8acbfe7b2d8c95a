"""What a result means, in plain words, for the person who just answered.

Keyed by instrument and the band's English label (the definitions' stable key). The
words avoid clinical labels; where a term is needed, it is explained.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rehat.instruments.domain import get_instrument
from rehat.instruments.domain.scoring import Score

# "ok": nothing to act on; "watch": worth caring for; "reach": please talk to someone.
MEANINGS: dict[tuple[str, str], tuple[str, Promise]] = {
    ("who5", "No indication of poor well-being"): (
        "ok",
        _(
            "Kesejahteraan Anda dua minggu terakhir tampak cukup baik. Pertahankan hal-hal yang menolong Anda."
        ),
    ),
    ("who5", "Poor/low well-being - screen for depression"): (
        "watch",
        _(
            "Kesejahteraan Anda sedang rendah. Ini bukan kelemahan; banyak orang mengalaminya saat "
            "beban menumpuk. Skrining bulanan di halaman ini bisa membantu Anda melihat lebih jelas."
        ),
    ),
    ("who5", "Likely depression - refer for assessment"): (
        "reach",
        _(
            "Jawaban Anda menunjukkan Anda sedang mengalami masa yang sangat berat. Ada baiknya berbicara dengan "
            "konselor atau tenaga kesehatan; mereka bisa membantu memeriksa lebih lanjut."
        ),
    ),
    ("single-item-burnout", "No burnout"): (
        "ok",
        _("Anda tidak merasakan tanda kelelahan kerja (burnout) yang berarti saat ini."),
    ),
    ("single-item-burnout", "Burnout (one or more symptoms)"): (
        "watch",
        _(
            "Anda merasakan tanda kelelahan kerja (burnout): capek yang tidak hilang dengan "
            "istirahat biasa. Tidak apa-apa. Anda berhak beristirahat dan meminta bantuan."
        ),
    ),
    ("phq9", "None-minimal"): ("ok", _("Hampir tidak ada tanda suasana hati yang tertekan.")),
    ("phq9", "Mild"): (
        "watch",
        _(
            "Ada tanda ringan suasana hati yang tertekan. Perhatikan diri Anda beberapa minggu ke depan."
        ),
    ),
    ("phq9", "Moderate"): (
        "reach",
        _(
            "Ada tanda suasana hati tertekan tingkat sedang. Berbicara dengan konselor bisa sangat membantu."
        ),
    ),
    ("phq9", "Moderately severe"): (
        "reach",
        _(
            "Ada tanda suasana hati tertekan yang cukup berat. Mohon hubungi konselor atau tenaga kesehatan."
        ),
    ),
    ("phq9", "Severe"): (
        "reach",
        _(
            "Ada tanda suasana hati tertekan yang berat. Mohon segera hubungi konselor atau tenaga kesehatan."
        ),
    ),
    ("gad7", "Minimal"): ("ok", _("Hampir tidak ada tanda kecemasan yang mengganggu.")),
    ("gad7", "Mild"): (
        "watch",
        _("Ada tanda kecemasan ringan. Beri diri Anda jeda dan perhatian."),
    ),
    ("gad7", "Moderate"): (
        "reach",
        _(
            "Ada tanda kecemasan tingkat sedang. Berbicara dengan konselor bisa membantu meringankannya."
        ),
    ),
    ("gad7", "Severe"): (
        "reach",
        _("Ada tanda kecemasan yang berat. Mohon hubungi konselor atau tenaga kesehatan."),
    ),
    ("cbi", "Low / no burnout"): ("ok", _("Rendah atau tidak ada kelelahan.")),
    ("cbi", "Moderate burnout"): ("watch", _("Kelelahan sedang.")),
    ("cbi", "High burnout"): ("reach", _("Kelelahan tinggi.")),
    ("cbi", "Severe burnout"): ("reach", _("Kelelahan sangat tinggi.")),
}

# What a person sees as the name of each part of a check-in (the clinical name is on
# the HR and counselor pages).
TITLES = {
    "who5": _("Kesejahteraan Anda (WHO-5)"),
    "single-item-burnout": _("Kelelahan kerja"),
    "phq9": _("Suasana hati (PHQ-9)"),
    "gad7": _("Rasa cemas (GAD-7)"),
    "cbi": _("Kelelahan (Copenhagen Burnout Inventory)"),
    "edmondson-ps7": _("Rasa aman di tim Anda"),
}


def friendly_title(instrument_id: str) -> str:
    title = TITLES.get(instrument_id)
    return str(title) if title else get_instrument(instrument_id=instrument_id).name


SUBSCALE_NAMES = {
    "personal": _("kelelahan pribadi"),
    "work": _("kelelahan karena pekerjaan"),
    "client": _("kelelahan karena melayani warga"),
}


@dataclass
class Line:
    title: str
    level: str
    meaning: str


def explain(score: Score) -> list[Line]:
    title = friendly_title(score.instrument)
    if score.subscales:
        lines = []
        for subscale in score.subscales:
            key = subscale.band.label_en if subscale.band else ""
            level, meaning = MEANINGS.get((score.instrument, key), ("watch", ""))
            lines.append(
                Line(
                    title=f"{title}: {SUBSCALE_NAMES.get(subscale.name, subscale.name)}",
                    level=level,
                    meaning=str(meaning),
                )
            )
        return lines
    key = score.band.label_en if score.band else ""
    level, meaning = MEANINGS.get((score.instrument, key), ("watch", ""))
    if score.instrument == "edmondson-ps7":
        level, meaning = (
            "ok",
            _(
                "Terima kasih. Jawaban Anda hanya dihitung bersama jawaban rekan satu kelompok, "
                "agar tim bisa belajar saling mendengar."
            ),
        )
    if score.safety:
        level = "reach"
    return [Line(title=title, level=level, meaning=str(meaning))]


class ScoreSummary(TypedDict):
    instrument: str
    part: str
    value: float
    band: str


def summarize_scores(scores: Sequence[Score]) -> list[ScoreSummary]:
    """One value and band key per score line, for the person's own vault (issue 11).

    Returned by the anonymous check-in endpoint so the browser can offer "simpan ke
    brankas saya"; nothing of it is stored server-side.
    """
    rows: list[ScoreSummary] = []
    for score in scores:
        for sub in score.subscales:
            band = sub.band.label_en if sub.band else ""
            rows.append(
                {"instrument": score.instrument, "part": sub.name, "value": sub.score, "band": band}
            )
        if score.subscales:
            continue
        value = score.percentage if score.percentage is not None else score.total
        if value is None:
            continue
        band = score.band.label_en if score.band else ""
        rows.append(
            {"instrument": score.instrument, "part": "", "value": float(value), "band": band}
        )
    return rows
