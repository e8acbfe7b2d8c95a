"""A person on a 360 px phone signs in, finds a colleague and switches language.

Runs in real Chromium against the live server; fails (does not skip) when Chromium
is missing, because CI installs it.
"""

import os

import pytest

from rehat.tests.browser import chromium, sign_in
from rehat.tests.personas import build_org

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the live server happen in another thread, so this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]


def _sign_in(page, live_server, identifier: str) -> None:
    # sign_in waits for the sign-in's own navigation: "networkidle" alone may be read
    # before it starts.
    sign_in(page, live_server.url, identifier)
    page.wait_for_load_state("networkidle")


def test_hr_signs_in_on_a_phone_and_searches_with_htmx(live_server):
    org = build_org()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.set_default_timeout(20000)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        _sign_in(page, live_server, org.hr.nip)
        assert page.url.endswith("/beranda/hr/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.goto(f"{live_server.url}/org/pegawai/")
        page.get_by_label("Nama, NIP, atau email").fill(org.employee.user.name)
        page.get_by_role("button", name="Cari").click()
        page.wait_for_load_state("networkidle")
        rows = page.locator("#results tbody tr")
        assert rows.count() == 1
        assert org.employee.user.name in rows.first.inner_text()
        # htmx swapped the results in place and pushed the query into the address bar.
        assert "q=" in page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert problems == []


def test_employee_switches_the_interface_to_english(live_server):
    org = build_org()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.set_default_timeout(20000)
        _sign_in(page, live_server, org.employee.user.email)
        page.get_by_label("Bahasa").select_option("en")
        page.get_by_role("button", name="Ganti").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "en"
