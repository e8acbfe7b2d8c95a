import datetime

import pytest

from rehat.checkins.models import Period
from rehat.insights.climate import open_climate_survey
from rehat.insights.domain.releasing import release_one
from rehat.releases.models import ReleasedStat
from rehat.responses.models import Answer, Submission

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])


def test_open_climate_survey_opens_one_period(org):
    first = open_climate_survey(starts=datetime.date(2026, 3, 1), ends=datetime.date(2026, 3, 14))
    again = open_climate_survey(starts=datetime.date(2026, 3, 1), ends=datetime.date(2026, 3, 14))

    assert (first.pk, first.code, first.kind, first.status) == (
        again.pk,
        "climate-2026-03",
        "climate",
        "open",
    )


def test_climate_period_is_released_like_the_rest(org, monkeypatch):
    from rehat.releases.domain.noise import Mechanism

    monkeypatch.setattr(Mechanism, "release", lambda self, values: list(values))
    period = open_climate_survey(starts=datetime.date(2026, 3, 1), ends=datetime.date(2026, 3, 14))
    for _ in range(20):
        s = Submission.objects.create(period=period.code, bucket="INSTANSI")
        Answer.objects.create(submission=s, instrument="edmondson-ps7", values=[4] * 7, total=5.0)
    period.status = Period.Status.CLOSED
    period.save(update_fields=["status"])

    release_one(period=period)

    agency = ReleasedStat.objects.get(scope="agency")
    assert (agency.n, agency.stats["ps7_mean"]["value"]) == (20, 5.0)
