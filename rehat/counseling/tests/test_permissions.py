"""Every counseling view × every persona → the exact status code, and no page a
supervisor, HR or an admin can open says who booked whom."""

import pytest
from django.utils import timezone

from rehat.conversations.tests.helpers import make_team_key
from rehat.counseling.domain.booking import service_config, share_screening
from rehat.counseling.domain.circles import join_circle, open_circle
from rehat.counseling.domain.notes import add_session_note
from rehat.counseling.tests.helpers import book, future, make_counselor
from rehat.listening.tests.counselor_helpers import ALL, counselor_client
from rehat.tests.factories import make_employee, make_role
from rehat.tests.personas import PERSONAS, client_for

LOGIN, CODE = 302, 302
E, L, OL, C, H, A, ANON = PERSONAS


def expect(default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    codes = dict.fromkeys(PERSONAS, default)
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def _setup(org):
    counselor = make_counselor(org)
    booking = book(org, counselor, future()).booking
    circle = open_circle(
        facilitator=counselor, topic="Lelah", starts=future(5), minutes=60, size_limit=5, place="R1"
    )
    return counselor, booking, circle


def _matrix(counselor, booking, circle):
    b, c = booking.code, circle.code
    return [
        ("get", "/konseling/", expect(200, admin=403)),
        ("get", f"/konseling/konselor/{counselor.code}/", expect(200, counselor=404, admin=403)),
        ("get", f"/konseling/janji/{b}/", expect(404, employee=200, admin=403)),
        ("get", f"/konseling/janji/{b}/kalender.ics", expect(404, employee=200, admin=403)),
        ("post", f"/konseling/janji/{b}/skrining/", expect(404, employee=400, admin=403)),
        ("post", f"/konseling/janji/{b}/pindah/", expect(404, employee=302, admin=403)),
        ("get", "/konseling/kode/", expect(200, anonymous=200)),
        ("get", "/konseling/ketersediaan/", expect(403, counselor=200)),
        ("get", "/konseling/jadwal/", expect(403, counselor=CODE)),
        ("get", f"/konseling/jadwal/{b}/", expect(403, counselor=CODE)),
        ("post", f"/konseling/jadwal/{b}/catatan/", expect(403, counselor=CODE)),
        ("post", f"/konseling/jadwal/{b}/batal/", expect(403, counselor=CODE)),
        ("get", "/konseling/lingkar/", expect(200, admin=403)),
        ("get", f"/konseling/lingkar/{c}/", expect(200, admin=403)),
        ("get", "/konseling/lingkar/baru/", expect(403, counselor=200)),
        ("post", f"/konseling/lingkar/{c}/batal/", expect(403, counselor=302)),
        ("get", "/konseling/kapasitas/", expect(403, hr=200)),
        ("get", "/konseling/pengaturan/", expect(403, admin=200)),
        ("post", f"/konseling/janji/{b}/batal/", expect(404, employee=302, admin=403)),
    ]


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_counseling_view_answers_each_persona_exactly(org, persona):
    client = client_for(org, persona)
    got, want = {}, {}
    for method, url, codes in _matrix(*_setup(org)):
        response = client.post(url, {}) if method == "post" else client.get(url)
        got[f"{method} {url}"] = response.status_code
        want[f"{method} {url}"] = codes[persona]
    assert got == want


@pytest.mark.django_db(databases=ALL)
def test_a_verified_counselor_opens_only_their_own_bookings(org):
    _counselor, booking, _circle = _setup(org)
    other = make_employee(unit=org.root)
    make_role(user=other.user, kind="counselor")
    team = {1: make_team_key()}
    client = counselor_client(org, team=team)

    assert client.get("/konseling/jadwal/").status_code == 200
    assert client.get(f"/konseling/jadwal/{booking.code}/").status_code == 200
    org.counselor = other
    assert (
        counselor_client(org, team=team).get(f"/konseling/jadwal/{booking.code}/").status_code
        == 404
    )


@pytest.mark.django_db(databases=ALL)
def test_the_lead_counselor_sees_capacity_and_nothing_of_bookings(org):
    _counselor, booking, _circle = _setup(org)
    make_role(user=org.hr.user, kind="lead_counselor")
    client = client_for(org, "hr")

    assert client.get("/konseling/kapasitas/").status_code == 200
    assert client.get(f"/konseling/jadwal/{booking.code}/").status_code == 403


@pytest.mark.django_db(databases=ALL)
def test_no_page_of_a_supervisor_hr_or_admin_says_who_booked(
    org, django_capture_on_commit_callbacks
):
    counselor, booking, circle = _setup(org)
    pseudonymous = book(org, counselor, future(4), mode="pseudonymous", contact="wa-0812-rahasia")
    share_screening(
        booking=booking, instrument_id="gad7", answers=None, total=11, now=timezone.now()
    )
    add_session_note(
        booking=booking,
        author=org.counselor.user,
        text="catatan-rahasia",
        config=service_config(),
        now=timezone.now(),
    )
    join_circle(
        circle=circle, user=org.employee.user, display_name="Mawar-samaran", now=timezone.now()
    )
    # The counselor reads everything once, so the audit log has entries to show.
    team = make_team_key()
    counselor_client(org, team={1: team}).get(f"/konseling/jadwal/{booking.code}/")
    counselor_client(org, team={1: team}).get(f"/konseling/jadwal/{pseudonymous.booking.code}/")
    make_role(user=org.hr.user, kind="lead_counselor")
    secrets = [
        org.employee.user.name,
        org.employee.nip,
        org.employee.user.email,
        "wa-0812-rahasia",
        "catatan-rahasia",
        "Mawar-samaran",
        str(booking.code),
        str(pseudonymous.booking.code),
    ]
    pages = [
        "/konseling/",
        "/konseling/kapasitas/",
        "/konseling/pengaturan/",
        "/konseling/lingkar/",
        f"/konseling/lingkar/{circle.code}/",
        "/audit/",
        "/beranda/leader/",
        "/beranda/hr/",
        "/beranda/admin/",
    ]
    leaks = []
    for persona in ("leader", "other_leader", "hr", "admin"):
        client = client_for(org, persona)
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            leaks += [
                (persona, url, s)
                for s in secrets
                if s in body and not _audit_code(url, s, booking, pseudonymous)
            ]
    assert leaks == []


def _audit_code(url, secret, booking, pseudonymous):
    """The audit log names the booking by its random code (never the person): allowed."""
    return url in ("/audit/", "/beranda/admin/") and secret in (
        str(booking.code),
        str(pseudonymous.booking.code),
    )
