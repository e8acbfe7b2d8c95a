"""Always-on metrics of a chat, from its counts and the working schedule.

Definitions, with their Viva Insights counterparts, are in docs/worktime.md. Times are the
export's wall-clock times, read in the office time zone; after hours means outside the
schedule's spans, so weekends, holidays and cuti bersama count whole.
"""

import datetime
import operator
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from rehat.schedule.domain.hours import LATE_NIGHT, DaySpans, Schedule
from rehat.worktime.domain.whatsapp import (
    AUTHOR_BITS,
    AUTHOR_MASK,
    MINUTE_SHIFT,
    ChatActivity,
)

TOP_SENDERS = 3
REPLY_WINDOW = 24 * 3600  # a message answered later than this counts as unanswered
LATE_FROM, LATE_UNTIL = LATE_NIGHT  # minutes of the day


@lru_cache(maxsize=64)
def minute_flags(spans: DaySpans) -> bytes:
    """One byte per minute of the day: 1 inside working hours."""
    flags = bytearray(24 * 60)
    for start, end in spans:
        flags[start:end] = b"\x01" * (end - start)
    return bytes(flags)


@dataclass
class ChatMeasure:
    metrics: dict[str, float | int | None]
    heatmap: list[list[int]]  # [weekday][hour] messages, Monday first
    after_hours_heatmap: list[list[int]]
    weekly: dict[datetime.date, list[int]] = field(default_factory=dict)  # week start → [all, ah]


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def measure_chat(
    *, activity: ChatActivity, schedule: Schedule, leaders: frozenset[int] = frozenset()
) -> ChatMeasure:
    """The chat metrics; `leaders` are author numbers marked as leaders by the uploader."""
    heat = [[0] * 24 for _ in range(7)]
    after_heat = [[0] * 24 for _ in range(7)]
    weekly: dict[datetime.date, list[int]] = {}
    per_author: Counter[int] = Counter()
    blocks = 0
    weekend_days = holiday_days = late = after = total = 0
    delays: list[int] = []
    pending: list[int] = []  # timestamps of unanswered after-hours messages
    pending_author = -1  # their author
    for day in sorted(activity.messages):
        values = activity.messages[day]
        flags = minute_flags(schedule.spans(day))
        weekday = day.weekday()
        if not schedule.is_working_day(day):
            if weekday >= 5:
                weekend_days += 1
            else:
                holiday_days += 1
        base = day.toordinal() * 86400
        row, after_row = heat[weekday], after_heat[weekday]
        day_blocks: set[int] = set()
        day_after = 0
        # Per minute first (in C), then per message only where the order matters.
        for minute, count in Counter(map(operator.rshift, values, repeat(MINUTE_SHIFT))).items():
            row[minute // 60] += count
            if minute >= LATE_FROM or minute < LATE_UNTIL:
                late += count
            if not flags[minute]:
                day_after += count
                after_row[minute // 60] += count
                day_blocks.add(minute // 30)
        if day_after or pending:
            # Every unanswered message in `pending` has the same author (a message from
            # anyone else answers them all), and their stamps only grow: so one comparison
            # tells answered from kept, and the expired ones are at the front.
            for value in values:
                minute = value >> MINUTE_SHIFT
                working = flags[minute]
                if working and not pending:
                    continue
                author = value & AUTHOR_MASK
                stamp = base + minute * 60 + (value >> AUTHOR_BITS & 63)
                if pending:
                    if author != pending_author:
                        for when in pending:
                            if stamp - when <= REPLY_WINDOW:
                                delays.append(stamp - when)
                        pending = []
                    elif stamp - pending[0] > REPLY_WINDOW:
                        pending = [when for when in pending if stamp - when <= REPLY_WINDOW]
                if not working:
                    per_author[author] += 1
                    pending.append(stamp)
                    pending_author = author
        total += len(values)
        after += day_after
        blocks += len(day_blocks)
        week = weekly.setdefault(day - datetime.timedelta(days=weekday), [0, 0])
        week[0] += len(values)
        week[1] += day_after
    top = sum(count for _author, count in per_author.most_common(TOP_SENDERS))
    metrics: dict[str, float | int | None] = {
        "messages": total,
        "after_hours_messages": after,
        "after_hours_share": _ratio(after, total),
        "after_hours_active_hours": blocks / 2,
        "weekend_active_days": weekend_days,
        "holiday_active_days": holiday_days,
        "late_night_messages": late,
        "top_senders": min(TOP_SENDERS, len(per_author)),
        "top_senders_after_hours_share": _ratio(top, after),
        "after_hours_replied": len(delays),
        "median_reply_minutes": round(statistics.median(delays) / 60, 1) if delays else None,
        "short_notice_requests": sum(len(v) for v in activity.requests.values()),
    }
    if leaders:
        led = sum(count for author, count in per_author.items() if author in leaders)
        metrics["leader_after_hours_messages"] = led
        metrics["leader_after_hours_share"] = _ratio(led, after)
    return ChatMeasure(metrics=metrics, heatmap=heat, after_hours_heatmap=after_heat, weekly=weekly)


def count_hours(
    *, activity: ChatActivity, schedule: Schedule
) -> dict[tuple[datetime.date, int, int], list[int]]:
    """(date, hour, author) → [messages, after-hours messages]: what a report stores."""
    rows: dict[tuple[datetime.date, int, int], list[int]] = {}
    for day, values in activity.messages.items():
        flags = minute_flags(schedule.spans(day))
        for value in values:
            minute = value >> MINUTE_SHIFT
            key = (day, minute // 60, value & AUTHOR_MASK)
            row = rows.get(key)
            if row is None:
                row = rows[key] = [0, 0]
            row[0] += 1
            if not flags[minute]:
                row[1] += 1
    return rows
