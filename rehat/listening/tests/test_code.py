"""/konselor/kode/: set up the authenticator app, then a code at every sign-in."""

import time

import pytest

from rehat.audit.models import Entry
from rehat.listening.domain import totp
from rehat.listening.forms import seal_secret, unseal_secret
from rehat.listening.models import TotpDevice
from rehat.listening.permissions import OTP_VERIFIED
from rehat.listening.tests.counselor_helpers import ALL
from rehat.tests.personas import client_for

SECRET = bytes(range(20))


def _code(secret: bytes, *, steps_ago: int = 0) -> str:
    return totp.hotp(secret, totp.step_at(time.time()) - steps_ago)


def _device(org, *, confirmed: bool = True, last_step: int = 0) -> TotpDevice:
    return TotpDevice.objects.create(
        user=org.counselor.user,
        sealed_secret=seal_secret(SECRET),
        confirmed=confirmed,
        last_step=last_step,
    )


@pytest.mark.django_db(databases=ALL)
def test_first_visit_shows_the_secret_and_the_setup_steps(org):
    response = client_for(org, "counselor").get("/konselor/kode/")
    device = TotpDevice.objects.get(user=org.counselor.user)
    secret = unseal_secret(device)
    page = response.content.decode()
    assert device.confirmed is False
    assert totp.secret_text(secret) in page
    assert "otpauth://totp/Rehat%3A" in page
    assert "aplikasi autentikator" in page


@pytest.mark.django_db(databases=ALL)
def test_reloading_the_setup_keeps_the_same_secret(org):
    client = client_for(org, "counselor")
    client.get("/konselor/kode/")
    first = unseal_secret(TotpDevice.objects.get(user=org.counselor.user))
    client.get("/konselor/kode/")
    assert unseal_secret(TotpDevice.objects.get(user=org.counselor.user)) == first


@pytest.mark.django_db(databases=ALL)
def test_confirming_the_setup_verifies_the_session_and_is_audited(org):
    device = _device(org, confirmed=False)
    client = client_for(org, "counselor")
    response = client.post("/konselor/kode/", {"code": _code(SECRET)})
    device.refresh_from_db()
    assert response.status_code == 302
    assert response.url == "/konselor/"
    assert device.confirmed is True
    assert device.last_step in {totp.step_at(time.time()), totp.step_at(time.time()) - 1}
    assert client.session[OTP_VERIFIED] is True
    entry = Entry.objects.get(action="create", changes__second_factor="confirmed")
    assert entry.actor == org.counselor.user


@pytest.mark.django_db(databases=ALL)
def test_a_confirmed_device_asks_only_for_the_code(org):
    _device(org)
    page = client_for(org, "counselor").get("/konselor/kode/").content.decode()
    assert totp.secret_text(SECRET) not in page
    assert "otpauth" not in page


@pytest.mark.django_db(databases=ALL)
def test_the_code_returns_to_the_page_asked_for(org):
    _device(org)
    response = client_for(org, "counselor").post(
        "/konselor/kode/?next=/konselor/?show=closed", {"code": _code(SECRET)}
    )
    assert response.url == "/konselor/?show=closed"


@pytest.mark.django_db(databases=ALL)
def test_next_never_leaves_the_site(org):
    _device(org)
    response = client_for(org, "counselor").post(
        "/konselor/kode/", {"code": _code(SECRET), "next": "https://jahat.example/"}
    )
    assert response.url == "/konselor/"


@pytest.mark.django_db(databases=ALL)
def test_a_wrong_code_is_refused(org):
    _device(org)
    client = client_for(org, "counselor")
    wrong = str((int(_code(SECRET)) + 1) % 10**6).zfill(6)
    response = client.post("/konselor/kode/", {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"][0].startswith("Kode tidak cocok")
    assert OTP_VERIFIED not in client.session


@pytest.mark.django_db(databases=ALL)
def test_a_code_is_accepted_once_only(org):
    _device(org)
    code = _code(SECRET)
    assert client_for(org, "counselor").post("/konselor/kode/", {"code": code}).status_code == 302
    replay = client_for(org, "counselor")
    response = replay.post("/konselor/kode/", {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Kode ini sudah dipakai. Tunggu sampai aplikasi menampilkan kode baru."
    ]
    assert OTP_VERIFIED not in replay.session


@pytest.mark.django_db(databases=ALL)
def test_an_older_code_than_the_last_one_used_is_refused(org):
    _device(org, last_step=totp.step_at(time.time()))
    response = client_for(org, "counselor").post(
        "/konselor/kode/", {"code": _code(SECRET, steps_ago=1)}
    )
    assert response.context["form"].errors["code"][0].startswith("Kode ini sudah dipakai")


@pytest.mark.django_db(databases=ALL)
def test_five_wrong_codes_sign_the_counselor_out(org):
    _device(org)
    client = client_for(org, "counselor")
    for _ in range(4):
        assert client.post("/konselor/kode/", {"code": "12345"}).status_code == 200
    response = client.post("/konselor/kode/", {"code": "12345"})
    assert response.url == "/masuk/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("persona", ["employee", "leader", "other_leader", "hr", "admin"])
def test_only_counselors_set_up_a_second_factor(org, persona):
    response = client_for(org, persona).post("/konselor/kode/", {"code": "123456"})
    assert response.status_code == 403
    assert not TotpDevice.objects.exists()


@pytest.mark.django_db(databases=ALL)
def test_an_operator_resets_a_lost_authenticator(org):
    import io

    from django.core.management import call_command

    _device(org)
    out = io.StringIO()
    call_command("reset_second_factor", "--email", org.counselor.user.email, stdout=out)
    assert not TotpDevice.objects.exists()
    assert Entry.objects.get(action="delete").changes == {"second_factor": "reset"}
    page = client_for(org, "counselor").get("/konselor/kode/").content.decode()
    assert "Pasang kode kedua" in page
