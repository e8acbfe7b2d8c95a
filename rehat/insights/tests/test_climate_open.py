import datetime

import pytest
from django.test import override_settings

from rehat.checkins.models import Period
from rehat.checkins.tests.helpers import obtain_token, redeem
from rehat.tests.personas import PERSONAS, client_for

TODAY = datetime.date.today()
DATES = {"starts": TODAY.isoformat(), "ends": (TODAY + datetime.timedelta(days=13)).isoformat()}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_hr_opens_the_climate_survey(org, persona):
    expected = {"hr": 302, "anonymous": 302}.get(persona, 403)
    with override_settings(REHAT_MIN_BUCKET=2):
        response = client_for(org, persona).post("/wawasan/sdm/iklim/", DATES)
    assert response.status_code == expected
    opened = Period.objects.filter(kind="climate", status="open").count()
    assert opened == (1 if persona == "hr" else 0)


@pytest.mark.django_db
def test_employees_answer_the_climate_survey_through_the_anonymous_check_in(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        client_for(org, "hr").post("/wawasan/sdm/iklim/", DATES)
    period = Period.objects.get(kind="climate")
    page = client_for(org, "employee").get("/cek-kabar/")
    assert "Survei iklim tim" in page.content.decode()
    bucket, token = obtain_token(client_for(org, "employee"), period.code)
    incomplete = redeem(period.code, bucket, token, answers={"edmondson-ps7": [4, 4, 4]})
    assert incomplete.json()["code"] == "answers"
    response = redeem(
        period.code, bucket, token, answers={"edmondson-ps7": [4, 5, 3, 6, 2, 5, 6]}, help=""
    )
    assert response.status_code == 200
    assert "Rasa aman di tim Anda" in response.json()["html"]
