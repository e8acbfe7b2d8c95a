"""Always-on metrics of a chat, from its counts and the working schedule.

Definitions, with their Viva Insights counterparts, are in docs/worktime.md. Times are the
export's wall-clock times, read in the office time zone; after hours means outside the
schedule's spans, so weekends, holidays and cuti bersama count whole.

Each date's packed values are sorted by time, so the messages of any stretch of the day
form one slice, found by bisection: a day is cut at every half hour and at the edges of
its working spans, and every count (per hour, after hours, late at night, half-hour
blocks) comes from the lengths of those slices, with no loop over the messages. Only the
reply delays and the per-author counts look at the messages, with map and slices.
"""

import bisect
import datetime
import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from rehat.schedule.domain.hours import LATE_NIGHT, DaySpans, Schedule
from rehat.worktime.domain.whatsapp import AUTHOR_BITS, AUTHOR_MASK, ChatActivity

TOP_SENDERS = 3
REPLY_WINDOW = 24 * 3600  # a message answered later than this counts as unanswered
LATE_FROM, LATE_UNTIL = LATE_NIGHT  # minutes of the day
DAY = 24 * 3600


@lru_cache(maxsize=64)
def minute_flags(spans: DaySpans) -> bytes:
    """One byte per minute of the day: 1 inside working hours."""
    flags = bytearray(24 * 60)
    for start, end in spans:
        flags[start:end] = b"\x01" * (end - start)
    return bytes(flags)


@dataclass(frozen=True)
class _Cuts:
    """A day cut into stretches that each lie in one half hour, in or out of working hours."""

    bounds: tuple[int, ...]  # packed values where the stretches start, and the day's end
    hours: tuple[int, ...]  # hour of each stretch
    blocks: tuple[int, ...]  # half-hour block of each stretch
    working: tuple[bool, ...]
    late: tuple[bool, ...]


@lru_cache(maxsize=64)
def _cuts(spans: DaySpans) -> _Cuts:
    minutes = {*range(0, 24 * 60 + 1, 30), LATE_FROM, LATE_UNTIL}
    for start, end in spans:
        minutes.update((max(0, min(start, 24 * 60)), max(0, min(end, 24 * 60))))
    edges = sorted(minutes)
    flags = minute_flags(spans)
    starts = edges[:-1]
    return _Cuts(
        bounds=tuple(m * 60 << AUTHOR_BITS for m in edges),
        hours=tuple(m // 60 for m in starts),
        blocks=tuple(m // 30 for m in starts),
        working=tuple(bool(flags[m]) for m in starts),
        late=tuple(m >= LATE_FROM or m < LATE_UNTIL for m in starts),
    )


@dataclass
class ChatMeasure:
    metrics: dict[str, float | int | None]
    heatmap: list[list[int]]  # [weekday][hour] messages, Monday first
    after_hours_heatmap: list[list[int]]
    weekly: dict[datetime.date, list[int]] = field(default_factory=dict)  # week start → [all, ah]


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _stretches(values: list[int], cuts: _Cuts) -> list[int]:
    """The number of messages in each stretch of `cuts` (values sorted)."""
    at = list(map(bisect.bisect_left, repeat(values), cuts.bounds))
    return list(map(operator.sub, at[1:], at[:-1]))


def _median(counts: Counter[int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    wanted = {(total - 1) // 2, total // 2}
    found: list[int] = []
    seen = 0
    for value, count in sorted(counts.items()):
        for position in sorted(wanted):
            if seen <= position < seen + count:
                found.append(value)
        seen += count
        if len(found) == len(wanted):
            break
    return sum(found) / len(found)


class _Replies:
    """Reply delays to after-hours messages: the wait until the next message by someone else.

    Messages are fed one date at a time, in time order. Within a date the wait of message k
    is the gap to k + 1 when k + 1 is by someone else, else the gap to k + 1 plus the wait
    of k + 1 (computed backwards, only at those positions); the last run of one author
    waits for a later date (`pending`).
    """

    def __init__(self) -> None:
        self.delays: Counter[int] = Counter()
        self.replied = 0
        self.pending: list[int] = []  # stamps of after-hours messages still unanswered
        self.pending_author = -1

    def feed(self, *, base: int, values: list[int], after: list[tuple[int, int]]) -> None:
        """`after`: [start, stop) index ranges of the date's after-hours messages."""
        authors = list(map(operator.and_, values, repeat(AUTHOR_MASK)))
        seconds = list(map(operator.rshift, values, repeat(AUTHOR_BITS)))
        count = len(authors)
        if self.pending:
            answer = next(
                (i for i, author in enumerate(authors) if author != self.pending_author), None
            )
            if answer is not None:
                stamp = base + seconds[answer]
                self._add(stamp - when for when in self.pending if stamp - when <= REPLY_WINDOW)
                self.pending = []
            else:  # the whole date is by the same author: drop what can no longer count
                self.pending = [when for when in self.pending if base + DAY - when <= REPLY_WINDOW]
        if not after:
            return
        # The last run: from the last change of author to the end of the date.
        same = list(map(operator.eq, authors[1:], authors[:-1]))
        last_run = count - 1
        while last_run > 0 and same[last_run - 1]:
            last_run -= 1
        waits = list(map(operator.sub, seconds[1:], seconds[:-1]))
        for k in reversed(_true_positions(same, last_run)):
            waits[k] += waits[k + 1]
        for start, stop in after:
            inside = min(stop, last_run)
            if start < inside:
                self._add(waits[start:inside])  # within a date: always under a day
            if stop > last_run:
                if self.pending_author != authors[-1]:
                    self.pending = []
                self.pending.extend(base + s for s in seconds[max(start, last_run) : stop])
                self.pending_author = authors[-1]

    def _add(self, delays: Iterable[int]) -> None:
        before = self.delays.total()
        self.delays.update(delays)
        self.replied += self.delays.total() - before


def _true_positions(flags: list[bool], below: int) -> list[int]:
    found: list[int] = []
    index = -1
    try:
        while True:
            index = flags.index(True, index + 1, below)
            found.append(index)
    except ValueError:
        return found


def measure_chat(
    *, activity: ChatActivity, schedule: Schedule, leaders: frozenset[int] = frozenset()
) -> ChatMeasure:
    """The chat metrics; `leaders` are author numbers marked as leaders by the uploader."""
    heat = [[0] * 24 for _ in range(7)]
    after_heat = [[0] * 24 for _ in range(7)]
    weekly: dict[datetime.date, list[int]] = {}
    per_author: Counter[int] = Counter()
    replies = _Replies()
    blocks = 0
    weekend_days = holiday_days = late = after = total = 0
    for day in sorted(activity.messages):
        values = activity.messages[day]
        if not values:
            continue
        spans = schedule.spans(day)
        weekday = day.weekday()
        if not spans:
            if weekday >= 5:
                weekend_days += 1
            else:
                holiday_days += 1
        cuts = _cuts(spans)
        counts = _stretches(values, cuts)
        row, after_row = heat[weekday], after_heat[weekday]
        day_after = 0
        day_blocks: set[int] = set()
        after_ranges: list[tuple[int, int]] = []
        position = 0
        for k, n in enumerate(counts):
            if n:
                hour = cuts.hours[k]
                row[hour] += n
                if cuts.late[k]:
                    late += n
                if not cuts.working[k]:
                    day_after += n
                    after_row[hour] += n
                    day_blocks.add(cuts.blocks[k])
                    if after_ranges and after_ranges[-1][1] == position:
                        after_ranges[-1] = (after_ranges[-1][0], position + n)
                    else:
                        after_ranges.append((position, position + n))
            position += n
        for start, stop in after_ranges:
            per_author.update(map(operator.and_, values[start:stop], repeat(AUTHOR_MASK)))
        if after_ranges or replies.pending:
            replies.feed(base=day.toordinal() * DAY, values=values, after=after_ranges)
        total += len(values)
        after += day_after
        blocks += len(day_blocks)
        week = weekly.setdefault(day - datetime.timedelta(days=weekday), [0, 0])
        week[0] += len(values)
        week[1] += day_after
    top = sum(count for _author, count in per_author.most_common(TOP_SENDERS))
    median = _median(replies.delays)
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
        "after_hours_replied": replies.replied,
        "median_reply_minutes": round(median / 60, 1) if median is not None else None,
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
        cuts = _cuts(schedule.spans(day))
        position = 0
        for k, n in enumerate(_stretches(values, cuts)):
            if n:
                stretch = values[position : position + n]
                for author, found in Counter(
                    map(operator.and_, stretch, repeat(AUTHOR_MASK))
                ).items():
                    key = (day, cuts.hours[k], author)
                    row = rows.get(key)
                    if row is None:
                        row = rows[key] = [0, 0]
                    row[0] += found
                    if not cuts.working[k]:
                        row[1] += found
            position += n
    return rows
