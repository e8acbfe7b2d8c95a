"""The after-hours nudge on uploaded chat figures, and the leader's own footprint card."""

import datetime

import pytest
from django.db import connections
from django.template.loader import render_to_string
from django.utils import timezone

from rehat.lessons.domain.content import all_lessons
from rehat.lessons.domain.nudges import AFTER_HOURS
from rehat.lessons.domain.progress import complete_lesson
from rehat.lessons.domain.released import nudges_for_leader, read_released_figures
from rehat.lessons.views import leader_nudges
from rehat.tests.personas import PERSONAS, client_for
from rehat.worktime.domain.summary import UnitAfterHours
from rehat.worktime.tests.factories import make_chat_report

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])

DAY = timezone.localdate() - datetime.timedelta(days=7)  # inside the 90-day window
PROTECT = "menjaga-waktu-setelah-jam-kerja"
ASSIGN = "memberi-tugas-tanpa-kejutan"
CARD = "Pesan Anda di luar jam kerja:"
INVITE = "Unggah ekspor grup WhatsApp Anda"


@pytest.fixture(autouse=True)
def _min_group(settings):
    settings.REHAT_MIN_GROUP = 10


def chat(org, *, authors, messages, after, unit=None, private=False, uploader=None, me=()):
    """A shared chat of `authors` people, each with `messages` messages, `after` after hours."""
    return make_chat_report(
        uploader=uploader or org.hr.user,
        unit=org.alfa_satu if unit is None else unit,
        private=private,
        rows=[(n, DAY, 9, messages, after) for n in range(authors)],
        me=me,
    )


def summary(nudges):
    return [(n.kind, n.lesson.slug, n.units) for n in nudges]


def test_after_hours_at_the_threshold_nudges_the_leader_of_the_unit(org):
    chat(org, authors=10, messages=5, after=1)  # 10 of 50 messages: exactly 20 %

    assert summary(nudges_for_leader(user=org.leader.user)) == [
        (AFTER_HOURS, PROTECT, ("Dinas Alfa", "Bidang Alfa Satu"))
    ]
    assert nudges_for_leader(user=org.other_leader.user) == []


def test_after_hours_just_below_the_threshold_stays_silent(org):
    chat(org, authors=10, messages=100, after=19)  # 19 %

    assert nudges_for_leader(user=org.leader.user) == []


def test_a_group_smaller_than_the_minimum_never_nudges(org):
    chat(org, authors=9, messages=4, after=4)  # every message after hours, but 9 people

    assert nudges_for_leader(user=org.leader.user) == []


def test_small_groups_count_together_only_in_their_common_parent(org, settings):
    chat(org, authors=5, messages=2, after=2, unit=org.alfa)
    chat(org, authors=5, messages=2, after=2, unit=org.alfa_satu)

    assert summary(nudges_for_leader(user=org.leader.user)) == [
        (AFTER_HOURS, PROTECT, ("Dinas Alfa",))
    ]


def test_no_upload_or_only_private_uploads_never_nudge(org):
    assert nudges_for_leader(user=org.leader.user) == []

    chat(org, authors=12, messages=3, after=3, private=True)

    assert nudges_for_leader(user=org.leader.user) == []


def test_activity_outside_the_window_does_not_count(org):
    old = timezone.localdate() - datetime.timedelta(days=120)
    make_chat_report(
        uploader=org.hr.user,
        unit=org.alfa_satu,
        rows=[(n, old, 22, 3, 3) for n in range(12)],
    )

    assert nudges_for_leader(user=org.leader.user) == []


def test_a_completed_lesson_gives_way_to_the_next_after_hours_lesson(org):
    chat(org, authors=10, messages=2, after=2)
    complete_lesson(user=org.leader.user, lesson=all_lessons()[PROTECT])

    assert summary(nudges_for_leader(user=org.leader.user)) == [
        (AFTER_HOURS, ASSIGN, ("Dinas Alfa", "Bidang Alfa Satu"))
    ]


def test_the_adapter_checks_the_group_size_itself(org, settings):
    def figure(authors):
        return UnitAfterHours(
            unit_id=org.alfa.pk,
            reports=1,
            authors=authors,
            messages=10,
            after_hours_messages=9,
            after_hours_share=0.9,
            late_night_messages=0,
            weekend_active_days=0,
            leader_after_hours_share=None,
            first=DAY,
            last=DAY,
        )

    small, enough = (
        read_released_figures(units=["ALFA"], after_hours={"ALFA": figure(n)})[0] for n in (9, 10)
    )

    assert small.after_hours_share is None
    assert enough.after_hours_share == 0.9


def test_the_after_hours_card_names_the_lesson_and_step_never_a_person(org, rf):
    chat(org, authors=10, messages=5, after=5, uploader=org.leader.user)
    request = rf.get("/")
    request.user = org.leader.user

    html = render_to_string(
        "lessons/includes/leader_nudges.html", leader_nudges(org.leader.user), request=request
    )

    assert (
        "Grup WhatsApp yang diunggah untuk Dinas Alfa, Bidang Alfa Satu menunjukkan banyak "
        "pesan kerja terkirim di luar jam kerja." in html
    )
    assert f"/belajar/{PROTECT}/" in html
    assert "Sepakati bersama tim satu aturan tertulis untuk grup WhatsApp unit" in html
    for person in (org.employee, org.leader, org.hr):
        assert person.user.name not in html
    assert "P-0" not in html  # no pseudonym either


@pytest.mark.parametrize("reports", [1, 6])
def test_nudges_take_the_same_queries_however_many_reports(org, reports, django_assert_num_queries):
    for i in range(reports):
        chat(org, authors=10, messages=2, after=1, unit=org.alfa if i % 2 else org.alfa_satu)

    with (
        # leader roles, led units, completed lessons; unit paths, day rows, report rows,
        # marked leaders, calendar overrides
        django_assert_num_queries(8),
        django_assert_num_queries(2, connection=connections["anonymous"]),  # no release yet
    ):
        nudges = nudges_for_leader(user=org.leader.user)

    assert [n.kind for n in nudges] == [AFTER_HOURS]


# -- The leader's own footprint ----------------------------------------------------------

PAGES = ["/beranda/leader/", "/belajar/"]


def _mark_leader(org):
    """The leader's own upload, with their pseudonym marked "this is me": 4 of 10 after hours."""
    make_chat_report(
        uploader=org.leader.user,
        unit=org.alfa,
        private=True,
        rows=[(0, DAY, 9, 6, 0), (0, DAY, 21, 4, 4), (1, DAY, 10, 3, 0)],
        me=[0],
    )


def test_the_leader_sees_their_own_footprint_card(org):
    _mark_leader(org)
    client = client_for(org, "leader")

    for page in PAGES:
        html = client.get(page).content.decode()
        assert CARD in html, page
        assert "4 dari 10 pesan (40 %)." in html, page
        assert 'href="/jam-kerja/jejak-saya/"' in html, page
        assert INVITE not in html, page


WANT = {  # persona -> (status, shows the card, shows the invitation) for each page
    "anonymous": [(302, False, False), (302, False, False)],
    "employee": [(403, False, False), (403, False, False)],
    "leader": [(200, True, False), (200, True, False)],
    "other_leader": [(200, False, True), (200, False, True)],
    "counselor": [(403, False, False), (403, False, False)],
    "hr": [(403, False, False), (200, False, False)],
    "admin": [(403, False, False), (403, False, False)],
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_footprint_card_appears_only_for_its_owner(org, persona):
    _mark_leader(org)
    # Everyone else uploaded and marked themselves too: still only their own card, if any.
    make_chat_report(
        uploader=org.hr.user, rows=[(0, DAY, 22, 7, 7)], me=[0], private=True, title="SDM"
    )
    client = client_for(org, persona)

    got = []
    for page in PAGES:
        response = client.get(page)
        html = response.content.decode()
        got.append((response.status_code, "4 dari 10 pesan" in html, INVITE in html))
        assert "7 dari 7 pesan" not in html

    assert got == WANT[persona]


def test_a_leader_without_a_marked_pseudonym_is_invited(org):
    # Uploaded, but marked no pseudonym as themselves.
    chat(org, authors=3, messages=2, after=1, uploader=org.leader.user)

    html = client_for(org, "leader").get("/beranda/leader/").content.decode()

    assert CARD not in html
    assert INVITE in html
    assert 'href="/jam-kerja/unggah/"' in html


def test_a_marked_chat_without_counted_messages_says_so(org):
    report = make_chat_report(uploader=org.leader.user, rows=[], private=True)
    report.authors.create(pseudonym="P-9", is_me=True, messages=0, after_hours=0)

    html = client_for(org, "leader").get("/belajar/").content.decode()

    assert CARD in html
    assert "belum ada pesan Anda yang terhitung." in html
