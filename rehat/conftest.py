from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

from rehat.checkins.domain.issuance import clear_key_cache
from rehat.checkins.domain.periods import clear_signer_cache
from rehat.tests.personas import Org, build_org


@pytest.fixture
def org(db: None) -> Org:
    """The persona agency of rehat/tests/personas.py."""
    return build_org()


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Primary keys repeat across rolled-back tests; per-process caches must not."""
    clear_key_cache()
    clear_signer_cache()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Database tests see both sides unless they name their databases.

    Pages legitimately read both (a leader's home shows released aggregates from the
    anonymous side); a test that wants to prove it touches one side names it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or "databases" in marker.kwargs:
            continue
        kwargs = {**marker.kwargs, "databases": ["default", "anonymous"]}
        item.own_markers.insert(0, pytest.mark.django_db(*marker.args, **kwargs).mark)


# Browser tests: pages fire requests in parallel (tokens.js), and the in-memory SQLite test
# database is one connection shared with the live server's threads. Serving one request at
# a time (each connection closed after its response) keeps that connection single-user.
class OneAtATimeServer(WSGIServer):
    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        # The live server thread already uses the shared connections (LiveServerThread.run).
        super().__init__(*args, **kwargs)

    def close_request(self, request: Any) -> None:
        # As Django's threaded live server does: no database connection outlives its
        # request, so none is still open when the session drops the PostgreSQL test
        # databases (closing the shared in-memory SQLite connection is a no-op).
        connections.close_all()
        super().close_request(request)


LiveServerThread.server_class = OneAtATimeServer  # type: ignore[assignment]  # one at a time, on purpose
