"""In Chromium at 360 px: sign in, set up the second factor, read a thread, and put a
suggested phrase into the reply box without sending anything."""

import os
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from rehat.conversations.models import Conversation
from rehat.listening.domain import totp
from rehat.listening.forms import unseal_secret
from rehat.listening.models import TotpDevice
from rehat.listening.tests.counselor_helpers import current_code, make_conversation
from rehat.tests.browser import chromium, sign_in
from rehat.tests.factories import make_role
from rehat.tests.personas import build_org

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]


def test_a_counselor_signs_in_reads_and_starts_a_reply_on_a_phone(live_server):
    org = build_org()
    make_role(user=org.counselor.user, kind="lead_counselor")
    too_wide, errors = {}, []
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def fits(name: str) -> None:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide[name] = width

        sign_in(page, live_server.url, org.counselor.user.email, next_path="/konselor/")
        page.goto(f"{live_server.url}/konselor/")
        assert page.url.startswith(f"{live_server.url}/konselor/kode/")
        fits("code")
        page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(
            current_code(page.locator("#totp-secret").inner_text())
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Pastikan dan lanjutkan").click()
        assert page.url == f"{live_server.url}/konselor/"
        fits("inbox")

        # Sign-in made the team key; an employee writes.
        conversation = make_conversation(texts=("Saya lelah.", "Lembur setiap malam."))
        page.goto(f"{live_server.url}/konselor/percakapan/{conversation.pk}/")
        assert "Lembur setiap malam." in page.content()
        fits("thread")
        page.get_by_text("Kalimat pembuka yang bisa Anda pakai").click()
        page.get_by_role("button", name="Terima kasih sudah bercerita").click()
        assert (
            page.locator("#reply-text")
            .input_value()
            .startswith("Terima kasih sudah mau bercerita di sini.")
        )
        assert Conversation.objects.get(pk=conversation.pk).message_count == 2

        page.goto(f"{live_server.url}/konselor/layanan/")
        fits("service")
        context.close()
    assert too_wide == {}
    assert errors == []


ZBARIMG = shutil.which("zbarimg")


@pytest.mark.skipif(ZBARIMG is None, reason="needs zbarimg: apt-get install zbar-tools")
def test_the_setup_qr_code_scans_to_the_key_and_the_code_confirms(live_server, tmp_path):
    org = build_org()
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, live_server.url, org.counselor.user.email, next_path="/konselor/")
        page.goto(f"{live_server.url}/konselor/kode/")
        qr = page.locator("#totp-qr svg")
        assert qr.get_attribute("role") == "img"
        picture = tmp_path / "qr.png"
        qr.screenshot(path=str(picture))
        # What a phone's authenticator reads from the screen.
        scanned = subprocess.run(
            [str(ZBARIMG), "--raw", "-q", str(picture)], capture_output=True, text=True, check=True
        ).stdout.strip()
        device = TotpDevice.objects.get(user=org.counselor.user)
        assert scanned == totp.provisioning_uri(
            unseal_secret(device), account=org.counselor.user.email
        )
        key = parse_qs(urlsplit(scanned).query)["secret"][0]
        page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(current_code(key))
        with page.expect_navigation():
            page.get_by_role("button", name="Pastikan dan lanjutkan").click()
        assert page.url == f"{live_server.url}/konselor/"
        context.close()
    device.refresh_from_db()
    assert device.confirmed is True
