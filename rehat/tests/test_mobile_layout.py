"""Every page fits a 360 px phone: no sideways scrolling, no console errors (CSP)."""

import datetime
import os

import pytest
from django.test import override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.tests.browser import chromium, sign_in
from rehat.tests.personas import build_org

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]

PAGES = {
    "employee": ["/beranda/employee/", "/profil/", "/cek-kabar/", "/cek-kabar/privasi/"],
    "leader": ["/beranda/leader/", "/org/unit/", "/org/unit/ALFA/"],
    "counselor": ["/beranda/counselor/", "/instrumen/", "/instrumen/phq9/", "/instrumen/cbi/"],
    "hr": [
        "/beranda/hr/",
        "/org/unit/",
        "/org/pegawai/",
        "/org/impor/employees/",
        "/org/impor/units/",
        "/instrumen/who5/",
        "/cek-kabar/kunci/",
    ],
    "admin": ["/beranda/admin/", "/audit/"],
}


@override_settings(REHAT_MIN_BUCKET=2)
def test_every_page_fits_a_phone_without_errors(live_server):
    org = build_org()
    sync_periods(today=datetime.date.today())
    too_wide, errors = {}, []
    with chromium() as browser:
        for persona, paths in PAGES.items():
            context = browser.new_context(viewport={"width": 360, "height": 740})
            person = getattr(org, persona)
            user = person if persona == "admin" else person.user
            page = context.new_page()
            page.set_default_timeout(20000)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            sign_in(page, live_server.url, user.email)
            for path in paths:
                response = page.goto(f"{live_server.url}{path}", wait_until="load")
                assert response is not None and response.status == 200, (persona, path)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 360:
                    too_wide[f"{persona} {path}"] = width
            context.close()
    assert too_wide == {}
    assert errors == []
