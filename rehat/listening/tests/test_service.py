"""/konselor/layanan/: service figures for the lead counselor, aggregates only."""

import datetime

import pytest

from rehat.conversations.models import Conversation
from rehat.conversations.tests.helpers import make_team_key
from rehat.listening.domain.escalation import ServiceRow, percentile, service_rows
from rehat.listening.tests.counselor_helpers import ALL, NOW, make_conversation
from rehat.tests.factories import make_role
from rehat.tests.personas import client_for

HOUR = datetime.timedelta(hours=1)


def _many(period: str, hours: list[int | None], **fields) -> None:
    for h in hours:
        conversation = make_conversation(period=period, **fields)
        Conversation.objects.filter(pk=conversation.pk).update(
            first_reply_hours=h, waiting=h is None
        )


@pytest.fixture
def lead(org):
    make_team_key()
    make_role(user=org.counselor.user, kind="lead_counselor")
    return client_for(org, "counselor")


def test_p90_is_the_nearest_rank():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([5, 1, 3, 2, 4], 0.9) == 5
    assert percentile([7], 0.9) == 7


@pytest.mark.django_db(databases=ALL)
def test_median_p90_missed_and_overdue_per_period(lead):
    _many("screening-2026-10", [1, 2, 3, 4, 30, 2])
    Conversation.objects.filter(first_reply_hours=30).update(missed_deadline=True)
    _many("screening-2026-11", [1, 1, 2, 2, 3, None], deadline=NOW - HOUR)
    rows = service_rows(now=NOW)
    assert rows == [
        ServiceRow("screening-2026-11", 6, 2, 3, 0, 1),
        ServiceRow("screening-2026-10", 6, 2.5, 30, 1, 0),
        ServiceRow("", 12, 2, 4, 1, 1),
    ]


@pytest.mark.django_db(databases=ALL)
def test_cells_from_fewer_than_five_conversations_are_hidden(lead):
    _many("screening-2026-10", [1, 2, 3, 4])
    _many("screening-2026-11", [1, 2, 3, 4, None, None])
    rows = service_rows(now=NOW)
    assert rows == [
        # Six conversations, but only four replies: the reply times stay hidden.
        ServiceRow("screening-2026-11", 6, None, None, 0, 0),
        ServiceRow("screening-2026-10", None, None, None, None, None),
        # The total leaves out the hidden period, so it cannot be subtracted back.
        ServiceRow("", 6, None, None, 0, 0),
    ]


@pytest.mark.django_db(databases=ALL)
def test_the_page_names_no_conversation(lead):
    _many("screening-2026-11", [1, 2, 3, 4, 5])
    first = Conversation.objects.first()
    response = lead.get("/konselor/layanan/")
    page = response.content.decode()
    assert response.status_code == 200
    assert str(first.pk) not in page
    assert first.bucket not in page
    assert "Median jam ke balasan pertama" in page


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize(
    "persona", ["employee", "leader", "other_leader", "counselor", "hr", "admin"]
)
def test_only_the_lead_counselor_sees_the_table(org, persona):
    assert client_for(org, persona).get("/konselor/layanan/").status_code == 403
