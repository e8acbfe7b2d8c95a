"""Progress and reflections, at the domain level: reflections are sealed and only
their author's; HR's numbers are counts per led unit."""

import pytest

from rehat.lessons.domain.content import LESSON, lessons_of_kind
from rehat.lessons.domain.progress import (
    complete_lesson,
    completed_slugs,
    count_progress_by_lesson,
    count_progress_by_unit,
    delete_reflection,
    read_reflection,
    save_reflection,
)
from rehat.lessons.models import Completion, Reflection
from rehat.tests.factories import make_employee, make_role

SECRET = "Saya sering mengirim pesan jam sepuluh malam ke Pak Budi."


@pytest.fixture
def lessons():
    return lessons_of_kind(kind=LESSON)


def test_completing_twice_records_once(org, lessons):
    complete_lesson(user=org.leader.user, lesson=lessons[0])
    complete_lesson(user=org.leader.user, lesson=lessons[0])

    assert Completion.objects.count() == 1
    assert completed_slugs(user=org.leader.user) == {lessons[0].slug}


def test_a_reflection_is_sealed_at_rest(org, lessons):
    save_reflection(user=org.leader.user, lesson=lessons[0], text=SECRET)

    stored = bytes(Reflection.objects.get().sealed)

    assert SECRET.encode() not in stored
    assert b"Budi" not in stored
    assert read_reflection(user=org.leader.user, lesson=lessons[0]) == SECRET


def test_a_reflection_reads_as_empty_for_anyone_but_its_author(org, lessons):
    save_reflection(user=org.leader.user, lesson=lessons[0], text=SECRET)

    got = [
        read_reflection(user=person.user, lesson=lessons[0])
        for person in (org.other_leader, org.hr, org.employee, org.counselor)
    ]

    assert got == ["", "", "", ""]


def test_a_sealed_reflection_copied_to_another_user_cannot_be_opened(org, lessons):
    save_reflection(user=org.leader.user, lesson=lessons[0], text=SECRET)
    sealed = Reflection.objects.get().sealed
    Reflection.objects.create(user=org.other_leader.user, lesson=lessons[0].slug, sealed=sealed)

    with pytest.raises(ValueError):
        read_reflection(user=org.other_leader.user, lesson=lessons[0])


def test_saving_an_empty_reflection_removes_it(org, lessons):
    save_reflection(user=org.leader.user, lesson=lessons[0], text=SECRET)

    save_reflection(user=org.leader.user, lesson=lessons[0], text="   ")

    assert Reflection.objects.count() == 0


def test_deleting_a_reflection_touches_only_the_authors(org, lessons):
    save_reflection(user=org.leader.user, lesson=lessons[0], text=SECRET)
    save_reflection(user=org.other_leader.user, lesson=lessons[0], text="Milik saya.")

    delete_reflection(user=org.leader.user, lesson=lessons[0])

    assert list(Reflection.objects.values_list("user", flat=True)) == [org.other_leader.user.pk]


def test_progress_counts_per_led_unit(org, lessons):
    for lesson in lessons:
        complete_lesson(user=org.leader.user, lesson=lesson)
    complete_lesson(user=org.other_leader.user, lesson=lessons[0])
    complete_lesson(user=org.employee.user, lesson=lessons[1])  # not a leader: not counted

    rows = {row.code: row for row in count_progress_by_unit()}

    assert set(rows) == {"ALFA", "BETA"}
    assert (rows["ALFA"].leaders, rows["ALFA"].completions, rows["ALFA"].finished_all) == (
        1,
        len(lessons),
        1,
    )
    assert (rows["BETA"].leaders, rows["BETA"].completions, rows["BETA"].finished_all) == (1, 1, 0)


def test_progress_counts_two_leaders_of_one_unit(org, lessons):
    deputy = make_employee(unit=org.beta)
    make_role(user=deputy.user, kind="leader", unit=org.beta)
    complete_lesson(user=deputy.user, lesson=lessons[2])
    complete_lesson(user=org.other_leader.user, lesson=lessons[2])

    beta = next(row for row in count_progress_by_unit() if row.code == "BETA")
    by_lesson = {row.lesson.slug: row.leaders for row in count_progress_by_lesson()}

    assert (beta.leaders, beta.completions, beta.finished_all) == (2, 2, 0)
    assert by_lesson[lessons[2].slug] == 2
    assert sum(by_lesson.values()) == 2


def test_progress_by_unit_takes_two_queries_however_many_units(
    org, lessons, django_assert_num_queries
):
    for _ in range(3):
        leader = make_employee(unit=org.alfa_satu)
        make_role(user=leader.user, kind="leader", unit=org.alfa_satu)
        complete_lesson(user=leader.user, lesson=lessons[0])

    with django_assert_num_queries(2):
        rows = count_progress_by_unit()

    assert [row.code for row in rows] == ["ALFA", "ALFA1", "BETA"]
