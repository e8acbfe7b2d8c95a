import pytest
from django.test import override_settings

from rehat.tests.personas import PERSONAS, client_for
from rehat.vault.tests.helpers import create

pytestmark = pytest.mark.django_db

EXPECTED = {
    "employee": 200,
    "leader": 200,
    "other_leader": 200,
    "counselor": 200,
    "hr": 200,
    "admin": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_answer_each_persona_exactly(org, persona):
    client = client_for(org, persona)
    got = [client.get("/brankas/").status_code, client.get("/brankas/simpan/").status_code]
    assert got == [EXPECTED[persona]] * 2


def test_page_passes_the_required_iterations_and_idle_time(org):
    with override_settings(REHAT_VAULT_PBKDF2_ITERATIONS=2000, REHAT_VAULT_IDLE_SECONDS=30):
        html = client_for(org, "employee").get("/brankas/").content.decode()
    assert 'data-iterations="2000"' in html
    assert 'data-idle-seconds="30"' in html


def test_page_warns_before_creating_that_a_lost_passphrase_loses_the_vault(org):
    html = client_for(org, "employee").get("/brankas/").content.decode()
    assert "jika frasa sandi Anda hilang, isi brankas ikut hilang" in html


def test_page_explains_the_bands_of_each_charted_instrument(org):
    response = client_for(org, "employee").get("/brankas/")
    legends = response.context["legends"]
    assert list(legends) == ["who5", "single-item-burnout", "phq9", "gad7", "cbi"]
    assert [(b["range"], b["level"]) for b in legends["who5"]["bands"]] == [
        ("0–28%", "reach"),
        ("29–50%", "watch"),
        ("51–100%", "ok"),
    ]
    assert (legends["phq9"]["low"], legends["phq9"]["high"]) == (0.0, 27.0)
    assert legends["cbi"]["parts"].keys() == {"personal", "work", "client"}


def test_offer_asks_for_the_passphrase_only_when_a_vault_exists(org):
    client = client_for(org, "employee")
    before = client.get("/brankas/simpan/").content.decode()
    create(client)
    after = client.get("/brankas/simpan/").content.decode()
    assert "vault-offer-retry" in before
    assert 'type="password"' not in before
    assert 'type="password"' in after
