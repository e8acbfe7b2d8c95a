import base64
import datetime
import hashlib
import json
import secrets

import pytest
from cryptography.hazmat.primitives import serialization
from django.test import override_settings

from rehat.checkins.domain.periods import close_period, open_period, sync_periods
from rehat.checkins.models import Issuance, Period, TokenKey
from rehat.checkins.tests.helpers import obtain_token, redeem
from rehat.lib.blindrsa import VerifyingKey
from rehat.responses.domain import move_due
from rehat.responses.models import Answer, PendingSubmission, PublishedKey, SpentToken, Submission
from rehat.tests.blindrsa_client import blind, finalize
from rehat.tests.personas import client_for

ALL = ["default", "anonymous"]
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def pulse(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=TODAY)
    return Period.objects.get(code="pulse-2026-W48")


@pytest.mark.django_db(databases=ALL)
def test_sync_opens_the_week_and_month_and_publishes_their_keys(pulse):
    assert sorted(Period.objects.values_list("code", "status")) == [
        ("pulse-2026-W48", "open"),
        ("screening-2026-11", "open"),
    ]
    keys = TokenKey.objects.filter(period=pulse)
    assert sorted(keys.values_list("bucket", flat=True)) == sorted(
        PublishedKey.objects.filter(period=pulse.code).values_list("bucket", flat=True)
    )
    assert keys.count() >= 2


@pytest.mark.django_db(databases=ALL)
def test_employee_obtains_a_token_and_checks_in_anonymously(org, pulse):
    client = client_for(org, "employee")
    bucket, token = obtain_token(client, pulse.code)
    assert Issuance.objects.filter(employee=org.employee, period=pulse).count() == 1

    response = redeem(pulse.code, bucket, token)
    assert response.status_code == 200
    body = response.json()
    assert body["safety"] is False
    assert "Tidak apa-apa. Kami mendengar Anda." in body["html"]
    assert "Set-Cookie" not in response.headers
    assert SpentToken.objects.count() == 1
    assert PendingSubmission.objects.count() == 1


@pytest.mark.django_db(databases=ALL)
def test_a_token_is_accepted_once(org, pulse):
    bucket, token = obtain_token(client_for(org, "employee"), pulse.code)
    assert redeem(pulse.code, bucket, token).status_code == 200
    second = redeem(pulse.code, bucket, token)
    assert second.status_code == 409
    assert second.json()["code"] == "spent"
    assert PendingSubmission.objects.count() == 1


@pytest.mark.django_db(databases=ALL)
def test_one_token_per_person_and_period(org, pulse):
    client = client_for(org, "employee")
    obtain_token(client, pulse.code)
    with pytest.raises(AssertionError):
        obtain_token(client, pulse.code)
    assert Issuance.objects.filter(employee=org.employee).count() == 1


@pytest.mark.django_db(databases=ALL)
def test_wrong_bucket_is_refused(org, pulse):
    bucket, token = obtain_token(client_for(org, "employee"), pulse.code)
    other = PublishedKey.objects.filter(period=pulse.code).exclude(bucket=bucket).first()
    response = redeem(pulse.code, other.bucket, token)
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert SpentToken.objects.count() == 0


@pytest.mark.django_db(databases=ALL)
def test_wrong_period_is_refused(org, pulse):
    bucket, token = obtain_token(client_for(org, "employee"), pulse.code)
    response = redeem("screening-2026-11", bucket, token)
    assert response.json()["code"] in {"invalid", "unknown_key"}
    assert SpentToken.objects.count() == 0


@pytest.mark.django_db(databases=ALL)
def test_closed_period_accepts_nothing_and_replay_after_close_fails(org, pulse):
    bucket, token = obtain_token(client_for(org, "employee"), pulse.code)
    bucket2, token2 = obtain_token(client_for(org, "leader"), pulse.code)
    assert redeem(pulse.code, bucket, token).status_code == 200
    close_period(period=pulse)
    late = redeem(pulse.code, bucket2, token2)
    assert (late.status_code, late.json()["code"]) == (410, "closed")
    replay = redeem(pulse.code, bucket, token)
    assert replay.status_code == 410
    # Closing moved the pending answer out of the waiting room.
    assert PendingSubmission.objects.count() == 0
    assert Submission.objects.filter(period=pulse.code).count() == 1


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("token", [b"", b"\x00" * 50, b"\x00\x02" + b"\x00" * 400])
def test_malformed_tokens_are_refused(org, pulse, token):
    bucket = PublishedKey.objects.filter(period=pulse.code).first().bucket
    response = redeem(pulse.code, bucket, token)
    assert response.status_code == 400
    assert response.json()["code"] in {"malformed", "invalid"}


@pytest.mark.django_db(databases=ALL)
def test_incomplete_answers_are_refused_and_the_token_stays_unspent(org, pulse):
    bucket, token = obtain_token(client_for(org, "employee"), pulse.code)
    response = redeem(
        pulse.code, bucket, token, answers={"who5": [3, 3], "single-item-burnout": [2]}
    )
    assert (response.status_code, response.json()["code"]) == (400, "answers")
    assert redeem(pulse.code, bucket, token).status_code == 200


@pytest.mark.django_db(databases=ALL)
def test_safety_flag_comes_back_from_the_screening(org, pulse):
    screening = Period.objects.get(code="screening-2026-11")
    bucket, token = obtain_token(client_for(org, "employee"), screening.code)
    response = redeem(screening.code, bucket, token, answers={"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]})
    assert response.status_code == 200
    assert response.json()["safety"] is True


@pytest.mark.django_db(databases=ALL)
@override_settings(REHAT_SHUFFLE_BATCH=2)
def test_answers_wait_until_a_batch_of_their_bucket_is_pending(org, pulse):
    # employee (Bidang Alfa Satu) and leader (Dinas Alfa) share the ALFA bucket.
    first = obtain_token(client_for(org, "employee"), pulse.code)
    second = obtain_token(client_for(org, "leader"), pulse.code)
    assert first[0] == second[0] == "ALFA"
    assert redeem(pulse.code, *first).status_code == 200
    assert move_due() == 0  # the shuffler's beat: one answer waits, not a batch
    assert (PendingSubmission.objects.count(), Submission.objects.count()) == (1, 0)
    assert redeem(pulse.code, *second).status_code == 200
    # A request never moves anything itself: the answers wait for the next beat.
    assert (PendingSubmission.objects.count(), Submission.objects.count()) == (2, 0)
    assert move_due() == 2
    assert (PendingSubmission.objects.count(), Submission.objects.count()) == (0, 2)
    assert Answer.objects.count() == 4
    assert sorted(Submission.objects.values_list("help", flat=True)) == ["rest", "rest"]


@pytest.mark.django_db(databases=ALL)
def test_reopening_an_open_period_makes_no_new_keys(pulse):
    assert open_period(period=pulse) == 0


@pytest.mark.django_db(databases=ALL)
def test_a_lost_reply_can_be_fetched_again_for_the_same_request_only(org, pulse):
    import base64
    import json

    from rehat.checkins.domain.issuance import token_directory
    from rehat.lib.blindrsa import VerifyingKey
    from rehat.tests.blindrsa_client import blind

    client = client_for(org, "employee")
    entry = token_directory(employee=org.employee)[0]
    key = VerifyingKey.from_spki(entry.spki)
    blinded, _ = blind(key, b"\x00" * 98)
    request = entry.token_type.to_bytes(2, "big") + entry.token_key_id[-1:] + blinded

    def post(raw: bytes):
        return client.post(
            "/cek-kabar/token/",
            json.dumps({"period": entry.period, "token_request": base64.b64encode(raw).decode()}),
            content_type="application/json",
        )

    first, again = post(request), post(request)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    other, _ = blind(key, b"\x01" * 98)
    refused = post(request[:3] + other)
    assert refused.status_code == 409
    assert Issuance.objects.filter(employee=org.employee, period__code=entry.period).count() == 1


@pytest.mark.django_db(databases=ALL)
def test_issuance_needs_csrf_and_a_signed_in_employee(org, pulse):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org.employee.user)
    response = strict.post("/cek-kabar/token/", "{}", content_type="application/json")
    assert response.status_code == 403
    anonymous = Client().post("/cek-kabar/token/", "{}", content_type="application/json")
    assert anonymous.status_code == 302
    admin = client_for(org, "admin").post(
        "/cek-kabar/token/", "{}", content_type="application/json"
    )
    assert admin.status_code == 403
    assert Issuance.objects.count() == 0


@pytest.mark.django_db(databases=ALL)
@override_settings(REHAT_VOICE_TOKENS=3)
def test_voice_tokens_come_a_few_per_screening_period_under_their_own_key(org, pulse):
    client = client_for(org, "employee")
    screening = "screening-2026-11"
    tokens = [obtain_token(client, screening, purpose="voice") for _ in range(3)]
    with pytest.raises(AssertionError):
        obtain_token(client, screening, purpose="voice")
    assert len({token for _, token in tokens}) == 3
    keys = TokenKey.objects.filter(period__code=screening, bucket=tokens[0][0])
    assert sorted(keys.values_list("purpose", flat=True)) == ["checkin", "voice"]
    # A voice token is not a check-in token: its key and challenge differ.
    response = redeem(screening, tokens[0][0], tokens[0][1], answers={"phq9": [0] * 9})
    assert response.json()["code"] == "invalid"
    assert not TokenKey.objects.filter(period=pulse, purpose="voice").exists()


def _visit_requests(client) -> tuple[list[dict], list[tuple[dict, VerifyingKey, bytes, int]]]:
    """What tokens.js sends on a first visit: every directory entry, `remaining` times."""
    items, facts = [], []
    for entry in client.get("/cek-kabar/token/").json()["periods"]:
        spki = base64.b64decode(entry["spki"])
        numbers = serialization.load_der_public_key(spki).public_numbers()
        key = VerifyingKey(n=numbers.n, e=numbers.e)
        key_id = base64.b64decode(entry["token_key_id"])
        token_type = entry["token_type"].to_bytes(2, "big")
        for _ in range(entry["remaining"]):
            token_input = (
                token_type
                + secrets.token_bytes(32)
                + hashlib.sha256(base64.b64decode(entry["challenge"])).digest()
                + key_id
            )
            blinded, inv = blind(key, token_input)
            request = base64.b64encode(token_type + key_id[-1:] + blinded).decode()
            items.append(
                {"period": entry["period"], "purpose": entry["purpose"], "token_request": request}
            )
            facts.append((entry, key, token_input, inv))
    return items, facts


@pytest.mark.django_db(databases=ALL)
@override_settings(REHAT_VOICE_TOKENS=3)
def test_a_visit_obtains_all_its_tokens_in_one_request(org, pulse):
    client = client_for(org, "employee")
    items, facts = _visit_requests(client)
    assert sorted((i["period"], i["purpose"]) for i in items) == [
        ("pulse-2026-W48", "checkin"),
        ("screening-2026-11", "checkin"),
        ("screening-2026-11", "voice"),
        ("screening-2026-11", "voice"),
        ("screening-2026-11", "voice"),
    ]
    response = client.post(
        "/cek-kabar/token/", json.dumps({"requests": items}), content_type="application/json"
    )
    assert response.status_code == 200
    signatures = response.json()["blind_signatures"]
    for (_entry, key, token_input, inv), signature in zip(facts, signatures, strict=True):
        assert key.verify(token_input, finalize(key, base64.b64decode(signature), inv))
    assert sorted(
        Issuance.objects.filter(employee=org.employee).values_list("purpose", "slot")
    ) == [("checkin", 0), ("checkin", 0), ("voice", 0), ("voice", 1), ("voice", 2)]
    assert all(e["remaining"] == 0 for e in client.get("/cek-kabar/token/").json()["periods"])
    # The reply was lost: the very same requests again get the same signatures, no rows.
    again = client.post(
        "/cek-kabar/token/", json.dumps({"requests": items}), content_type="application/json"
    )
    assert again.json()["blind_signatures"] == signatures
    assert Issuance.objects.filter(employee=org.employee).count() == 5
    # Fresh requests beyond the allowance are refused as a whole, and nothing is recorded.
    assert _visit_requests(client)[0] == []
    # (the leader shares the ALFA bucket, so their pulse request is one for the same key)
    fresh = _visit_requests(client_for(org, "leader"))[0]
    assert fresh[0]["period"] == "pulse-2026-W48"
    refused = client.post(
        "/cek-kabar/token/", json.dumps({"requests": fresh}), content_type="application/json"
    )
    assert refused.status_code == 409
    assert Issuance.objects.filter(employee=org.employee).count() == 5


@pytest.mark.django_db(databases=ALL)
def test_a_visit_request_must_hold_one_to_sixteen_requests(org, pulse):
    client = client_for(org, "employee")
    for requests in ([], [{}] * 17, "x"):
        response = client.post(
            "/cek-kabar/token/", json.dumps({"requests": requests}), content_type="application/json"
        )
        assert response.status_code == 400
    assert Issuance.objects.count() == 0
