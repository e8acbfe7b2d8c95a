"""In Chromium: sign in, obtain a token with blindrsa-ts, check in, see the result.

Proves the vendored browser library and the Python issuer interoperate (RFC 9474),
and that the check-in goes out without cookies.
"""

import datetime
import os

import pytest
from django.test import override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.responses.models import PendingSubmission, SpentToken
from rehat.tests.browser import chromium, sign_in
from rehat.tests.personas import build_org

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]


@override_settings(REHAT_MIN_BUCKET=2)
def test_employee_checks_in_from_a_phone(live_server):
    org = build_org()
    sync_periods(today=datetime.date.today())
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20000)
        redeem_cookies: list[str | None] = []
        page.on(
            "request",
            lambda r: (
                redeem_cookies.append(r.headers.get("cookie"))
                if "/anon/v1/cek-kabar/" in r.url
                else None
            ),
        )
        sign_in(page, live_server.url, org.employee.nip)
        page.wait_for_load_state("networkidle")

        page.goto(f"{live_server.url}/cek-kabar/")
        pulse = page.locator("form.checkin-form[data-kind=pulse]")
        pulse.locator("button[type=submit]:not([disabled])").wait_for()
        for item in range(1, 6):
            pulse.locator(f"input[name$='-who5-{item}'][value='3']").check()
        pulse.locator("input[name$='-single-item-burnout-1'][value='2']").check()
        pulse.locator("input[name$='-help'][value='rest']").check()
        pulse.locator("button[type=submit]").click()

        page.locator("#result-heading").wait_for()
        assert page.locator("#result-heading").inner_text() == "Tidak apa-apa. Kami mendengar Anda."
        assert page.locator("#checkin-help").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert redeem_cookies == [None]
        stored = page.evaluate(
            "Object.keys(localStorage).filter(k => k.startsWith('rehat.token.pulse'))"
        )
        assert stored == []
        context.close()
    assert SpentToken.objects.count() == 1
    assert PendingSubmission.objects.count() == 1


@override_settings(REHAT_MIN_BUCKET=2)
def test_the_browser_refuses_a_key_missing_from_the_published_list(live_server):
    from rehat.checkins.models import Issuance
    from rehat.responses.models import PublishedKey

    org = build_org()
    sync_periods(today=datetime.date.today())
    # As if the issuer handed this person's bucket a key nobody published.
    PublishedKey.objects.filter(bucket="ALFA").delete()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.set_default_timeout(20000)
        sign_in(page, live_server.url, org.employee.nip)
        page.goto(f"{live_server.url}/cek-kabar/")
        status = page.locator("form.checkin-form[data-kind=pulse] .token-status")
        page.wait_for_function(
            "el => !el.textContent.includes('Menyiapkan')", arg=status.element_handle()
        )
        assert "tidak ada di daftar kunci yang diumumkan" in status.inner_text()
        assert page.locator("form.checkin-form[data-kind=pulse] button[type=submit]").is_disabled()
    assert Issuance.objects.filter(employee=org.employee).count() == 0
