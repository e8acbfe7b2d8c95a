"""The words and numbers of the unit page, from released rows built in memory."""

from rehat.insights.domain.dashboard import more_lines
from rehat.insights.domain.read import Cell
from rehat.releases.models import ReleasedStat
from rehat.releases.tests.factories import released_stats


def cell(period: str, kind: str, *, n: int | None = 40, **stats: dict[str, float]) -> Cell:
    values = {} if n is None else {**released_stats(kind=kind, n=n), **stats}
    row = ReleasedStat(period=period, unit="ALFA", suppressed=n is None, n=n, stats=values)
    return Cell(period, row)


def test_more_lines_give_shares_in_percent_with_their_range():
    screening = cell(
        "screening-2026-03", "screening", gad7_high_share={"value": 0.3, "low": 0.0, "high": 0.9}
    )
    climate = cell("climate-2026-03", "climate")

    lines = more_lines(screening=screening, climate=climate)

    assert lines == [
        ("Gejala depresi sedang atau lebih (PHQ-9 ≥ 10)", "sekitar 40 % (rentang 30–50 %)"),
        ("Gejala cemas sedang atau lebih (GAD-7 ≥ 10)", "belum cukup pasti untuk ditampilkan"),
        ("Kelelahan kerja tinggi (CBI kerja ≥ 50)", "sekitar 40 % (rentang 30–50 %)"),
        ("Pesan “Saya lelah” ke Ruang Dengar", "sekitar 12 percakapan (rentang 4–20)"),
        ("Rasa aman bersuara di tim (1–7)", "sekitar 5,0 (rentang 4,5–5,5)"),
    ]


def test_more_lines_without_a_shown_screening_say_so_and_skip_the_climate():
    lines = more_lines(screening=cell("screening-2026-03", "screening", n=None), climate=None)

    assert lines == [("Skrining", "belum ada rilis yang dapat ditampilkan")]
