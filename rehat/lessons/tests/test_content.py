"""The lesson files: the built-in set is valid and complete, and a broken file is
refused with a message naming the file and the field."""

import pytest

from rehat.lessons.domain.content import (
    BUILT_IN_DIR,
    GUIDE,
    LANGUAGES,
    LESSON,
    ContentError,
    all_lessons,
    lessons_for_signal,
    load_lessons,
    parse_lesson,
)
from rehat.lessons.domain.markup import plain_text

EXPECTED_LESSONS = {
    "mendengar-tanpa-menghakimi",
    "saat-staf-berkata-lelah",
    "percakapan-satu-satu",
    "menjaga-waktu-setelah-jam-kerja",
    "memberi-tugas-tanpa-kejutan",
    "mengenali-kelelahan-kerja",
    "bicara-tentang-cuti-dan-pemulihan",
    "menanggapi-hasil-cek-kabar-tim",
    "kapan-merujuk-ke-konselor",
}

GOOD = """---
slug: contoh
order: 5
minutes: 5
---

# id: Contoh

## Ringkasan
Ringkas.

## Pelajaran
Isi pelajaran.

## Latihan
Coba ini.

## Refleksi
Apa yang Anda rasakan?

# en: Example

## Summary
Short.

## Lesson
The lesson.

## Exercise
Try this.

## Reflection
What do you feel?
"""


def _problems(raw: str, name: str = "contoh.md") -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_lesson(raw, name=name)
    return caught.value.problems


def test_built_in_lessons_load_and_are_the_nine_of_the_issue():
    lessons = load_lessons(folders=[BUILT_IN_DIR])

    slugs = {slug for slug, lesson in lessons.items() if lesson.kind == LESSON}
    guides = [lesson for lesson in lessons.values() if lesson.kind == GUIDE]
    assert slugs == EXPECTED_LESSONS
    assert [guide.slug for guide in guides] == ["panduan-percakapan"]


@pytest.mark.parametrize("slug", sorted(EXPECTED_LESSONS))
def test_every_lesson_has_both_languages_an_exercise_and_a_reflection(slug):
    lesson = load_lessons(folders=[BUILT_IN_DIR])[slug]

    assert set(lesson.texts) == set(LANGUAGES)
    for text in lesson.texts.values():
        assert text.title
        assert text.section("exercise")
        assert text.section("reflection")
        assert text.section("summary")


@pytest.mark.parametrize("slug", sorted(EXPECTED_LESSONS))
def test_every_lesson_reads_in_about_five_minutes(slug):
    lesson = load_lessons(folders=[BUILT_IN_DIR])[slug]

    for text in lesson.texts.values():
        words = len(
            " ".join(plain_text(text.section(k)) for k in text.sections if k != "sources").split()
        )
        # ~150 words a minute on a phone, with time left to think about the exercise.
        assert 250 <= words <= 5 * 150, (slug, text.language, words)


def test_lessons_citing_facts_carry_their_sources_in_both_languages():
    lessons = load_lessons(folders=[BUILT_IN_DIR])

    cited = {slug for slug, lesson in lessons.items() if lesson.texts["id"].sources}
    assert cited == {
        "menjaga-waktu-setelah-jam-kerja",
        "bicara-tentang-cuti-dan-pemulihan",
        "kapan-merujuk-ke-konselor",
    }
    for slug in cited:
        id_sources = lessons[slug].texts["id"].sources
        en_sources = lessons[slug].texts["en"].sources
        assert [s.url for s in id_sources] == [s.url for s in en_sources]
        assert all(s.url.startswith("https://") for s in id_sources)


def test_every_nudge_signal_has_a_lesson_with_an_action_step():
    for signal in ("low_wellbeing", "high_burnout", "saya_lelah", "after_hours"):
        lessons = lessons_for_signal(signal=signal)

        assert lessons, signal
        assert all(lesson.text("id").section("action_step") for lesson in lessons)


def test_a_good_file_parses():
    lesson = parse_lesson(GOOD, name="contoh.md")

    assert lesson.slug == "contoh"
    assert lesson.text("en").section("exercise") == "Try this."


def test_a_missing_language_is_named():
    raw = GOOD[: GOOD.index("# en:")]

    assert _problems(raw) == ["contoh.md: language 'en' is missing (add '# en: Title')"]


def test_a_missing_exercise_is_named_with_file_language_and_field():
    raw = GOOD.replace("## Exercise\nTry this.\n\n", "")

    assert _problems(raw) == ["contoh.md [en]: exercise: missing (add a '## ' section for it)"]


def test_an_uncited_regulation_is_refused():
    raw = GOOD.replace("Isi pelajaran.", "Perpres Nomor 21 Tahun 2023 mengatur jam kerja.")

    problems = _problems(raw)

    assert len(problems) == 1
    assert problems[0].startswith("contoh.md [id]: lesson: 'Perpres Nomor 21")
    assert "without a source like [1]" in problems[0]


@pytest.mark.parametrize("fact", ["Telepon 119 sekarang.", "Sebanyak 40% pegawai lelah."])
def test_emergency_numbers_and_percentages_need_a_source(fact):
    raw = GOOD.replace("Isi pelajaran.", fact)

    assert len(_problems(raw)) == 1


def test_a_citation_without_its_source_and_an_unused_source_are_named():
    raw = GOOD.replace("Isi pelajaran.", "Perpres Nomor 21 Tahun 2023 [2].").replace(
        "Apa yang Anda rasakan?",
        "Apa yang Anda rasakan?\n\n## Sumber\n1. Kompas — https://kompas.com/x",
    )

    assert _problems(raw) == [
        "contoh.md [id]: lesson: cites [2] but there is no source 2",
        "contoh.md [id]: sources: source 1 is never cited",
    ]


def test_a_cited_fact_with_its_source_passes():
    raw = GOOD.replace("Isi pelajaran.", "Perpres Nomor 21 Tahun 2023 [1].").replace(
        "Apa yang Anda rasakan?",
        "Apa yang Anda rasakan?\n\n## Sumber\n1. Kompas, 14 April 2023 — https://kompas.com/x",
    )

    source = parse_lesson(raw, name="contoh.md").text("id").sources[0]

    assert (source.number, source.title, source.url) == (
        1,
        "Kompas, 14 April 2023",
        "https://kompas.com/x",
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("slug: contoh", "slug: lain"), "contoh.md: slug: must equal the file name ('contoh')"),
        (
            ("minutes: 5", "minutes: lima"),
            "contoh.md: minutes: needs a whole number from 1 to 15, got 'lima'",
        ),
        (
            ("order: 5\n", "order: 5\nkind: kuis\n"),
            "contoh.md: kind: must be one of lesson, guide, got 'kuis'",
        ),
        (
            ("order: 5\n", "order: 5\nnudges: ramai\n"),
            "contoh.md: nudges: 'ramai' is not one of low_wellbeing, high_burnout, saya_lelah, after_hours",
        ),
        (("## Latihan", "## Tugas"), "contoh.md [id]: '## Tugas' is not a section of a lesson"),
    ],
)
def test_front_matter_and_section_problems_are_named(change, problem):
    raw = GOOD.replace(*change)

    assert problem in _problems(raw)


def test_nudges_need_an_action_step():
    raw = GOOD.replace("order: 5\n", "order: 5\nnudges: after_hours\n")

    assert _problems(raw) == [
        "contoh.md [id]: action_step: needed because the lesson has nudges",
        "contoh.md [en]: action_step: needed because the lesson has nudges",
    ]


def test_a_file_without_front_matter_is_named():
    assert _problems("# id: Judul\n")[0] == (
        "contoh.md: front matter: the file must start with a '---' block"
    )


def test_an_agency_folder_adds_and_replaces_lessons(tmp_path, settings):
    (tmp_path / "contoh.md").write_text(GOOD, encoding="utf-8")
    replaced = GOOD.replace("slug: contoh", "slug: percakapan-satu-satu").replace(
        "# id: Contoh", "# id: Versi instansi"
    )
    (tmp_path / "percakapan-satu-satu.md").write_text(replaced, encoding="utf-8")
    settings.LESSONS_DIR = str(tmp_path)

    lessons = all_lessons()

    assert "contoh" in lessons
    assert lessons["percakapan-satu-satu"].text("id").title == "Versi instansi"
    assert len([lesson for lesson in lessons.values() if lesson.kind == LESSON]) == 10


def test_a_broken_agency_file_stops_loading_with_every_problem(tmp_path, settings):
    (tmp_path / "rusak.md").write_text(
        GOOD.replace("slug: contoh", "slug: rusak").replace("## Lesson\nThe lesson.\n\n", ""),
        encoding="utf-8",
    )
    settings.LESSONS_DIR = str(tmp_path)

    with pytest.raises(ContentError) as caught:
        all_lessons()

    assert caught.value.problems == ["rusak.md [en]: lesson: missing (add a '## ' section for it)"]


def test_a_missing_agency_folder_is_named(tmp_path, settings):
    settings.LESSONS_DIR = str(tmp_path / "tidak-ada")

    with pytest.raises(ContentError, match="LESSONS_DIR"):
        all_lessons()
