import datetime
import io

from rehat.schedule.domain.hours import PERPRES, make_schedule
from rehat.worktime.domain.metrics import count_hours, measure_chat
from rehat.worktime.domain.whatsapp import parse_chat

# Week of Monday 4 March 2024; Wednesday is declared a holiday below.
CHAT = """\
04/03/24 07.00 - Ani: pagi
04/03/24 08.00 - Budi: ok
04/03/24 16.10 - Ani: Mohon kirim laporan malam ini
04/03/24 16.40 - Budi: siap
04/03/24 22.00 - Citra: sudah
06/03/24 09.00 - Ani: x
09/03/24 10.00 - Ani: cek
10/03/24 04.30 - Budi: ok
"""


def _measure(leaders=frozenset()):
    activity = parse_chat(text=io.StringIO(CHAT), salt=b"s")
    schedule = make_schedule(
        profile=PERPRES,
        start=datetime.date(2024, 3, 4),
        end=datetime.date(2024, 3, 10),
        holidays={datetime.date(2024, 3, 6): "Libur uji"},
        ramadan=False,
    )
    return activity, schedule, measure_chat(activity=activity, schedule=schedule, leaders=leaders)


def test_chat_metrics_match_the_hand_computed_example():
    _activity, _schedule, measure = _measure()

    assert measure.metrics == {
        "messages": 8,
        "after_hours_messages": 7,
        "after_hours_share": 0.875,
        "after_hours_active_hours": 3.5,
        "weekend_active_days": 2,
        "holiday_active_days": 1,
        "late_night_messages": 2,
        "top_senders": 3,
        "top_senders_after_hours_share": 1.0,
        # 07.00→08.00 60, 16.10→16.40 30, 16.40→22.00 320, Sat 10.00→Sun 04.30 1110;
        # Citra's 22.00 waits more than 24 h and Budi's 04.30 is never answered.
        "after_hours_replied": 4,
        "median_reply_minutes": 190.0,
        "short_notice_requests": 1,
    }


def test_leader_marks_give_the_leader_share_of_after_hours_messages():
    _activity, _schedule, measure = _measure(leaders=frozenset({0}))  # Ani wrote first

    assert measure.metrics["leader_after_hours_messages"] == 4
    assert measure.metrics["leader_after_hours_share"] == 0.5714


def test_heat_map_and_weekly_trend():
    _activity, _schedule, measure = _measure()

    assert measure.heatmap[0][7] == 1 and measure.heatmap[0][16] == 2
    assert measure.after_hours_heatmap[0][8] == 0
    assert measure.weekly == {datetime.date(2024, 3, 4): [8, 7]}


def test_hour_counts_per_author():
    activity, schedule, _measure_result = _measure()

    rows = count_hours(activity=activity, schedule=schedule)

    assert rows[(datetime.date(2024, 3, 4), 16, 0)] == [1, 1]
    assert rows[(datetime.date(2024, 3, 4), 8, 1)] == [1, 0]
    assert sum(row[0] for row in rows.values()) == 8
