"""Every lesson view × every persona → the exact status code; and a reflection's text
appears on no page but its author's."""

import pytest

from rehat.lessons.domain.content import all_lessons
from rehat.lessons.domain.progress import save_reflection
from rehat.tests.personas import PERSONAS, client_for

LESSON = "saat-staf-berkata-lelah"
URLS = [
    ("get", "/belajar/"),
    ("get", f"/belajar/{LESSON}/"),
    ("get", "/belajar/panduan-percakapan/"),
    ("post", f"/belajar/{LESSON}/selesai/"),
    ("post", f"/belajar/{LESSON}/refleksi/hapus/"),
    ("get", "/belajar/sdm/kemajuan/"),
]
LOGIN = 302
DONE = 302  # a completed form redirects back to the lesson
WANT = {
    "anonymous": [LOGIN] * 6,
    "employee": [403] * 6,
    "leader": [200, 200, 200, DONE, DONE, 403],
    "other_leader": [200, 200, 200, DONE, DONE, 403],
    "counselor": [403] * 6,
    "hr": [200, 200, 200, 403, 403, 200],
    "admin": [403] * 6,
}
SECRET = "Refleksi rahasia: saya sering membentak tim saat rapat Senin."


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_lesson_view_answers_each_persona_exactly(org, persona):
    client = client_for(org, persona)

    got = [
        (client.post(url, {"text": ""}) if method == "post" else client.get(url)).status_code
        for method, url in URLS
    ]

    assert got == WANT[persona]


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page(org):
    response = client_for(org, "anonymous").get("/belajar/")

    assert response.headers["Location"] == "/masuk/?next=/belajar/"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_reflection_shows_only_on_its_authors_page(org, persona):
    save_reflection(user=org.leader.user, lesson=all_lessons()[LESSON], text=SECRET)
    client = client_for(org, persona)

    pages = [client.get(url) for method, url in URLS if method == "get"]
    shown = [SECRET in page.content.decode() for page in pages]

    assert shown == [False, persona == "leader", False, False]


@pytest.mark.django_db
def test_a_missing_lesson_is_404_and_the_guide_cannot_be_completed(org):
    client = client_for(org, "leader")

    got = [
        client.get("/belajar/tidak-ada/").status_code,
        client.post("/belajar/panduan-percakapan/selesai/").status_code,
        client.post("/belajar/panduan-percakapan/refleksi/hapus/").status_code,
    ]

    assert got == [404, 404, 404]
