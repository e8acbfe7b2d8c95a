"""A Python stand-in for the browser: obtain a token, then redeem it."""

import base64
import hashlib
import json
import secrets

from django.test import Client

from rehat.lib.blindrsa import VerifyingKey
from rehat.tests.blindrsa_client import blind, finalize

PULSE_ANSWERS = {"who5": [3, 3, 2, 4, 3], "single-item-burnout": [2]}


def obtain_token(client: Client, period: str, purpose: str = "checkin") -> tuple[str, bytes]:
    """Returns (bucket, token) the way tokens.js does it."""
    directory = client.get("/cek-kabar/token/").json()["periods"]
    entry = next(e for e in directory if e["period"] == period and e["purpose"] == purpose)
    spki = base64.b64decode(entry["spki"])
    from cryptography.hazmat.primitives import serialization

    numbers = serialization.load_der_public_key(spki).public_numbers()  # type: ignore[union-attr]
    key = VerifyingKey(n=numbers.n, e=numbers.e)
    key_id = base64.b64decode(entry["token_key_id"])
    assert key.token_key_id == key_id
    token_type = entry["token_type"].to_bytes(2, "big")
    token_input = (
        token_type
        + secrets.token_bytes(32)
        + hashlib.sha256(base64.b64decode(entry["challenge"])).digest()
        + key_id
    )
    blinded, inv = blind(key, token_input)
    response = client.post(
        "/cek-kabar/token/",
        json.dumps(
            {
                "period": period,
                "purpose": purpose,
                "token_request": base64.b64encode(token_type + key_id[-1:] + blinded).decode(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    blind_sig = base64.b64decode(response.json()["blind_signature"])
    return entry["bucket"], token_input + finalize(key, blind_sig, inv)


def redeem(period: str, bucket: str, token: bytes, answers=None, help="rest"):
    return Client().post(
        "/anon/v1/cek-kabar/",
        json.dumps(
            {
                "period": period,
                "bucket": bucket,
                "token": base64.b64encode(token).decode(),
                "answers": PULSE_ANSWERS if answers is None else answers,
                "help": help,
            }
        ),
        content_type="application/json",
    )
