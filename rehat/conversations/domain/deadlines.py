"""Reply deadlines: urgent within hours, normal within working hours, on the hour.

Working hours follow Perpres 21/2023's default schedule (Mon–Thu 07.30–16.00, Fri
07.30–16.30, Asia/Jakarta); the agency's own schedule and holidays arrive with the
worktime module.
"""

import datetime
import math
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
_DAY_START = datetime.time(7, 30)
_DAY_END = {
    0: datetime.time(16, 0),
    1: datetime.time(16, 0),
    2: datetime.time(16, 0),
    3: datetime.time(16, 0),
    4: datetime.time(16, 30),
}


def round_up_to_hour(moment: datetime.datetime) -> datetime.datetime:
    floor = moment.replace(minute=0, second=0, microsecond=0)
    return floor if floor == moment else floor + datetime.timedelta(hours=1)


def add_working_hours(start: datetime.datetime, hours: float) -> datetime.datetime:
    """The moment `hours` of working time after `start` (an aware datetime)."""
    local = start.astimezone(JAKARTA)
    remaining = datetime.timedelta(hours=hours)
    while True:
        end_time = _DAY_END.get(local.weekday())
        if end_time is None:  # weekend: jump to Monday morning
            local = _next_morning(local)
            continue
        day_start = local.replace(
            hour=_DAY_START.hour, minute=_DAY_START.minute, second=0, microsecond=0
        )
        day_end = local.replace(hour=end_time.hour, minute=end_time.minute, second=0, microsecond=0)
        if local < day_start:
            local = day_start
        if local >= day_end:
            local = _next_morning(local)
            continue
        available = day_end - local
        if remaining <= available:
            return local + remaining
        remaining -= available
        local = _next_morning(local)


def _next_morning(local: datetime.datetime) -> datetime.datetime:
    following = (local + datetime.timedelta(days=1)).replace(
        hour=_DAY_START.hour, minute=_DAY_START.minute, second=0, microsecond=0
    )
    while following.weekday() not in _DAY_END:
        following += datetime.timedelta(days=1)
    return following


def reply_deadline(
    *, now: datetime.datetime, urgent: bool, urgent_hours: int, working_hours: int
) -> datetime.datetime:
    if urgent:
        due = now + datetime.timedelta(hours=urgent_hours)
    else:
        due = add_working_hours(now, working_hours)
    return round_up_to_hour(due).astimezone(datetime.UTC)


def hours_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Whole hours, rounded up (a coarse figure for the service table)."""
    return max(0, math.ceil((end - start).total_seconds() / 3600))
