"""The employee's and the counselor's pages, end to end through the test client."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from rehat.audit.models import Entry
from rehat.conversations.tests.helpers import make_team_key
from rehat.counseling.domain.booking import service_config
from rehat.counseling.models import Booking, Circle, ServiceConfig, SessionNote
from rehat.counseling.tests.helpers import book, future, make_counselor, named, offer
from rehat.listening.tests.counselor_helpers import ALL, counselor_client
from rehat.tests.factories import make_employee, make_role
from rehat.tests.personas import client_for


@pytest.mark.django_db
def test_an_employee_books_a_named_session(org, django_capture_on_commit_callbacks):
    counselor = make_counselor(org)
    offer(counselor, future())
    client = client_for(org, "employee")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/konseling/konselor/{counselor.code}/",
            {"starts": future().isoformat(), "mode": "named", "contact": ""},
        )

    booking = Booking.objects.get()
    assert response.url == f"/konseling/janji/{booking.code}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [org.employee.user.email, org.counselor.user.email]
    )
    assert org.employee.user.name not in mail.outbox[1].body + mail.outbox[0].subject


@pytest.mark.django_db
def test_an_employee_books_a_pseudonymous_session_and_sees_the_code_once(org):
    counselor = make_counselor(org)
    offer(counselor, future())

    response = client_for(org, "employee").post(
        f"/konseling/konselor/{counselor.code}/",
        {"starts": future().isoformat(), "mode": "pseudonymous", "contact": ""},
    )

    code = re.search(r'id="booking-code">([0-9A-Z-]+)<', response.content.decode()).group(1)
    page = client_for(org, "anonymous").post("/konseling/kode/", {"code": code})
    assert page.status_code == 200
    assert "Batalkan janji" in page.content.decode()


@pytest.mark.django_db
def test_the_code_page_cancels_and_moves_with_the_code_alone(org):
    counselor = make_counselor(org)
    booked = book(org, counselor, future(hour=9), mode="pseudonymous")
    offer(counselor, future(hour=13))
    client = client_for(org, "anonymous")

    client.post(
        "/konseling/kode/",
        {"code": booked.receipt, "action": "move", "starts": future(hour=13).isoformat()},
    )
    booked.booking.refresh_from_db()
    assert booked.booking.starts == future(hour=13)
    client.post("/konseling/kode/", {"code": booked.receipt, "action": "cancel"})
    booked.booking.refresh_from_db()
    assert (booked.booking.status, booked.booking.cancelled_by) == ("cancelled", "employee")


@pytest.mark.django_db
def test_a_wrong_code_finds_nothing(org):
    response = client_for(org, "anonymous").post("/konseling/kode/", {"code": "ABCDE-FGHJK"})

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_code_page_gives_a_calendar_file(org):
    booked = book(org, make_counselor(org), future(), mode="pseudonymous")

    response = client_for(org, "anonymous").post(
        "/konseling/kode/", {"code": booked.receipt, "action": "ics"}
    )

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:{booked.booking.code}@rehat" in response.content.decode()


@pytest.mark.django_db
def test_the_employee_shares_a_screening_result_for_one_booking(org):
    booking = named(org, make_counselor(org), future())

    response = client_for(org, "employee").post(
        f"/konseling/janji/{booking.code}/skrining/",
        {"instrument": "phq9", "answers": "1 0 2 1 0 0 1 2 0", "total": ""},
    )

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.sealed_screening is not None


@pytest.mark.django_db(databases=ALL)
def test_the_counselor_sees_the_name_and_each_read_is_audited_without_it(org):
    booking = named(org, make_counselor(org), future())
    client = counselor_client(org, team={1: make_team_key()})

    response = client.get(f"/konseling/jadwal/{booking.code}/")

    assert org.employee.user.name in response.content.decode()
    entries = list(Entry.objects.filter(action="read").values_list("target_repr", "changes"))
    assert entries == [(str(booking.code), {"read": "contact"})]


@pytest.mark.django_db(databases=ALL)
def test_notes_are_written_by_the_counselor_and_read_by_the_clinical_lead_only(org):
    booking = named(org, make_counselor(org), future())
    team = {1: make_team_key()}
    counselor_client(org, team=team).post(
        f"/konseling/jadwal/{booking.code}/catatan/", {"text": "Tidur kurang."}
    )
    lead = make_employee(unit=org.root)
    make_role(user=lead.user, kind="counselor")
    ServiceConfig.objects.update_or_create(pk=1, defaults={"clinical_lead": lead.user})
    org.counselor = lead

    page = (
        counselor_client(org, team=team).get(f"/konseling/jadwal/{booking.code}/").content.decode()
    )

    assert "Tidur kurang." in page
    assert org.employee.user.name not in page  # the lead reads notes, not who the client is
    note = SessionNote.objects.get()
    assert note.purge_after == timezone.localdate() + datetime.timedelta(days=1825)
    assert Entry.objects.filter(actor=lead.user, action="read").get().changes == {
        "read": "notes",
        "notes": [str(note.pk)],
    }


@pytest.mark.django_db(databases=ALL)
def test_a_no_show_is_recorded_by_the_counselor(org):
    booking = named(org, make_counselor(org), future())
    Booking.objects.filter(pk=booking.pk).update(
        starts=timezone.now() - datetime.timedelta(hours=2),
        ends=timezone.now() - datetime.timedelta(hours=1),
    )

    counselor_client(org, team={1: make_team_key()}).post(
        f"/konseling/jadwal/{booking.code}/kehadiran/", {"attended": "no"}
    )

    booking.refresh_from_db()
    assert booking.status == "no_show"


@pytest.mark.django_db
def test_the_counselor_sets_up_a_weekly_slot_and_a_day_off(org):
    client = client_for(org, "counselor")

    client.post(
        "/konseling/ketersediaan/",
        {"part": "weekly", "weekly-weekday": "0", "weekly-start": "09:00"},
    )
    client.post(
        "/konseling/ketersediaan/",
        {"part": "exception", "exception-day": "2026-12-07", "exception-kind": "closed"},
    )

    counselor = make_counselor(org)
    assert [(s.weekday, s.start) for s in counselor.weekly_slots.all()] == [(0, datetime.time(9))]
    assert [(e.day, e.kind) for e in counselor.exceptions.all()] == [
        (datetime.date(2026, 12, 7), "closed")
    ]


@pytest.mark.django_db
def test_a_circle_fills_up_and_only_the_facilitator_sees_display_names(org):
    counselor = make_counselor(org)
    circle = Circle.objects.create(
        facilitator=counselor, topic="Lelah", starts=future(), size_limit=2, place="R1"
    )
    url = f"/konseling/lingkar/{circle.code}/"
    for persona, name in (("employee", "Mawar"), ("leader", "Melati"), ("hr", "Anggrek")):
        client_for(org, persona).post(url + "gabung/", {"display_name": name})

    assert list(circle.seats.values_list("display_name", flat=True)) == ["Mawar", "Melati"]
    assert "Mawar" in client_for(org, "counselor").get(url).content.decode()
    assert "Mawar" not in client_for(org, "leader").get(url).content.decode()


@pytest.mark.django_db
def test_capacity_hides_bookings_below_the_group_threshold(org, settings):
    settings.REHAT_MIN_GROUP = 2
    counselor = make_counselor(org)
    named(org, counselor, future(hour=9))

    page = client_for(org, "hr").get("/konseling/kapasitas/").content.decode()
    assert "terlalu sedikit" in page

    book(org, counselor, future(hour=13), employee=org.leader)
    make_role(user=org.hr.user, kind="lead_counselor")
    page = client_for(org, "hr").get("/konseling/kapasitas/").content.decode()
    assert org.counselor.user.name in page


@pytest.mark.django_db
def test_the_admin_names_a_clinical_lead_from_the_counselors_only(org):
    client = client_for(org, "admin")

    refused = client.post(
        "/konseling/pengaturan/",
        {"clinical_lead": org.hr.user.pk, "note_retention_days": 365, "pseudonymous_per_month": 2},
    )
    client.post(
        "/konseling/pengaturan/",
        {
            "clinical_lead": org.counselor.user.pk,
            "note_retention_days": 365,
            "pseudonymous_per_month": 2,
        },
    )

    assert refused.status_code == 200
    config = service_config()
    assert (config.clinical_lead, config.note_retention_days) == (org.counselor.user, 365)
