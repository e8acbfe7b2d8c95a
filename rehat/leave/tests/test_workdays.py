"""Working days around national holidays and cuti bersama, 2025–2027, and `rehat leave workdays`."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rehat.schedule.domain.calendar import count_working_days
from rehat.schedule.models import DayOverride

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "workdays"),
    [
        # Idul Fitri 2025: Nyepi cuti bersama 28 Mar, Eid 31 Mar–1 Apr, cuti bersama 2–4 and 7 Apr.
        (D(2025, 3, 24), D(2025, 4, 11), 8),
        # 17 August 2025 fell on a Sunday; Monday 18 August was cuti bersama.
        (D(2025, 8, 18), D(2025, 8, 22), 4),
        # Christmas 2025: Thursday 25 Natal, Friday 26 cuti bersama.
        (D(2025, 12, 22), D(2025, 12, 31), 6),
        # Idul Fitri 2026 (Keppres 42/2025).
        (D(2026, 3, 16), D(2026, 3, 27), 5),
        # Christmas 2026: Thursday 24 cuti bersama, Friday 25 Natal.
        (D(2026, 12, 21), D(2026, 12, 31), 7),
        # Idul Fitri 2027 (SKB 2027): Nyepi 8 Mar, cuti bersama 9, 12, 15 Mar.
        (D(2027, 3, 8), D(2027, 3, 19), 4),
        # Waisak and Idul Adha 2027: 17 May Eid, 18–19 May cuti bersama, 20 May Waisak.
        (D(2027, 5, 17), D(2027, 5, 21), 1),
        # A plain week.
        (D(2027, 7, 5), D(2027, 7, 9), 5),
    ],
)
def test_working_days_skip_weekends_holidays_and_cuti_bersama(start, end, workdays):
    assert count_working_days(start=start, end=end)[0] == workdays


@pytest.mark.django_db
def test_skipped_days_carry_the_holiday_name_even_on_a_weekend():
    _n, skipped = count_working_days(start=D(2025, 3, 28), end=D(2025, 3, 31))
    assert skipped == [
        (D(2025, 3, 28), "Cuti Bersama Hari Suci Nyepi"),
        (D(2025, 3, 29), "Hari Suci Nyepi"),
        (D(2025, 3, 30), "Minggu"),
        (D(2025, 3, 31), "Hari Raya Idul Fitri"),
    ]


def _run(*args):
    out = StringIO()
    call_command("leave", "workdays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_prints_workdays_and_the_skipped_days_with_names():
    out = _run("2026-12-21", "2026-12-31")
    assert out.splitlines() == [
        "7 hari kerja dari 2026-12-21 sampai 2026-12-31.",
        "  2026-12-24  Cuti Bersama Hari Raya Natal",
        "  2026-12-25  Hari Raya Natal",
        "  2026-12-26  Sabtu",
        "  2026-12-27  Minggu",
    ]


@pytest.mark.django_db
def test_command_json_has_workdays_and_skipped():
    data = json.loads(_run("2027-03-12", "2027-03-16", "--json"))
    assert data == {
        "workdays": 1,
        "skipped": [
            {"date": "2027-03-12", "name": "Cuti Bersama Hari Raya Idul Fitri"},
            {"date": "2027-03-13", "name": "Sabtu"},
            {"date": "2027-03-14", "name": "Minggu"},
            {"date": "2027-03-15", "name": "Cuti Bersama Hari Raya Idul Fitri"},
        ],
    }


@pytest.mark.django_db
def test_command_applies_a_units_overrides_by_unit_code(org):
    DayOverride.objects.create(
        date=D(2026, 7, 6), kind="holiday", name="Hari Jadi Kota", unit=org.alfa
    )
    DayOverride.objects.create(
        date=D(2026, 7, 11), kind="workday", name="Sabtu kerja", unit=org.alfa
    )
    by_unit = json.loads(_run("2026-07-06", "2026-07-12", "--agency", "ALFA1", "--json"))
    assert by_unit == {
        "workdays": 5,
        "skipped": [
            {"date": "2026-07-06", "name": "Hari Jadi Kota"},
            {"date": "2026-07-12", "name": "Minggu"},
        ],
    }
    other = json.loads(_run("2026-07-06", "2026-07-12", "--agency", "BETA", "--json"))
    assert other["workdays"] == 5
    assert [s["date"] for s in other["skipped"]] == ["2026-07-11", "2026-07-12"]


@pytest.mark.django_db
def test_command_accepts_the_agency_name_for_agency_wide_overrides(org):
    DayOverride.objects.create(date=D(2026, 7, 6), kind="cuti_bersama", name="Cuti bersama baru")
    DayOverride.objects.create(date=D(2026, 7, 7), kind="holiday", name="Libur unit", unit=org.alfa)
    data = json.loads(_run("2026-07-06", "2026-07-07", "--agency", "Pemerintah Kota Uji", "--json"))
    assert data == {"workdays": 1, "skipped": [{"date": "2026-07-06", "name": "Cuti bersama baru"}]}


@pytest.mark.django_db
def test_command_refuses_an_unknown_agency(org):
    with pytest.raises(CommandError, match="NOPE"):
        _run("2026-07-06", "2026-07-07", "--agency", "NOPE")


@pytest.mark.django_db
def test_command_refuses_an_end_before_the_start():
    with pytest.raises(CommandError):
        _run("2026-07-07", "2026-07-06")


@pytest.mark.django_db
def test_command_lists_rules_with_citations():
    out = StringIO()
    call_command("leave", "rules", "--kind", "PPPK", stdout=out)
    assert (
        "Cuti sakit [V] — PP 49/2018 Pasal 82 dst.; Peraturan BKN 7/2022 Pasal 12-17"
        in out.getvalue()
    )
    assert "Cuti besar" not in out.getvalue()


def _call(*args):
    out = StringIO()
    call_command("leave", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_medical_reader_is_granted_to_hr_only(org):
    from rehat.leave.models import MedicalReader

    _call("medical-reader", "grant", org.hr.user.email)
    assert MedicalReader.objects.filter(user=org.hr.user).exists()
    with pytest.raises(CommandError):
        _call("medical-reader", "grant", org.leader.user.email)
    _call("medical-reader", "revoke", org.hr.user.email)
    assert not MedicalReader.objects.exists()


@pytest.mark.django_db
def test_authority_and_policy_commands(org):
    from rehat.leave.domain.workflow import find_approver
    from rehat.leave.models import LeavePolicy

    _call("authority", "SETDA", org.other_leader.user.email, "--title", "Sekretaris Daerah")
    assert find_approver(employee=org.employee) == (org.other_leader.user, "Sekretaris Daerah")
    _call("authority", "SETDA", "--remove")
    assert find_approver(employee=org.employee) == (org.leader.user, "Kepala Dinas Alfa")
    out = _call("policy", "--recovery-days", "3", "--recovery-letter", "psychologist")
    assert out.strip() == (
        "Cuti pemulihan: 3 hari kerja setahun; surat keterangan psikolog mulai 1 hari kerja."
    )
    assert LeavePolicy.objects.get().recovery_workdays == 3
