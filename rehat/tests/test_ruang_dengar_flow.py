"""The whole Ruang Dengar flow in Chromium, both people in their own browser.

A counselor signs in with a password and a second factor (which also creates the team
key); an employee taps "Saya lelah" and writes; the counselor reads it in the inbox and
replies; the employee comes back with the receipt and reads the reply.
"""

import datetime
import os
import re

import pytest
from django.test import override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.conversations.models import Conversation
from rehat.listening.tests.counselor_helpers import current_code
from rehat.tests.browser import chromium, sign_in
from rehat.tests.personas import build_org

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]
PHONE = {"width": 360, "height": 740}
REPLY = "Terima kasih sudah bercerita. Apa yang paling berat minggu ini?"


@override_settings(REHAT_MIN_BUCKET=2, REHAT_VOICE_TOKENS=2)
def test_employee_writes_counselor_replies_employee_reads_with_the_receipt(live_server):
    org = build_org()
    sync_periods(today=datetime.date.today())
    with chromium() as browser:
        counselor = browser.new_context(viewport=PHONE).new_page()
        employee = browser.new_context(viewport=PHONE).new_page()
        for page in (counselor, employee):
            page.set_default_timeout(20000)

        # The counselor signs in: key ring, team key, second factor.
        sign_in(counselor, live_server.url, org.counselor.user.email, next_path="/konselor/")
        counselor.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(
            current_code(counselor.locator("#totp-secret").inner_text())
        )
        with counselor.expect_navigation():
            counselor.get_by_role("button", name="Pastikan dan lanjutkan").click()
        assert counselor.url == f"{live_server.url}/konselor/"

        # The employee says "Saya lelah".
        sign_in(employee, live_server.url, org.employee.nip, next_path="/")
        employee.wait_for_load_state("networkidle")
        employee.get_by_role("link", name=re.compile("^Saya lelah")).click()
        form = employee.locator("#ld-open-form")
        form.locator("button[type=submit]:not([disabled])").wait_for()
        form.get_by_label("Ingin bercerita lebih banyak?").fill("Lembur terus tiap malam.")
        form.get_by_role("button", name="Kirim tanpa nama").click()
        employee.locator("#ld-receipt").wait_for()
        receipt = employee.locator("#ld-receipt-code").inner_text()
        assert "Tidak apa-apa. Kami mendengar Anda." in employee.locator("#ld-thread").inner_text()

        # The counselor finds it in the inbox, reads it and replies.
        counselor.goto(f"{live_server.url}/konselor/")
        with counselor.expect_navigation():
            counselor.locator("main a[href^='/konselor/percakapan/']").first.click()
        assert "Lembur terus tiap malam." in counselor.content()
        counselor.locator("#reply-text").fill(REPLY)
        with counselor.expect_navigation():
            counselor.get_by_role("button", name="Kirim balasan").click()
        assert REPLY in counselor.content()

        # The employee comes back later with the receipt (typed in lower case).
        employee.goto(f"{live_server.url}/ruang-dengar/")
        back = employee.locator("#ld-return-form")
        back.locator("input").first.fill(receipt.lower())
        back.locator("button[type=submit]").click()
        employee.locator("#ld-thread .from-counselor").wait_for()
        assert REPLY in employee.locator("#ld-thread").inner_text()
        for page in (counselor, employee):
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
    conversation = Conversation.objects.get()
    # "Saya lelah.", the story, the automatic reply, the counselor's reply.
    assert (conversation.waiting, conversation.message_count) == (False, 4)
