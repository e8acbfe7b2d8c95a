"""Every counselor-side view × every persona → the exact status code."""

import pytest

from rehat.conversations.tests.helpers import make_team_key
from rehat.listening.tests.counselor_helpers import (
    ALL,
    counselor_client,
    make_conversation,
    open_session,
)
from rehat.tests.factories import make_role
from rehat.tests.personas import PERSONAS, client_for

LOGIN, CODE = 302, 302


def _urls(conversation_id: str) -> list[tuple[str, str]]:
    thread = f"/konselor/percakapan/{conversation_id}/"
    return [
        ("get", "/konselor/kode/"),
        ("get", "/konselor/"),
        ("get", "/konselor/?show=closed"),
        ("get", thread),
        ("post", thread + "catatan/"),
        ("get", "/konselor/layanan/"),
    ]


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_counselor_view_answers_each_persona_exactly(org, persona):
    make_team_key()
    conversation = make_conversation()
    client = client_for(org, persona)
    want = {
        "anonymous": [LOGIN] * 6,
        # A counselor without the second factor in this session is sent to the code page.
        "counselor": [200, CODE, CODE, CODE, CODE, 403],
    }.get(persona, [403] * 6)
    got = []
    for method, url in _urls(str(conversation.pk)):
        response = client.post(url, {"text": "x"}) if method == "post" else client.get(url)
        got.append(response.status_code)
    assert got == want


@pytest.mark.django_db(databases=ALL)
def test_a_verified_counselor_with_a_key_ring_gets_in(org):
    team = make_team_key()
    conversation = make_conversation()
    client = counselor_client(org, team={1: team})
    got = [
        client.get(url).status_code
        for method, url in _urls(str(conversation.pk))
        if method == "get"
    ]
    assert got == [200, 200, 200, 200, 403]


@pytest.mark.django_db(databases=ALL)
def test_the_lead_counselor_sees_the_service_table(org):
    make_role(user=org.hr.user, kind="lead_counselor")
    assert client_for(org, "hr").get("/konselor/layanan/").status_code == 200
    assert client_for(org, "hr").get("/konselor/").status_code == 403  # lead, not counselor


@pytest.mark.django_db(databases=ALL)
def test_without_the_second_factor_the_counselor_is_asked_for_it(org):
    make_team_key()
    conversation = make_conversation()
    url = f"/konselor/percakapan/{conversation.pk}/"
    response = client_for(org, "counselor").get(url)
    assert response.url == f"/konselor/kode/?next=%2Fkonselor%2Fpercakapan%2F{conversation.pk}%2F"


@pytest.mark.django_db(databases=ALL)
def test_without_a_key_ring_the_counselor_is_told_to_sign_in_again(org):
    client = open_session(client_for(org, "counselor"), team=None)
    response = client.get("/konselor/")
    assert response.status_code == 403
    assert response.templates[0].name == "listening/no_keyring.html"
    assert "masuk lagi" in response.content.decode()


@pytest.mark.django_db(databases=ALL)
def test_a_stolen_session_without_the_key_ring_cookie_opens_nothing(org):
    team = make_team_key()
    client = counselor_client(org, team={1: team})
    del client.cookies["rehat_keyring"]
    assert client.get("/konselor/").status_code == 403


@pytest.mark.django_db(databases=ALL)
def test_an_unknown_conversation_is_not_found(org):
    team = make_team_key()
    client = counselor_client(org, team={1: team})
    response = client.get("/konselor/percakapan/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
