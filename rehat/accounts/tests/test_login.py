import pytest
from django.core import mail
from django.test import Client

from rehat.accounts.models import User


def _nip_spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@pytest.mark.django_db
def test_sign_in_with_nip_written_with_spaces(org):
    client = Client()
    response = client.post(
        "/masuk/",
        {"username": _nip_spaced(org.employee.nip), "password": "rahasia-uji-123"},
    )
    assert response.status_code == 302
    assert client.get("/").url == "/beranda/employee/"


@pytest.mark.django_db
def test_sign_in_with_email_in_any_case(org):
    client = Client()
    response = client.post(
        "/masuk/", {"username": org.hr.user.email.upper(), "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_in_indonesian(org):
    response = Client().post("/masuk/", {"username": org.employee.nip, "password": "salah"})
    assert response.status_code == 200
    assert "NIP/email atau kata sandi tidak cocok" in response.content.decode()


@pytest.mark.django_db
def test_inactive_user_cannot_sign_in(org):
    org.employee.user.is_active = False
    org.employee.user.save(update_fields=["is_active"])
    response = Client().post(
        "/masuk/", {"username": org.employee.nip, "password": "rahasia-uji-123"}
    )
    assert response.status_code == 200


def test_no_last_login_column_exists():
    assert "last_login" not in [f.name for f in User._meta.get_fields()]


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(
    org, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kata-sandi/lupa/", {"email": org.employee.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [org.employee.user.email]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/kata-sandi/atur/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "Pelangi-Senja-2026", "new_password2": "Pelangi-Senja-2026"},
    )
    assert response.status_code == 302
    assert Client().login(username=org.employee.nip, password="Pelangi-Senja-2026")


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_looks_the_same(org):
    response = Client().post("/kata-sandi/lupa/", {"email": "tidak.ada@contoh.go.id"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_interface_switches_to_english(org):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    response = client.get("/masuk/")
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(org):
    response = Client().get("/masuk/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_browser_language_does_not_override_indonesian(org):
    response = Client().get("/masuk/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "id"


@pytest.mark.django_db(databases=["default", "anonymous"])
def test_a_counselor_sign_in_opens_their_key_ring(org):
    from rehat.conversations.models import TeamKey
    from rehat.listening.domain.keyring import COOKIE, load_keyring

    client = Client()
    response = client.post(
        "/masuk/", {"username": org.counselor.user.email, "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE]["httponly"]
    assert TeamKey.objects.filter(is_current=True).count() == 1
    request = type(
        "R", (), {"session": client.session, "COOKIES": {COOKIE: client.cookies[COOKIE].value}}
    )
    assert sorted(load_keyring(request=request).team) == [1]


@pytest.mark.django_db(databases=["default", "anonymous"])
def test_an_employee_sign_in_sets_no_key_ring(org):
    from rehat.listening.domain.keyring import COOKIE

    response = Client().post(
        "/masuk/", {"username": org.employee.nip, "password": "rahasia-uji-123"}
    )
    assert COOKIE not in response.cookies
