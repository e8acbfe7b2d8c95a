"""Worktime reports for the demo agency "Pemerintah Kota Contoh".

Synthetic WhatsApp group exports (made-up names and stock phrases) go through the real upload
path (`create_report`), so every stored count, metric and chart is what an upload of such a
file gives. Run after the demo agency exists (rehat.organizations.domain.demo.seed_demo):

    from rehat.worktime.demo import DemoWorktimeError, seed_demo_worktime
    counts = seed_demo_worktime(today=timezone.localdate())

What it makes, deterministic from the seed, over the eight weeks before `today`:
- a shared group chat for the demo leader's unit (uploaded by the leader, who marks their own
  pseudonym as leader and "this is me", so their footprint page has figures), for up to
  three of its sub-units and for four other units (uploaded by HR); each has 12 to 18
  people, so every unit's figures reach REHAT_MIN_GROUP (10 by default);
- the leader's meeting calendar (.ics) with its charts;
- a private chat of the demo employee, with their own pseudonym marked.
"""

import datetime
import io
import random

from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.organizations.domain.demo import list_demo_logins
from rehat.organizations.models import Unit
from rehat.schedule.domain.hours import PERPRES, resolve_zone
from rehat.worktime.domain.analysis import Options
from rehat.worktime.domain.records import create_report
from rehat.worktime.domain.reports import set_me
from rehat.worktime.domain.whatsapp import pseudonym
from rehat.worktime.models import Report

WEEKS = 8
LEADER_NAME = "Kepala Unit"
PHRASES = (
    "Siap",
    "Baik, terima kasih",
    "Mohon dicek lampirannya",
    "Sudah saya kirim",
    "Izin, saya di lapangan",
    "Noted",
    "Rapat dipindah ke ruang 2",
    "Mohon laporan dikirim malam ini",
    "Tolong data besok pagi jam 7 ya",
    "Terima kasih atas kerja kerasnya",
)


class DemoWorktimeError(Exception):
    pass


def _chat(rng: random.Random, *, today: datetime.date, people: int, pressure: float) -> str:
    """An Android export (dd/mm/yy HH.MM) of one group; `pressure` raises evening traffic."""
    names = [LEADER_NAME] + [f"Anggota {i:02d}" for i in range(1, people)]
    lines: list[str] = []
    start = today - datetime.timedelta(weeks=WEEKS)
    day = start
    while day < today:
        weekend = day.weekday() >= 5
        for _n in range(rng.randint(0, 6) if weekend else rng.randint(12, 30)):
            roll = rng.random()
            if weekend:
                hour = rng.randint(8, 21)
            elif roll < 0.80 - pressure / 2:
                hour = rng.randint(7, 15)
            elif roll < 0.96 - pressure / 4:
                hour = rng.randint(16, 20)
            else:
                hour = rng.choice((21, 22, 23, 5, 6))
            minute = rng.randint(0, 59)
            if hour == 7:
                minute = rng.randint(30, 59)
            # The leader writes a fifth of the evening messages.
            evening = hour >= 16 or hour < 7 or weekend
            author = names[0] if evening and rng.random() < 0.2 else rng.choice(names)
            lines.append(
                f"{day:%d/%m/%y} {hour:02d}.{minute:02d} - {author}: {rng.choice(PHRASES)}"
            )
        day += datetime.timedelta(days=1)
    # Every person writes at least once, so the group has all its members as authors.
    for i, name in enumerate(names):
        lines.append(
            f"{start + datetime.timedelta(days=i % 5):%d/%m/%y} 09.{i:02d} - {name}: Hadir"
        )
    return "\n".join(lines) + "\n"


def _calendar(rng: random.Random, *, today: datetime.date) -> bytes:
    events = []
    day = today - datetime.timedelta(weeks=WEEKS)
    n = 0
    while day < today:
        if day.weekday() < 5:
            for _n in range(rng.randint(1, 3)):
                n += 1
                hour = rng.choice((8, 9, 10, 13, 14, 15, 16, 19))
                length = rng.choice((30, 60, 90, 120))
                events.append(
                    f"BEGIN:VEVENT\r\nUID:demo-{n}@rehat\r\n"
                    f"DTSTART;TZID=Asia/Jakarta:{day:%Y%m%d}T{hour:02d}0000\r\n"
                    f"DURATION:PT{length}M\r\nSUMMARY:Rapat\r\nEND:VEVENT\r\n"
                )
        elif rng.random() < 0.3:
            n += 1
            events.append(
                f"BEGIN:VEVENT\r\nUID:demo-{n}@rehat\r\n"
                f"DTSTART;TZID=Asia/Jakarta:{day:%Y%m%d}T090000\r\n"
                "DURATION:PT2H\r\nSUMMARY:Rapat akhir pekan\r\nEND:VEVENT\r\n"
            )
        day += datetime.timedelta(days=1)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:rehat-demo\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()


def _upload_chat(
    *,
    text: str,
    title: str,
    unit: Unit | None,
    uploader: User,
    private: bool,
    me: str | None,
    leader: bool,
) -> Report:
    options = Options(
        tz=resolve_zone(name="WIB"),
        date_order="dmy",
        profile=PERPRES,
        unit=unit,
        leader_names=(LEADER_NAME,) if leader else (),
    )
    report = create_report(
        source=io.BytesIO(text.encode()),
        name="WhatsApp Chat.txt",
        title=title,
        options=options,
        unit=unit,
        uploader=uploader,
        private=private,
    )
    if me is not None:
        set_me(report=report, pseudonyms={pseudonym(salt=options.salt, name=me)}, actor=uploader)
    return report


@transaction.atomic
def seed_demo_worktime(*, today: datetime.date, seed: int = 2026) -> dict[str, int]:
    """Write the demo agency's worktime reports; returns counts. Refuses when any exist."""
    if Report.objects.exists():
        raise DemoWorktimeError(_("Laporan jam kerja sudah ada; tidak ada yang diubah."))
    logins = {login.role: login.email for login in list_demo_logins()}
    users = {u.email: u for u in User.objects.filter(email__in=logins.values())}
    people = {role: users[email] for role, email in logins.items() if email in users}
    if not {"hr", "leader", "employee"} <= set(people):
        raise DemoWorktimeError(_("Belum ada instansi demo: buat dulu dengan rehat demo_data."))
    hr, leader, employee = people["hr"], people["leader"], people["employee"]
    rng = random.Random(f"{seed}:worktime")
    led = Unit.objects.filter(roles__user=leader, roles__kind="leader").order_by("path").first()
    if led is None:
        raise DemoWorktimeError(_("Pimpinan demo tidak memimpin unit mana pun."))
    children = list(Unit.objects.filter(parent=led).order_by("code")[:3])
    others = list(
        Unit.objects.filter(depth=1).exclude(path__startswith=led.path).order_by("code")[:4]
    )
    chats = 0
    _upload_chat(
        text=_chat(rng, today=today, people=rng.randint(12, 18), pressure=0.3),
        title=_("Grup koordinasi %(unit)s") % {"unit": led.name},
        unit=led,
        uploader=leader,
        private=False,
        me=LEADER_NAME,
        leader=True,
    )
    chats += 1
    for unit in [*children, *others]:
        _upload_chat(
            text=_chat(rng, today=today, people=rng.randint(12, 18), pressure=rng.random() / 2),
            title=_("Grup kerja %(unit)s") % {"unit": unit.name},
            unit=unit,
            uploader=hr,
            private=False,
            me=None,
            leader=True,
        )
        chats += 1
    _upload_chat(
        text=_chat(rng, today=today, people=6, pressure=0.2),
        title=_("Grup tim saya"),
        unit=None,
        uploader=employee,
        private=True,
        me="Anggota 01",
        leader=False,
    )
    chats += 1
    data = _calendar(rng, today=today)
    options = Options(tz=resolve_zone(name="WIB"), profile=PERPRES, unit=led)
    create_report(
        source=io.BytesIO(data),
        name="rapat.ics",
        title=_("Kalender rapat pimpinan"),
        options=options,
        unit=led,
        uploader=leader,
        private=False,
    )
    return {"chats": chats, "calendars": 1}
