"""List views run a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rehat.conversations.tests.helpers import make_team_key
from rehat.counseling.domain.circles import open_circle
from rehat.counseling.tests.helpers import book, future, make_counselor
from rehat.listening.tests.counselor_helpers import ALL, counselor_client
from rehat.tests.factories import make_employee, make_role
from rehat.tests.personas import client_for


def _fill(org, n: int, first: int = 0) -> None:
    counselor = make_counselor(org)
    for i in range(first, first + n):
        book(org, counselor, future(days=2 + i))
        open_circle(
            facilitator=counselor,
            topic=f"T{i}",
            starts=future(3 + i),
            minutes=60,
            size_limit=5,
            place="R",
        )
        other = make_employee(unit=org.beta)
        make_role(user=other.user, kind="counselor")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("url", ["/konseling/", "/konseling/lingkar/", "/konseling/jadwal/"])
def test_list_views_run_the_same_queries_for_one_and_three_rows(
    org, url, django_assert_num_queries
):
    team = {1: make_team_key()}
    _fill(org, 1)
    persona_client = (
        counselor_client(org, team=team) if "jadwal" in url else client_for(org, "employee")
    )
    one = _count(persona_client, url)
    _fill(org, 2, first=1)

    with django_assert_num_queries(one):
        persona_client.get(url)
