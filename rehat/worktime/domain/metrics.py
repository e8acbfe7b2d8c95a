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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat

from rehat.schedule.domain.hours import LATE_NIGHT, DaySpans, Schedule
from rehat.worktime.domain.whatsapp import AUTHOR_BITS, AUTHOR_MASK, ChatActivity

TOP_SENDERS = 3
REPLY_WINDOW = 24 * 3600  # a message answered later than this counts as unanswered
LATE_FROM, LATE_UNTIL = LATE_NIGHT  # minutes of the day
DAY = 24 * 3600
_HALF = 1 << (AUTHOR_BITS - 1)  # rounds a packed difference to whole seconds


@lru_cache(maxsize=64)
def minute_flags(spans: DaySpans) -> bytes:
    """One byte per minute of the day: 1 inside working hours."""
    flags = bytearray(24 * 60)
    for start, end in spans:
        flags[start:end] = b"\x01" * (end - start)
    return bytes(flags)


@dataclass(frozen=True)
class _Cuts:
    """A day cut at every half hour and at the edges of its working spans and late night.

    Positions here are indexes into `bounds`; stretch k runs from edge k to edge k + 1 and
    lies in one half hour, wholly inside or outside working hours.
    """

    bounds: tuple[int, ...]  # packed value of each edge, from 00.00 to 24.00
    hour_at: tuple[int, ...]  # the edge of each full hour, 0 to 24
    late_at: tuple[int, int]  # the edges of 05.00 and 21.00
    spans_at: tuple[tuple[int, int], ...]  # first and last edge of each working span
    working: tuple[tuple[int, int], ...]  # (stretch, hour) of the working stretches
    after: tuple[int, ...]  # the stretches outside working hours
    after_blocks: tuple[tuple[int, ...], ...]  # the same, grouped by half hour
    one_per_block: bool  # no half hour holds two of them
    hours: tuple[int, ...]  # the hour of each stretch
    is_working: tuple[bool, ...]  # whether each stretch is inside working hours


@lru_cache(maxsize=64)
def _cuts(spans: DaySpans) -> _Cuts:
    flags = minute_flags(spans)
    day = 24 * 60
    inside = [m for m in range(day + 1) if m < day and flags[m] and (m == 0 or not flags[m - 1])]
    ends = [m for m in range(1, day + 1) if flags[m - 1] and (m == day or not flags[m])]
    edges = sorted({*range(0, day + 1, 30), LATE_FROM, LATE_UNTIL, *inside, *ends})
    at = {minute: index for index, minute in enumerate(edges)}
    after = [k for k, m in enumerate(edges[:-1]) if not flags[m]]
    blocks: dict[int, list[int]] = {}
    for k in after:
        blocks.setdefault(edges[k] // 30, []).append(k)
    return _Cuts(
        bounds=tuple(m * 60 << AUTHOR_BITS for m in edges),
        hour_at=tuple(at[h * 60] for h in range(25)),
        late_at=(at[LATE_UNTIL], at[LATE_FROM]),
        spans_at=tuple((at[a], at[b]) for a, b in zip(inside, ends, strict=True)),
        working=tuple((k, m // 60) for k, m in enumerate(edges[:-1]) if flags[m]),
        after=tuple(after),
        after_blocks=tuple(tuple(group) for group in blocks.values()),
        one_per_block=all(len(group) == 1 for group in blocks.values()),
        hours=tuple(m // 60 for m in edges[:-1]),
        is_working=tuple(bool(flags[m]) for m in edges[:-1]),
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


def _waits(values: list[int], start: int, stop: int) -> list[int]:
    """The packed waits of messages start to stop - 1 of a date, each until the next
    message by someone else, which must come later that date (stop is at most the start
    of the date's last run of one author).

    Only the after-hours stretch and the run of one author that ends it are looked at:
    the wait of message k is the gap to k + 1 when k + 1 is by someone else, else that
    gap plus the wait of k + 1 (computed backwards, only at those positions).
    """
    author = values[stop - 1] & AUTHOR_MASK
    end = stop
    while values[end] & AUTHOR_MASK == author:
        end += 1
    part = values[start : end + 1]
    waits = list(map(operator.sub, part[1:], part[:-1]))
    repeats = compress(
        range(len(waits)), map(operator.not_, map(operator.and_, waits, repeat(AUTHOR_MASK)))
    )
    for k in reversed(list(repeats)):  # backwards: waits[k + 1] is final already
        waits[k] += waits[k + 1]
    del waits[stop - start :]
    return waits


class _Replies:
    """Reply delays to after-hours messages: the wait until the next message by someone else.

    Messages are fed one date at a time, in time order. Within a date the waits come from
    `_waits`; the last run of one author waits for a later date (`pending`).
    """

    def __init__(self) -> None:
        # Waits as packed differences (seconds << AUTHOR_BITS plus an author difference):
        # counted as they come, rounded to seconds once at the end.
        self.waits: Counter[int] = Counter()
        self.replied = 0
        self.pending: list[int] = []  # stamps of after-hours messages still unanswered
        self.pending_author = -1

    def feed(self, *, base: int, values: list[int], after: list[tuple[int, int]]) -> None:
        """`after`: [start, stop) index ranges of the date's after-hours messages.

        Works on differences of packed values: value[j] - value[k] is the gap in seconds
        times 2**AUTHOR_BITS plus the difference of the author numbers, which is 0 exactly
        when the author repeats and, authors being fewer than MAX_AUTHORS, is removed by
        rounding.
        """
        count = len(values)
        if self.pending:
            wanted = self.pending_author
            answer = next(
                (i for i, value in enumerate(values) if value & AUTHOR_MASK != wanted), None
            )
            if answer is not None:
                stamp = base + (values[answer] >> AUTHOR_BITS)
                self._add(
                    [
                        (stamp - when) << AUTHOR_BITS
                        for when in self.pending
                        if stamp - when <= REPLY_WINDOW
                    ]
                )
                self.pending = []
            else:  # the whole date is by the same author: drop what can no longer count
                self.pending = [when for when in self.pending if base + DAY - when <= REPLY_WINDOW]
        if not after:
            return
        # The last run: from the last change of author to the end of the date.
        last_author = values[-1] & AUTHOR_MASK
        last_run = count - 1
        while last_run > 0 and values[last_run - 1] & AUTHOR_MASK == last_author:
            last_run -= 1
        for start, stop in after:
            inside = min(stop, last_run)
            if start < inside:  # within a date: always under a day
                self._add(_waits(values, start, inside))
            if stop > last_run:
                if self.pending_author != last_author:
                    self.pending = []
                seconds = map(
                    operator.rshift, values[max(start, last_run) : stop], repeat(AUTHOR_BITS)
                )
                self.pending.extend(map(operator.add, seconds, repeat(base)))
                self.pending_author = last_author

    def _add(self, waits: list[int]) -> None:
        self.waits.update(waits)
        self.replied += len(waits)

    def delays(self) -> Counter[int]:
        """Seconds waited → how many times."""
        found: Counter[int] = Counter()
        for wait, count in self.waits.items():
            found[(wait + _HALF) >> AUTHOR_BITS] += count
        return found


class _AuthorTally:
    """After-hours messages per author: one byte per message while authors fit in a byte
    (counted with bytearray.count at the end), else a Counter."""

    def __init__(self, authors: int) -> None:
        self.small = authors <= 256
        self.bytes = bytearray()
        self.counter: Counter[int] = Counter()

    def add(self, values: list[int]) -> None:
        authors = map(operator.and_, values, repeat(AUTHOR_MASK))
        if self.small:
            self.bytes.extend(authors)
        else:
            self.counter.update(authors)

    def counts(self) -> Counter[int]:
        if not self.small:
            return self.counter
        found = Counter({a: self.bytes.count(a) for a in set(self.bytes)})
        return found


def measure_chat(
    *, activity: ChatActivity, schedule: Schedule, leaders: frozenset[int] = frozenset()
) -> ChatMeasure:
    """The chat metrics; `leaders` are author numbers marked as leaders by the uploader."""
    heat = [[0] * 24 for _ in range(7)]
    after_heat = [[0] * 24 for _ in range(7)]
    weekly: dict[datetime.date, list[int]] = {}
    tally = _AuthorTally(len(activity.authors))
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
        n = len(values)
        at = list(map(bisect.bisect_left, repeat(values), cuts.bounds))
        hour_at = list(map(at.__getitem__, cuts.hour_at))
        per_hour = list(map(operator.sub, hour_at[1:], hour_at[:-1]))
        heat[weekday] = list(map(operator.add, heat[weekday], per_hour))
        until, since = cuts.late_at
        late += n - (at[since] - at[until])
        after_ranges: list[tuple[int, int]] = []
        previous = 0
        for first, last in cuts.spans_at:
            if at[first] > previous:
                after_ranges.append((previous, at[first]))
            previous = at[last]
        if n > previous:
            after_ranges.append((previous, n))
        day_after = sum(stop - begin for begin, stop in after_ranges)
        if day_after:
            for k, hour in cuts.working:
                per_hour[hour] -= at[k + 1] - at[k]
            after_heat[weekday] = list(map(operator.add, after_heat[weekday], per_hour))
            counts = list(map(operator.sub, at[1:], at[:-1]))
            if cuts.one_per_block:
                found = list(map(counts.__getitem__, cuts.after))
                blocks += len(found) - found.count(0)
            else:
                blocks += sum(1 for group in cuts.after_blocks if any(counts[k] for k in group))
        for start, stop in after_ranges:
            tally.add(values[start:stop])
        if after_ranges or replies.pending:
            replies.feed(base=day.toordinal() * DAY, values=values, after=after_ranges)
        total += n
        after += day_after
        week = weekly.setdefault(day - datetime.timedelta(days=weekday), [0, 0])
        week[0] += len(values)
        week[1] += day_after
    per_author = tally.counts()
    top = sum(count for _author, count in per_author.most_common(TOP_SENDERS))
    median = _median(replies.delays())
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
                    if not cuts.is_working[k]:
                        row[1] += found
            position += n
    return rows
