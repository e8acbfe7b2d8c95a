"""/konselor/: open conversations, urgent first, then by deadline; no text."""

import datetime

import pytest
from django.db import connections

from rehat.conversations.domain.threads import close_conversation
from rehat.conversations.tests.helpers import make_team_key
from rehat.listening.models import Assignment
from rehat.listening.tests.counselor_helpers import ALL, NOW, counselor_client, make_conversation
from rehat.tests.factories import make_employee, make_role

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def team():
    return make_team_key()


def _ids(response) -> list:
    return [row.conversation.pk for row in response.context["rows"]]


@pytest.mark.django_db(databases=ALL)
def test_urgent_first_then_the_nearest_deadline_and_no_deadline_last(org, team):
    later = make_conversation(deadline=NOW + 3 * HOUR)
    answered = make_conversation(deadline=None, waiting=False)
    sooner = make_conversation(deadline=NOW + HOUR)
    urgent = make_conversation(deadline=NOW + 2 * HOUR, urgent=True)
    response = counselor_client(org, team={1: team}).get("/konselor/")
    assert _ids(response) == [urgent.pk, sooner.pk, later.pk, answered.pk]


@pytest.mark.django_db(databases=ALL)
def test_a_passed_deadline_is_marked_late(org, team):
    make_conversation(deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), topic="leader")
    response = counselor_client(org, team={1: team}).get("/konselor/")
    (row,) = response.context["rows"]
    assert row.overdue is True
    assert "terlambat" in response.content.decode()


@pytest.mark.django_db(databases=ALL)
def test_the_list_shows_no_message_text(org, team):
    make_conversation(texts=("Atasan saya membentak di rapat",), topic="leader")
    page = counselor_client(org, team={1: team}).get("/konselor/").content.decode()
    assert "Atasan" in page  # the topic
    assert "membentak" not in page


@pytest.mark.django_db(databases=ALL)
def test_filters_mine_all_open_and_closed(org, team):
    colleague = make_employee(unit=org.root)
    make_role(user=colleague.user, kind="counselor")
    mine = make_conversation(deadline=NOW)
    theirs = make_conversation(deadline=NOW + HOUR)
    nobody = make_conversation(deadline=NOW + 2 * HOUR)
    closed = make_conversation()
    close_conversation(conversation=closed, today=datetime.date(2026, 11, 25))
    Assignment.objects.create(conversation=mine.pk, counselor=org.counselor.user)
    Assignment.objects.create(conversation=theirs.pk, counselor=colleague.user)
    client = counselor_client(org, team={1: team})

    everything = client.get("/konselor/")
    assert _ids(everything) == [mine.pk, theirs.pk, nobody.pk]
    assert [(r.mine, r.holder) for r in everything.context["rows"]] == [
        (True, org.counselor.user),
        (False, colleague.user),
        (False, None),
    ]
    assert _ids(client.get("/konselor/?show=mine")) == [mine.pk]
    assert _ids(client.get("/konselor/?show=closed")) == [closed.pk]
    assert _ids(client.get("/konselor/?show=nonsense")) == [mine.pk, theirs.pk, nobody.pk]


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("size", [1, 3])
def test_the_inbox_takes_the_same_queries_at_any_size(org, team, size, django_assert_num_queries):
    for n in range(size):
        conversation = make_conversation(deadline=NOW + n * HOUR)
        Assignment.objects.create(conversation=conversation.pk, counselor=org.counselor.user)
    client = counselor_client(org, team={1: team})
    # Identity side: session, user, roles, employee (roles_of), assignments.
    # Anonymous side: count and page.
    with (
        django_assert_num_queries(5, connection=connections["default"]),
        django_assert_num_queries(2, connection=connections["anonymous"]),
    ):
        response = client.get("/konselor/")
    assert len(response.context["rows"]) == size
