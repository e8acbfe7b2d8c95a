"""Headless Chromium (Debian's package) for browser tests, driven by Playwright."""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from playwright.sync_api import Browser, sync_playwright

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
