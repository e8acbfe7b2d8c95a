"""The ABK calculation on hand-worked examples, the rounding rule and the grade edges."""

from decimal import Decimal as D

import pytest

from rehat.workload.domain import abk


def duties(*pairs: tuple[str, str]) -> list[abk.DutyInput]:
    return [abk.DutyInput(volume=D(v), minutes=D(m)) for v, m in pairs]


def test_compute_position_domain_doc_example():
    # indonesia.md §3.2: 54,300 minutes ÷ 75,000 = 0.72 FTE, rounded to 1 person.
    # 12 reports × 2,400 min + 1,500 documents × 17 min = 28,800 + 25,500 = 54,300.
    result = abk.compute_position(duties=duties(("12", "2400"), ("1500", "17")), incumbents=1)
    assert result.workload_minutes == D("54300")
    assert result.required_exact == D("0.724")
    assert result.required == D("0.72")
    assert result.required_people == 1
    assert result.ej == D("0.72")
    assert result.grade == "C"
    assert result.gap == 0
    assert result.short_staffed is False
    assert result.overloaded is False


def test_compute_position_three_tasks_two_incumbents_by_hand():
    # 250 × 120 = 30,000; 48 × 900 = 43,200; 1,000 × 45.5 = 45,500 → 118,700 min.
    # 118,700 ÷ 75,000 = 1.582666… → 1.58 → 2 persons; EJ = 1.582666… ÷ 2 = 0.7913… → 0.79 (C).
    result = abk.compute_position(
        duties=duties(("250", "120"), ("48", "900"), ("1000", "45.5")), incumbents=2
    )
    assert result.workload_minutes == D("118700")
    assert result.required == D("1.58")
    assert result.required_people == 2
    assert result.ej == D("0.79")
    assert result.grade == "C"


def test_compute_position_one_incumbent_overloaded():
    # Same work with one person: EJ 1.58, grade A, one person short.
    result = abk.compute_position(
        duties=duties(("250", "120"), ("48", "900"), ("1000", "45.5")), incumbents=1
    )
    assert (result.ej, result.grade, result.gap) == (D("1.58"), "A", 1)
    assert result.overloaded is True
    assert result.short_staffed is True


@pytest.mark.parametrize(
    ("effective", "required", "people"),
    [(75_000, D("0.72"), 1), (78_000, D("0.70"), 1), (72_000, D("0.75"), 1)],
)
def test_compute_position_older_conventions(effective, required, people):
    # 54,300 ÷ 78,000 (1,300 h) = 0.6961… → 0.70; ÷ 72,000 (1,200 h) = 0.754… → 0.75.
    result = abk.compute_position(
        duties=duties(("12", "2400"), ("1500", "17")), incumbents=1, effective_minutes=effective
    )
    assert (result.required, result.required_people) == (required, people)


def test_compute_position_without_incumbents_has_no_ej():
    result = abk.compute_position(duties=duties(("100", "750")), incumbents=0)
    assert result.required == D("1.00")
    assert (result.ej, result.grade, result.gap) == (None, "", 1)
    assert result.short_staffed is True
    assert result.overloaded is False


def test_compute_position_without_duties_is_zero():
    result = abk.compute_position(duties=[], incumbents=2)
    assert (result.required, result.required_people, result.ej, result.grade) == (
        D("0.00"),
        0,
        D("0.00"),
        "E",
    )
    assert result.gap == -2


@pytest.mark.parametrize(
    ("exact", "shown"),
    [("0.724", "0.72"), ("0.725", "0.73"), ("0.7249999", "0.72"), ("1.005", "1.01")],
)
def test_round_shown_is_half_up_to_two_places(exact, shown):
    assert abk.round_shown(value=D(exact)) == D(shown)


@pytest.mark.parametrize(
    ("shown", "half_up", "ceiling"),
    [
        ("0.00", 0, 0),
        ("0.01", 0, 1),
        ("0.49", 0, 1),
        ("0.50", 1, 1),
        ("1.50", 2, 2),
        ("2.00", 2, 2),
    ],
)
def test_round_people_modes(shown, half_up, ceiling):
    assert abk.round_people(shown=D(shown)) == half_up
    assert abk.round_people(shown=D(shown), rounding=abk.CEILING) == ceiling


def test_round_people_uses_the_shown_figure_not_the_exact_one():
    # 37,125 ÷ 75,000 = 0.495 exactly → shown 0.50 → 1 person (not 0 from 0.495).
    result = abk.compute_position(duties=duties(("1", "37125")), incumbents=1)
    assert result.required_exact == D("0.495")
    assert (result.required, result.required_people) == (D("0.50"), 1)


@pytest.mark.parametrize(
    ("ej", "grade"),
    [
        ("1.01", "A"),
        ("1.00", "B"),
        ("0.90", "B"),
        ("0.89", "C"),
        ("0.70", "C"),
        ("0.69", "D"),
        ("0.50", "D"),
        ("0.49", "E"),
        ("0.00", "E"),
    ],
)
def test_grade_ej_default_threshold_edges(ej, grade):
    assert abk.grade_ej(ej=D(ej)) == grade


def test_grade_ej_reads_the_shown_ej():
    # 75,300 min for one person: EJ 1.004 shows as 1.00, which is B, not A.
    result = abk.compute_position(duties=duties(("1", "75300")), incumbents=1)
    assert (result.ej, result.grade) == (D("1.00"), "B")


def test_grade_ej_custom_thresholds():
    # The Laravel ABK app's scale (indonesia.md §3.3): A ≥ 1.25 … → here A above 1.25.
    strict = abk.Thresholds(a=D("1.25"), b=D("1.00"), c=D("0.75"), d=D("0.50"))
    assert abk.grade_ej(ej=D("1.25"), thresholds=strict) == "B"
    assert abk.grade_ej(ej=D("1.26"), thresholds=strict) == "A"
    assert abk.grade_ej(ej=D("0.74"), thresholds=strict) == "D"


def test_compute_unit_sums_exact_needs_and_rounded_people():
    # Two positions of 0.4 each: each rounds to 0 persons, the unit needs 0.80 and 0 + 0 = 0
    # whole persons (Form D's total row sums the column); EJ = 0.80 ÷ 1 = 0.80.
    a = abk.compute_position(duties=duties(("1", "30000")), incumbents=1)
    b = abk.compute_position(duties=duties(("1", "30000")), incumbents=0)
    unit = abk.compute_unit(positions=[a, b])
    assert unit.workload_minutes == D("60000")
    assert unit.required == D("0.80")
    assert unit.required_people == 0
    assert unit.incumbents == 1
    assert (unit.ej, unit.grade) == (D("0.80"), "C")


def test_compute_unit_short_staffed_from_positions():
    a = abk.compute_position(duties=duties(("100", "1500")), incumbents=1)  # 2.00 → 2
    b = abk.compute_position(duties=duties(("100", "375")), incumbents=2)  # 0.50 → 1
    unit = abk.compute_unit(positions=[a, b])
    assert (unit.required, unit.required_people, unit.incumbents, unit.gap) == (
        D("2.50"),
        3,
        3,
        0,
    )
    assert unit.ej == D("0.83")


# The EJ definition and the grade scale (indonesia.md §3.3), worked by hand.

INVERSE = abk.INCUMBENT_PER_REQUIRED
FOUR = abk.Thresholds(a=D("1.00"), b=D("0.90"), c=D("0.70"), scale=abk.FOUR_GRADES)  # sipkg-ntt
LARAVEL = abk.Thresholds(a=D("1.25"), b=D("1.00"), c=D("0.75"), scale=abk.FOUR_GRADES)


def test_inverse_ej_domain_doc_example_uses_the_exact_kebutuhan():
    # 54,300 ÷ 75,000 = 0.724; inverse EJ = 1 ÷ 0.724 = 1.38121… → 1.38 (not 1 ÷ 0.72 = 1.39).
    result = abk.compute_position(
        duties=duties(("12", "2400"), ("1500", "17")), incumbents=1, definition=INVERSE
    )
    assert (result.required, result.ej, result.grade) == (D("0.72"), D("1.38"), "A")
    assert result.overloaded is False  # one person for 0.72 of the work


def test_inverse_ej_one_incumbent_overloaded():
    # 118,700 ÷ 75,000 = 1.582666…; inverse EJ = 1 ÷ 1.582666… = 0.63184… → 0.63: D, overloaded.
    result = abk.compute_position(
        duties=duties(("250", "120"), ("48", "900"), ("1000", "45.5")),
        incumbents=1,
        definition=INVERSE,
    )
    assert (result.ej, result.grade, result.overloaded, result.gap) == (D("0.63"), "D", True, 1)


def test_inverse_ej_without_incumbents_is_zero_and_without_work_is_none():
    none_there = abk.compute_position(duties=duties(("1", "750")), incumbents=0, definition=INVERSE)
    assert (none_there.ej, none_there.grade, none_there.overloaded) == (D("0.00"), "E", True)
    no_work = abk.compute_position(duties=[], incumbents=2, definition=INVERSE)
    assert (no_work.ej, no_work.grade, no_work.overloaded) == (None, "", False)


def test_inverse_unit_ej_is_incumbents_over_exact_sum():
    # Positions 0.724 (1 person) and 1.582666… (2 persons): Σ = 2.306666…; 3 ÷ 2.306666… = 1.30057…
    first = abk.compute_position(
        duties=duties(("12", "2400"), ("1500", "17")), incumbents=1, definition=INVERSE
    )
    second = abk.compute_position(
        duties=duties(("250", "120"), ("48", "900"), ("1000", "45.5")),
        incumbents=2,
        definition=INVERSE,
    )
    unit = abk.compute_unit(positions=[first, second], definition=INVERSE)
    assert (unit.required, unit.ej, unit.grade) == (D("2.31"), D("1.30"), "A")


@pytest.mark.parametrize(
    ("ej", "grade"),
    [
        (D("1.00"), "A"),  # four grades: A from 1.00 inclusive (five grades: B)
        (D("0.99"), "B"),
        (D("0.90"), "B"),
        (D("0.89"), "C"),
        (D("0.70"), "C"),
        (D("0.69"), "D"),
        (D("0.10"), "D"),  # no E on this scale
    ],
)
def test_four_grade_scale_edges_sipkg(ej, grade):
    assert abk.grade_ej(ej=ej, thresholds=FOUR) == grade


@pytest.mark.parametrize(
    ("ej", "grade"),
    [(D("1.25"), "A"), (D("1.24"), "B"), (D("1.00"), "B"), (D("0.99"), "C"), (D("0.75"), "C")],
)
def test_four_grade_scale_edges_laravel_thresholds(ej, grade):
    assert abk.grade_ej(ej=ej, thresholds=LARAVEL) == grade


def test_domain_doc_example_under_each_scale():
    # EJ 0.72: five grades C; sipkg-ntt C; the Laravel app's 0.75 threshold makes it D.
    work = duties(("12", "2400"), ("1500", "17"))
    grades = [
        abk.compute_position(duties=work, incumbents=1, thresholds=t).grade
        for t in (abk.Thresholds(), FOUR, LARAVEL)
    ]
    assert grades == ["C", "C", "D"]


def test_policy_choices_are_the_calculations_constants():
    from rehat.workload.models import Policy

    assert Policy.Definition.values == [abk.REQUIRED_PER_INCUMBENT, abk.INCUMBENT_PER_REQUIRED]
    assert Policy.Scale.values == [abk.FIVE_GRADES, abk.FOUR_GRADES]
