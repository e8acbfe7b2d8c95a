"""The psychological-safety climate survey (Edmondson's seven items, "edmondson-ps7").

HR opens a climate period for all units; people answer through the same anonymous
check-in path (one token per person per period, per bucket), and the period is released
like the rest (releases/domain/queries.py, kind "climate"). Opening needs two small
changes outside this app, listed in docs/insights.md: the "climate" period kind and its
instrument set at redemption.
"""

import datetime

from rehat.checkins.domain.periods import open_period
from rehat.checkins.models import Period

CLIMATE = "climate"
CLIMATE_INSTRUMENTS = ("edmondson-ps7",)


def climate_code(*, starts: datetime.date) -> str:
    return f"{CLIMATE}-{starts:%Y-%m}"


def open_climate_survey(*, starts: datetime.date, ends: datetime.date) -> Period:
    """Create (idempotently) and open the climate period; the period sync closes it."""
    if ends < starts:
        raise ValueError("a climate survey ends after it starts")
    period, _created = Period.objects.get_or_create(
        code=climate_code(starts=starts),
        defaults={"kind": CLIMATE, "starts": starts, "ends": ends},
    )
    if period.status != Period.Status.CLOSED:
        open_period(period=period)
    return period
