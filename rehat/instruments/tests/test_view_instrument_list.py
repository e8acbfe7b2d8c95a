import pytest

from rehat.tests.personas import PERSONAS, client_for

URL = "/instrumen/"
EXPECTED = {
    "employee": 403,
    "leader": 403,
    "other_leader": 403,
    "counselor": 200,
    "hr": 200,
    "admin": 403,
    "anonymous": 302,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_instrument_list_permissions(org, persona):
    response = client_for(org, persona).get(URL)
    assert response.status_code == EXPECTED[persona]
    if persona == "anonymous":
        assert response.url == f"/masuk/?next={URL}"


@pytest.mark.django_db
def test_instrument_list_shows_licence_and_translation_status(org):
    response = client_for(org, "hr").get(URL)
    html = response.content.decode()
    assert html.count('href="/instrumen/') == 11
    assert "Patient Health Questionnaire-9 (PHQ-9)" in html
    assert "tersimpan, belum diverifikasi" in html
    assert "terjemahan kerja, belum divalidasi" in html
    assert "belum jelas, mintalah izin sebelum dipakai" in html
    assert "UWES-9" in html


@pytest.mark.django_db
def test_instrument_list_query_count_is_fixed(org, django_assert_num_queries):
    client = client_for(org, "counselor")
    # Session, user, roles, employee record: instruments come from files, not the database.
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
