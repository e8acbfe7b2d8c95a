"""What each lesson page shows and does, for the people allowed to use it."""

import pytest

from rehat.lessons.domain.content import all_lessons
from rehat.lessons.domain.progress import complete_lesson, read_reflection
from rehat.lessons.models import Completion, Reflection
from rehat.tests.factories import make_employee, make_role, make_unit
from rehat.tests.personas import client_for

pytestmark = pytest.mark.django_db
SLUG = "menjaga-waktu-setelah-jam-kerja"


def test_the_list_shows_the_leaders_own_progress(org):
    complete_lesson(user=org.leader.user, lesson=all_lessons()[SLUG])

    page = client_for(org, "leader").get("/belajar/").content.decode()

    assert "Anda sudah menyelesaikan 1 dari 9 pelajaran." in page
    assert page.count("· selesai") == 1


def test_another_leaders_progress_is_not_shown(org):
    complete_lesson(user=org.leader.user, lesson=all_lessons()[SLUG])

    page = client_for(org, "other_leader").get("/belajar/").content.decode()

    assert "Anda sudah menyelesaikan 0 dari 9 pelajaran." in page
    assert "· selesai" not in page


def test_a_lesson_page_shows_the_exercise_sources_and_form(org):
    page = client_for(org, "leader").get(f"/belajar/{SLUG}/").content.decode()

    assert "<h2>Latihan</h2>" in page
    assert 'id="sumber-1"' in page
    assert 'href="#sumber-1"' in page
    assert 'name="text"' in page
    assert "Tandai selesai" in page


def test_hr_reads_a_lesson_without_a_reflection_form(org):
    page = client_for(org, "hr").get(f"/belajar/{SLUG}/").content.decode()

    assert "<h2>Latihan</h2>" in page
    assert 'name="text"' not in page


def test_the_lesson_is_in_english_when_the_interface_is(org):
    client = client_for(org, "leader")
    client.cookies["django_language"] = "en"

    page = client.get(f"/belajar/{SLUG}/", headers={"accept-language": "en"}).content.decode()

    assert "Protecting time after hours" in page
    assert "<h2>Exercise</h2>" in page


def test_completing_with_a_reflection_stores_both(org):
    client = client_for(org, "leader")

    response = client.post(f"/belajar/{SLUG}/selesai/", {"text": "Saya akan berhenti jam 17."})

    lesson = all_lessons()[SLUG]
    assert response.headers["Location"] == f"/belajar/{SLUG}/"
    assert Completion.objects.filter(user=org.leader.user, lesson=SLUG).count() == 1
    assert read_reflection(user=org.leader.user, lesson=lesson) == "Saya akan berhenti jam 17."


def test_the_author_sees_their_reflection_again(org):
    client = client_for(org, "leader")
    client.post(f"/belajar/{SLUG}/selesai/", {"text": "Catatan <b>saya</b>."})

    page = client.get(f"/belajar/{SLUG}/").content.decode()

    assert "Catatan &lt;b&gt;saya&lt;/b&gt;." in page
    assert "Hapus refleksi saya" in page
    assert "Simpan refleksi" in page


def test_a_too_long_reflection_is_refused_and_nothing_is_stored(org):
    response = client_for(org, "leader").post(f"/belajar/{SLUG}/selesai/", {"text": "x" * 4001})

    assert response.status_code == 400
    assert Completion.objects.count() == 0
    assert Reflection.objects.count() == 0


def test_deleting_the_reflection_keeps_the_completion(org):
    client = client_for(org, "leader")
    client.post(f"/belajar/{SLUG}/selesai/", {"text": "Sesuatu."})

    client.post(f"/belajar/{SLUG}/refleksi/hapus/")

    assert Reflection.objects.count() == 0
    assert Completion.objects.count() == 1


def test_hr_progress_page_shows_counts_and_no_reflection(org):
    client = client_for(org, "leader")
    client.post(f"/belajar/{SLUG}/selesai/", {"text": "Rahasia pimpinan Alfa."})

    page = client_for(org, "hr").get("/belajar/sdm/kemajuan/").content.decode()

    assert "Dinas Alfa" in page
    assert "Rahasia pimpinan Alfa" not in page
    assert org.leader.user.name not in page


@pytest.mark.parametrize("leaders", [1, 3])
def test_hr_progress_page_queries_do_not_grow_with_units(org, leaders, django_assert_num_queries):
    for _ in range(leaders):
        unit = make_unit(parent=org.root)
        make_role(user=make_employee(unit=unit).user, kind="leader", unit=unit)
    client = client_for(org, "hr")
    client.get("/belajar/sdm/kemajuan/")  # warm the session and role caches

    with django_assert_num_queries(7):
        client.get("/belajar/sdm/kemajuan/")
