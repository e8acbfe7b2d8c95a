import datetime

import pytest
from django.utils import timezone

from rehat.schedule.models import DayOverride
from rehat.tests.factories import make_unit
from rehat.worktime.domain.summary import (
    Footprint,
    UnitAfterHours,
    leader_footprint,
    unit_after_hours,
)
from rehat.worktime.models import Author
from rehat.worktime.tests.factories import make_chat_report

D = datetime.date
SAT, MON, TUE, WED = D(2024, 3, 2), D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 6)
NEXT_SAT, NYEPI, OLD = D(2024, 3, 9), D(2024, 3, 11), D(2024, 2, 20)  # Nyepi: a Monday holiday
# The window starts on 1 March 2024 whatever today is.
DAYS = (timezone.localdate() - D(2024, 3, 1)).days + 1


@pytest.fixture(autouse=True)
def _min_group(settings):
    settings.REHAT_MIN_GROUP = 10


def _satu_rows():
    """Six authors in Bidang Alfa Satu: 19 messages, 7 after hours, 2 late at night."""
    return [
        *[(n, MON, 9, 2, 0) for n in range(6)],
        (0, MON, 22, 1, 1),  # late, on a working day
        (1, SAT, 10, 3, 3),  # weekend
        (2, NYEPI, 8, 1, 1),  # national holiday on a Monday
        (3, TUE, 4, 1, 1),  # late (before 05.00), working day
        (4, TUE, 5, 1, 1),  # early, not late
    ]


def _alfa_rows():
    """Four authors in Dinas Alfa: 7 messages in the window, 3 after hours, 1 late."""
    return [
        *[(n, WED, 10, 1, 0) for n in range(4)],
        (0, SAT, 20, 2, 2),  # the same Saturday as Bidang Alfa Satu: one day
        (1, NEXT_SAT, 23, 1, 1),
        (2, OLD, 22, 5, 5),  # before the window
    ]


def _agency(org):
    satu = make_chat_report(uploader=org.hr.user, unit=org.alfa_satu, rows=_satu_rows())
    alfa = make_chat_report(uploader=org.leader.user, unit=org.alfa, rows=_alfa_rows())
    make_chat_report(
        uploader=org.other_leader.user,
        unit=org.beta,
        rows=[(n, MON, 10, 1, 0) for n in range(10)],
    )
    # Never counted: a private report and one without a unit.
    crowd = [(n, SAT, 21, 4, 4) for n in range(12)]
    make_chat_report(uploader=org.leader.user, unit=org.alfa, private=True, rows=crowd)
    make_chat_report(uploader=org.hr.user, rows=crowd)
    return satu, alfa


@pytest.mark.django_db
def test_unit_after_hours_sums_the_subtree_and_hides_small_units(org):
    _agency(org)

    result = unit_after_hours([org.root.pk, org.alfa.pk, org.alfa_satu.pk, org.beta.pk], days=DAYS)

    assert result == {
        org.alfa.pk: UnitAfterHours(
            unit_id=org.alfa.pk,
            reports=2,
            authors=10,
            messages=26,
            after_hours_messages=10,
            after_hours_share=0.3846,
            late_night_messages=3,
            weekend_active_days=3,
            leader_after_hours_share=None,
            first=SAT,
            last=NYEPI,
        ),
        org.beta.pk: UnitAfterHours(
            unit_id=org.beta.pk,
            reports=1,
            authors=10,
            messages=10,
            after_hours_messages=0,
            after_hours_share=0.0,
            late_night_messages=0,
            weekend_active_days=0,
            leader_after_hours_share=None,
            first=MON,
            last=MON,
        ),
        org.root.pk: UnitAfterHours(
            unit_id=org.root.pk,
            reports=3,
            authors=20,
            messages=36,
            after_hours_messages=10,
            after_hours_share=0.2778,
            late_night_messages=3,
            weekend_active_days=3,
            leader_after_hours_share=None,
            first=SAT,
            last=NYEPI,
        ),
    }


@pytest.mark.django_db
def test_unit_after_hours_without_subtree_counts_the_units_own_reports(org, settings):
    _agency(org)
    settings.REHAT_MIN_GROUP = 5

    result = unit_after_hours([org.alfa.pk, org.alfa_satu.pk], subtree=False, days=DAYS)

    assert sorted(result) == [org.alfa_satu.pk]
    assert (result[org.alfa_satu.pk].messages, result[org.alfa_satu.pk].authors) == (19, 6)


@pytest.mark.django_db
def test_unit_after_hours_threshold_edge(org, settings):
    _agency(org)

    settings.REHAT_MIN_GROUP = 11
    above = unit_after_hours([org.alfa.pk], days=DAYS)
    settings.REHAT_MIN_GROUP = 10
    at = unit_after_hours([org.alfa.pk], days=DAYS)

    assert above == {}
    assert at[org.alfa.pk].authors == 10


@pytest.mark.django_db
def test_unit_after_hours_window_leaves_out_old_activity(org):
    _agency(org)

    recent = unit_after_hours([org.alfa.pk], days=DAYS)
    wider = unit_after_hours([org.alfa.pk], days=DAYS + 10)

    assert (recent[org.alfa.pk].messages, wider[org.alfa.pk].messages) == (26, 31)
    assert wider[org.alfa.pk].first == OLD


@pytest.mark.django_db
def test_leader_share_is_over_reports_with_a_marked_leader(org):
    satu, _alfa = _agency(org)
    Author.objects.filter(report=satu, pseudonym__endswith="0001").update(leader=True)

    result = unit_after_hours([org.alfa.pk, org.beta.pk], days=DAYS)

    # Author 1 sent 3 of the 7 after-hours messages of the only report with a marked leader.
    assert result[org.alfa.pk].leader_after_hours_share == 0.4286
    assert result[org.beta.pk].leader_after_hours_share is None


@pytest.mark.django_db
def test_weekend_days_follow_the_agency_calendar_and_the_schedule(org):
    _agency(org)
    DayOverride.objects.create(date=NEXT_SAT, kind="workday", name="Sabtu kerja", unit=org.alfa)
    DayOverride.objects.create(date=TUE, kind="holiday", name="Libur daerah", unit=org.alfa_satu)
    DayOverride.objects.create(date=WED, kind="holiday", name="Libur Beta", unit=org.beta)
    six = make_unit(code="ENAM", name="Sekolah", parent=org.root)
    make_chat_report(
        uploader=org.hr.user,
        unit=six,
        schedule="six_day",
        rows=[*[(n, SAT, 14, 1, 1) for n in range(9)], (9, D(2024, 3, 3), 14, 1, 1)],
    )
    shift = make_unit(code="SIF", name="Pemadam", parent=org.root)
    make_chat_report(
        uploader=org.hr.user,
        unit=shift,
        schedule="shift",
        rows=[(n, SAT, 14, 1, 0) for n in range(10)],
    )

    result = unit_after_hours([org.alfa.pk, six.pk, shift.pk], days=DAYS)

    # Alfa: 2 March (Saturday), 5 March (Alfa Satu's own holiday), Nyepi; not the worked 9 March.
    assert result[org.alfa.pk].weekend_active_days == 3
    # A six-day unit works on Saturday; its Sunday is off.
    assert result[six.pk].weekend_active_days == 1
    assert result[shift.pk].weekend_active_days == 0


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_unit_after_hours_queries_do_not_grow(org, size, django_assert_num_queries):
    units = [make_unit(parent=org.root if i % 2 else org.alfa) for i in range(size)]
    for unit in units:
        make_chat_report(
            uploader=org.hr.user,
            unit=unit,
            rows=[(n, SAT, 21, 1, 1) for n in range(10)],
        )
        DayOverride.objects.create(date=SAT, kind="workday", name="Sabtu kerja", unit=unit)

    with django_assert_num_queries(5):
        result = unit_after_hours([u.pk for u in units] + [org.root.pk], days=DAYS)

    assert result[org.root.pk].authors == 10 * size
    assert result[org.root.pk].weekend_active_days == 0  # every unit declared it a workday
    assert {result[u.pk].weekend_active_days for u in units} == {0}


@pytest.mark.django_db
def test_unit_after_hours_of_no_units_is_empty(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert unit_after_hours([]) == {}


@pytest.mark.django_db
def test_footprint_is_none_until_a_pseudonym_is_marked(org):
    make_chat_report(uploader=org.leader.user, unit=org.alfa, rows=_alfa_rows())

    assert leader_footprint(org.leader.user) is None


@pytest.mark.django_db
def test_footprint_counts_only_the_users_own_marked_messages(org):
    # The leader's own uploads: a shared one and a private one, "this is me" = author 0.
    make_chat_report(uploader=org.leader.user, unit=org.alfa, rows=_alfa_rows(), me=[0, 2])
    make_chat_report(
        uploader=org.leader.user,
        private=True,
        rows=[(0, NYEPI, 21, 2, 2), (0, TUE, 9, 4, 0), (1, TUE, 22, 9, 9)],
        me=[0],
    )
    # Someone else's upload where they marked themselves: never the leader's.
    make_chat_report(uploader=org.hr.user, unit=org.alfa, rows=_satu_rows(), me=[0, 1])

    footprint = leader_footprint(org.leader.user)

    heat = [[0] * 24 for _ in range(7)]
    heat[2][10], heat[5][20], heat[1][22], heat[0][21], heat[1][9] = 2, 2, 5, 2, 4
    assert footprint == Footprint(
        reports=2,
        messages=15,
        after_hours_messages=9,
        after_hours_share=0.6,
        late_night_messages=7,
        weekend_active_days=2,  # 2 March and Nyepi; 20 February is a working Tuesday
        heatmap=heat,
        first=OLD,
        last=NYEPI,
    )
    assert leader_footprint(org.leader.user, days=DAYS).messages == 10
