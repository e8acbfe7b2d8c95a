"""The leader dashboard's after-hours panel, from rehat.worktime's per-unit figures."""

import datetime

import pytest
from django.utils import timezone

from rehat.insights.domain.dashboard import worktime_panel
from rehat.tests.personas import client_for
from rehat.worktime.domain.summary import UnitAfterHours
from rehat.worktime.tests.factories import make_chat_report

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def indonesian(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def recent_week() -> tuple[datetime.date, datetime.date]:
    """A Wednesday and the Saturday after it, one to two weeks ago (inside 90 days)."""
    today = timezone.localdate()
    saturday = today - datetime.timedelta(days=(today.weekday() - 5) % 7 + 7)
    return saturday - datetime.timedelta(days=3), saturday


def upload(org, *, authors: int, leaders=(0,)):
    """One shared chat of Bidang Alfa Satu: 26 messages with 10 authors, 6 after hours.

    Wednesday: everyone 2 messages at 10.00; author 0 (marked leader) 3 at 22.00 and
    author 2 one at 23.00 (late). Saturday: author 1 two messages at 09.00 (a weekend day).
    The leader sent 3 of the 6 after-hours messages.
    """
    wednesday, saturday = recent_week()
    rows = [
        *[(n, wednesday, 10, 2, 0) for n in range(authors)],
        (0, wednesday, 22, 3, 3),
        (2, wednesday, 23, 1, 1),
        (1, saturday, 9, 2, 2),
    ]
    return make_chat_report(
        uploader=org.leader.user, unit=org.alfa_satu, rows=rows, leaders=leaders
    )


def test_panel_speaks_the_units_after_hours_figures_in_indonesian(org, settings):
    settings.REHAT_MIN_GROUP = 10
    upload(org, authors=10)
    wednesday, saturday = recent_week()

    response = client_for(org, "leader").get("/wawasan/unit/ALFA/")

    panel = response.context["page"].worktime
    assert panel.figures is not None
    assert (panel.figures.reports, panel.figures.authors, panel.figures.messages) == (1, 10, 26)
    assert panel.sentences == [
        f"Di 1 grup WhatsApp unit Anda yang diunggah ({indonesian(wednesday)} sampai "
        f"{indonesian(saturday)}), sekitar 23 % dari 26 pesan dikirim di luar jam kerja.",
        "4 pesan dikirim larut malam, antara pukul 21.00 dan 05.00.",
        "Grup tetap ramai pada 1 hari akhir pekan atau hari libur.",
        "Di grup yang pimpinannya ditandai, sekitar 50 % pesan di luar jam kerja berasal dari "
        "pimpinan.",
    ]
    body = response.content.decode()
    assert "sekitar 23 % dari 26 pesan dikirim di luar jam kerja." in body
    assert '<a href="/jam-kerja/jejak-saya/">' in body  # the leader's own footprint


def test_panel_names_the_unit_for_hr(org, settings):
    settings.REHAT_MIN_GROUP = 10
    upload(org, authors=10)

    response = client_for(org, "hr").get("/wawasan/unit/ALFA/")

    panel = response.context["page"].worktime

    assert panel.sentences[0].startswith("Di 1 grup WhatsApp Dinas Alfa yang diunggah (")
    assert "jejak-saya" not in response.content.decode()  # HR does not lead Alfa


def test_panel_below_the_group_threshold_says_so_without_a_number(org, settings):
    settings.REHAT_MIN_GROUP = 10
    upload(org, authors=9)

    response = client_for(org, "leader").get("/wawasan/unit/ALFA/")

    panel = response.context["page"].worktime
    assert panel.figures is None
    assert len(panel.sentences) == 1
    assert panel.sentences[0].startswith("Belum cukup unggahan obrolan grup WhatsApp")
    assert not any(ch.isdigit() for ch in panel.sentences[0])
    assert "pesan dikirim di luar jam kerja" not in response.content.decode()


def test_panel_without_uploads_says_there_are_not_enough(org):
    panel = client_for(org, "other_leader").get("/wawasan/unit/BETA/").context["page"].worktime

    assert panel.figures is None
    assert panel.sentences[0].startswith("Belum cukup unggahan obrolan grup WhatsApp")


def test_panel_sentences_for_quiet_evenings_and_no_marked_leader():
    day = datetime.date(2026, 3, 4)
    figures = UnitAfterHours(
        unit_id=1,
        reports=2,
        authors=14,
        messages=40,
        after_hours_messages=4,
        after_hours_share=0.1,
        late_night_messages=0,
        weekend_active_days=0,
        leader_after_hours_share=None,
        first=day,
        last=day,
    )

    panel = worktime_panel(figures=figures, unit_name="Dinas Beta", yours=False)

    assert panel.sentences == [
        "Di 2 grup WhatsApp Dinas Beta yang diunggah (4 Maret 2026), sekitar 10 % dari 40 pesan "
        "dikirim di luar jam kerja.",
        "Tidak ada pesan yang dikirim larut malam (pukul 21.00–05.00).",
        "Tidak ada percakapan pada akhir pekan atau hari libur.",
        "Tidak ada pengunggah yang menandai pesan pimpinan, jadi porsi pesan pimpinan di luar jam "
        "kerja tidak dihitung.",
    ]
