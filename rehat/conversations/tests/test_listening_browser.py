"""In Chromium, on a 360 px phone: "Saya lelah", a receipt, a counselor's reply, a return.

The employee obtains voice tokens blindly (tokens.js), opens a conversation without
cookies, keeps the receipt, and later reads the reply with it on a fresh page.
"""

import datetime
import os
import re

import pytest
from django.test import override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.conversations.domain.threads import AUTO_REPLY, add_counselor_reply, find_conversation
from rehat.conversations.models import Conversation
from rehat.conversations.tests.helpers import make_team_key
from rehat.tests.browser import chromium, sign_in
from rehat.tests.personas import build_org

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]

RECEIPT = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$")
VOICE_TOKENS = """Object.keys(localStorage).filter(k => k.startsWith('rehat.voice.'))
  .map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)"""


def fits_360(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@override_settings(REHAT_MIN_BUCKET=2, REHAT_VOICE_TOKENS=2)
def test_employee_says_saya_lelah_and_returns_for_the_reply(live_server, tmp_path):
    org = build_org()
    sync_periods(today=datetime.date.today())
    make_team_key()
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(20000)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        anonymous_requests: list[dict[str, str]] = []
        page.on(
            "request",
            lambda r: (
                anonymous_requests.append(r.headers) if "/anon/v1/ruang-dengar/" in r.url else None
            ),
        )
        sign_in(page, live_server.url, org.employee.nip)
        page.wait_for_load_state("networkidle")  # tokens.js obtains the voice tokens

        # Every employee page carries the button.
        page.get_by_role("link", name=re.compile("^Saya lelah")).click()
        page.wait_for_url("**/ruang-dengar/")
        open_form = page.locator("#ld-open-form")
        open_form.locator("button[type=submit]:not([disabled])").wait_for()
        assert page.evaluate(VOICE_TOKENS) == 2
        assert fits_360(page)
        open_form.get_by_label("Ingin bercerita lebih banyak?").fill("Lembur terus tiap malam.")
        open_form.get_by_label("Topik").select_option("workload")
        open_form.get_by_role("button", name="Kirim tanpa nama").click()

        page.locator("#ld-receipt").wait_for()
        receipt = page.locator("#ld-receipt-code").inner_text()
        assert RECEIPT.match(receipt)
        thread = page.locator("#ld-thread")
        assert AUTO_REPLY in thread.inner_text()
        assert "Lembur terus tiap malam." in thread.inner_text()
        assert (
            page.locator("#ld-deadline")
            .inner_text()
            .startswith("Konselor akan membalas paling lambat")
        )
        assert page.locator("#ld-crisis").is_hidden()
        assert page.evaluate(VOICE_TOKENS) == 1  # one token spent and gone
        assert page.evaluate("localStorage.getItem('rehat.ruang-dengar.receipt')") is None
        with page.expect_download() as download:
            page.get_by_role("button", name="Unduh sebagai berkas teks").click()
        saved = tmp_path / "receipt.txt"
        download.value.save_as(saved)
        assert receipt in saved.read_text(encoding="utf-8")
        assert fits_360(page)

        # A counselor answers (the counselor pages are another module's).
        conversation, _ = find_conversation(receipt_text=receipt)
        add_counselor_reply(
            conversation=conversation,
            text="Terima kasih sudah bercerita. Apa yang paling berat minggu ini?",
            first_message_at=None,
        )

        # Later, on a fresh page, the employee returns with the receipt.
        page.goto(f"{live_server.url}/ruang-dengar/")
        back = page.locator("#ld-return-form")
        back.get_by_label("Kode tanda terima").fill(receipt.lower().replace("-", " "))
        back.get_by_role("button", name="Buka percakapan").click()
        page.locator("#ld-thread .from-counselor").wait_for()
        assert "Apa yang paling berat minggu ini?" in thread.inner_text()
        assert page.locator("#ld-deadline").inner_text().startswith("Konselor sudah membalas")
        assert fits_360(page)

        # A reply with crisis language shows the crisis resources at once.
        reply = page.locator("#ld-reply-form")
        reply.get_by_label("Balas atau lanjutkan cerita Anda").fill("Kadang saya ingin mati saja.")
        reply.get_by_role("button", name="Kirim").click()
        page.locator("#ld-crisis").wait_for()
        assert "Bantuan yang bisa dihubungi sekarang" in page.locator("#ld-crisis").inner_text()
        assert "Kadang saya ingin mati saja." in thread.inner_text()
        assert fits_360(page)

        # Only when the person asks is the receipt kept on this device.
        page.get_by_label("Simpan kode tanda terima di perangkat ini").check()
        assert page.evaluate("localStorage.getItem('rehat.ruang-dengar.receipt')") == receipt
        page.reload()
        page.locator("#ld-thread .from-counselor").wait_for()
        page.get_by_label("Simpan kode tanda terima di perangkat ini").uncheck()
        assert page.evaluate("localStorage.getItem('rehat.ruang-dengar.receipt')") is None

        assert len(anonymous_requests) == 4
        assert {h.get("cookie") for h in anonymous_requests} == {None}
        assert {bool(h.get("referer")) for h in anonymous_requests} == {False}
        assert errors == []
        context.close()
    conversation = Conversation.objects.get()
    assert conversation.urgent is True
    assert conversation.message_count == 5
