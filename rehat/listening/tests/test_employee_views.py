"""Ruang Dengar's employee pages: the page, the "Saya lelah" button, revealing identity."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.tests.helpers import obtain_token
from rehat.conversations import views as anonymous_views
from rehat.conversations.domain.threads import (
    find_conversation,
    open_conversation,
    read_for_employee,
)
from rehat.conversations.models import Conversation, Message
from rehat.conversations.tests.helpers import make_team_key
from rehat.lib import boxes
from rehat.tests.personas import PERSONAS, client_for

ALL = ["default", "anonymous"]
SCREENING = "screening-2026-11"
HOME, REVEAL = "/ruang-dengar/", "/ruang-dengar/identitas/"
# Every persona but the admin is also an employee of the agency.
PAGE_STATUS = {
    "employee": 200,
    "leader": 200,
    "other_leader": 200,
    "counselor": 200,
    "hr": 200,
    "admin": 403,
    "anonymous": 302,
}


@pytest.fixture(autouse=True)
def no_delay(monkeypatch):
    monkeypatch.setattr(anonymous_views, "RECEIPT_FAILURE_DELAY", 0)
    cache.clear()


@pytest.fixture
def receipt(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=datetime.date(2026, 11, 25))
    make_team_key()
    bucket, token = obtain_token(client_for(org, "employee"), SCREENING, purpose="voice")
    opened = open_conversation(period=SCREENING, bucket=bucket, token=token, text="")
    return boxes.format_receipt(opened.receipt)


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("persona", PERSONAS)
def test_page_permissions(org, persona):
    response = client_for(org, persona).get(HOME)

    assert response.status_code == PAGE_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"] == "/masuk/?next=/ruang-dengar/"


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("persona", PERSONAS)
def test_identity_reveal_permissions(org, receipt, persona):
    response = client_for(org, persona).post(REVEAL, {"receipt": receipt, "confirm": "on"})

    assert response.status_code == PAGE_STATUS[persona]
    conversation = Conversation.objects.get()
    assert conversation.identity_shared is (PAGE_STATUS[persona] == 200)


@pytest.mark.django_db(databases=ALL)
def test_page_shows_the_form_the_warning_and_hidden_crisis_resources(org):
    response = client_for(org, "employee").get(HOME)

    html = response.content.decode()
    assert "Saya lelah." in html
    assert "Jangan tulis nama atau detail unik." in html
    assert (
        'id="ld-crisis" class="crisis" tabindex="-1" aria-labelledby="ld-crisis-title" hidden'
        in html
    )
    assert "Bantuan yang bisa dihubungi sekarang" in html
    assert [label for _, label in response.context["open_form"].fields["topic"].choices] == [
        "— tidak memilih —",
        "beban kerja",
        "atasan",
        "rekan kerja",
        "keluarga",
        "kesehatan",
        "lainnya",
    ]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize(
    ("persona", "shown"),
    [("employee", True), ("counselor", True), ("admin", False)],
)
def test_the_saya_lelah_button_is_on_employee_pages(org, persona, shown):
    html = client_for(org, persona).get("/profil/").content.decode()

    assert ('class="tired-button" href="/ruang-dengar/"' in html) is shown


@pytest.mark.django_db(databases=ALL)
def test_revealing_identity_adds_name_nip_unit_and_email_to_this_conversation(org, receipt):
    response = client_for(org, "employee").post(REVEAL, {"receipt": receipt, "confirm": "on"})

    assert response.status_code == 200
    conversation, private = find_conversation(receipt_text=receipt)
    assert conversation.identity_shared is True
    last = read_for_employee(conversation=conversation, private_key=private)[-1]
    assert (last.author, last.kind) == ("employee", "identity")
    assert last.text == (
        "Saya ingin membuka identitas saya kepada konselor untuk percakapan ini.\n"
        f"Nama: {org.employee.user.name}\n"
        f"NIP / NI PPPK: {org.employee.nip}\n"
        "Unit kerja: Bidang Alfa Satu\n"
        f"Email: {org.employee.user.email}"
    )
    assert "Identitas Anda sudah dibagikan" in response.content.decode()


@pytest.mark.django_db(databases=ALL)
def test_revealing_identity_answers_json_to_the_page_script(org, receipt):
    response = client_for(org, "employee").post(
        REVEAL, {"receipt": receipt, "confirm": "on"}, headers={"Accept": "application/json"}
    )

    assert response.status_code == 200
    assert org.employee.nip in response.json()["html"]


@pytest.mark.django_db(databases=ALL)
def test_revealing_identity_needs_the_confirmation(org, receipt):
    response = client_for(org, "employee").post(REVEAL, {"receipt": receipt})

    assert response.status_code == 400
    assert "Centang pernyataan persetujuan" in response.content.decode()
    assert Message.objects.count() == 2
    assert Conversation.objects.get().identity_shared is False


@pytest.mark.django_db(databases=ALL)
def test_revealing_identity_with_a_wrong_receipt_changes_nothing(org, receipt):
    response = client_for(org, "employee").post(
        REVEAL, {"receipt": "0" * 30, "confirm": "on"}, headers={"Accept": "application/json"}
    )

    assert response.status_code == 404
    assert response.json()["error"].startswith("Kode tanda terima tidak dikenali")
    assert Conversation.objects.get().identity_shared is False


@pytest.mark.django_db(databases=ALL)
def test_revealing_identity_needs_a_csrf_token(org, receipt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.employee.user)

    response = client.post(REVEAL, {"receipt": receipt, "confirm": "on"})

    assert response.status_code == 403
    assert Conversation.objects.get().identity_shared is False


@pytest.mark.django_db(databases=ALL)
def test_revealing_identity_is_post_only(org):
    assert client_for(org, "employee").get(REVEAL).status_code == 405
