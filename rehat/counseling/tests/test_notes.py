import datetime

import pytest
from django.db import connection
from django.utils import timezone

from rehat.counseling.domain.booking import service_config, share_screening
from rehat.counseling.domain.notes import add_session_note, purge_session_notes, read_session_notes
from rehat.counseling.models import SessionNote
from rehat.counseling.tests.helpers import book, future, make_counselor, named

SECRET_NOTE = "Klien bercerita tentang atasannya yang membentak"


def _dump() -> bytes:
    """Every row of every table of the identity database, as bytes."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    chunks.append(
                        bytes(value)
                        if isinstance(value, (bytes, memoryview))
                        else str(value).encode()
                    )
    return b"\n".join(chunks)


@pytest.mark.django_db
def test_notes_names_contacts_and_results_are_absent_from_a_database_dump(org):
    booking = named(org, make_counselor(org), future())
    book(
        org, make_counselor(org), future(hour=14), mode="pseudonymous", contact="wa 0812-9999-1234"
    )
    share_screening(
        booking=booking, instrument_id="gad7", answers=None, total=17, now=timezone.now()
    )
    add_session_note(
        booking=booking,
        author=org.counselor.user,
        text=SECRET_NOTE,
        config=service_config(),
        now=timezone.now(),
    )
    read_session_notes(booking=booking, reader=org.counselor.user)

    dump = _dump()

    assert SECRET_NOTE.encode() not in dump
    assert b"0812-9999-1234" not in dump
    assert b'"gad7"' not in dump
    assert b"Bidang Alfa Satu" in dump  # the unit table itself is there: the dump is real
    assert dump.count(org.employee.user.name.encode()) == 1  # its own accounts row only


@pytest.mark.django_db
def test_notes_past_their_retention_are_purged(org):
    booking = named(org, make_counselor(org), future())
    note = add_session_note(
        booking=booking,
        author=org.counselor.user,
        text="x",
        config=service_config(),
        now=timezone.now(),
    )

    assert purge_session_notes(today=note.purge_after) == 0
    assert purge_session_notes(today=note.purge_after + datetime.timedelta(days=1)) == 1
    assert SessionNote.objects.count() == 0


@pytest.mark.django_db
def test_a_note_cannot_be_moved_to_another_booking(org):
    counselor = make_counselor(org)
    first, second = named(org, counselor, future(hour=9)), named(org, counselor, future(hour=13))
    note = add_session_note(
        booking=first,
        author=org.counselor.user,
        text="x",
        config=service_config(),
        now=timezone.now(),
    )
    SessionNote.objects.filter(pk=note.pk).update(booking=second)

    from rehat.lib.sealing import SealError

    with pytest.raises(SealError):
        read_session_notes(booking=second, reader=org.counselor.user)
