"""In Chromium on a phone-sized screen: book without a name, keep the code, then open,
and cancel, the booking from the code page while signed out."""

import os

import pytest

from rehat.counseling.models import Booking
from rehat.counseling.tests.helpers import future, make_counselor, offer
from rehat.tests.browser import chromium, sign_in
from rehat.tests.personas import build_org

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]


def test_a_pseudonymous_booking_from_start_to_cancellation(live_server):
    org = build_org()
    counselor = make_counselor(org)
    offer(counselor, future(days=3, hour=10))
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, live_server.url, org.employee.nip)

        page.goto(f"{live_server.url}/konseling/")
        page.get_by_role("link", name=org.counselor.user.name).click()
        page.get_by_label("Waktu").select_option(index=0)
        page.get_by_label("tanpa nama (kode janji)").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Buat janji").click()
        code = page.locator("#booking-code").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert code not in page.url

        with page.expect_navigation():
            page.get_by_role("button", name="Keluar").click()
        page.goto(f"{live_server.url}/konseling/kode/")
        page.get_by_label("Kode janji").fill(code.lower().replace("-", " "))
        with page.expect_navigation():
            page.get_by_role("button", name="Buka janji").click()
        assert page.locator("#booking-status").inner_text() == "terjadwal"
        with page.expect_navigation():
            page.locator("#cancel-booking").click()
        assert page.locator("#booking-status").inner_text() == "dibatalkan"
        assert code not in page.url
        context.close()
    booking = Booking.objects.get()
    assert (booking.mode, booking.status, booking.cancelled_by) == (
        "pseudonymous",
        "cancelled",
        "employee",
    )
