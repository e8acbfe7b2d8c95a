"""Headless Chromium (Debian's package) for browser tests, driven by Playwright."""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from rehat.tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[Browser]:
    path = chromium_path()
    if path is None:
        raise RuntimeError("browser tests need Debian's chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Playwright runs an asyncio loop in this thread, and while it runs Django keeps
            # the thread's database connections in a separate, context-local store (asgiref's
            # Local). Connections the test opened in here are closed here: the test's own
            # teardown cannot see them, and an open one keeps the PostgreSQL test database
            # from being dropped at the end of the session.
            connections.close_all()


def sign_in(page: Page, base_url: str, identifier: str, *, next_path: str | None = None) -> None:
    """Sign in through the form (NIP or email and the factories' password), as a person
    would, and wait for the navigation the sign-in makes."""
    page.goto(f"{base_url}/masuk/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("NIP / NI PPPK atau email").fill(identifier)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
