"""RFC 9578 token type 0x0002 (Blind RSA 2048) issuance vectors, and the token layout."""

import json
import secrets
from pathlib import Path

import gmpy2
import pytest

from rehat.lib.blindrsa import SigningKey, VerifyingKey
from rehat.lib.tokens import (
    TOKEN_TYPE_BLIND_RSA_2048,
    TOKEN_TYPE_REHAT_BLIND_RSA_3072,
    MalformedTokenError,
    Token,
    encode_challenge,
    encode_input,
    encode_request,
)
from rehat.tests.blindrsa_client import blind, finalize

DATA = json.loads(
    (Path(__file__).parent / "vectors" / "rfc9578-type2-blindrsa2048.json").read_text()
)
VECTORS = DATA["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[f"vector-{i + 1}" for i in range(len(VECTORS))])
def test_rfc9578_type2_issuance_vector(vector):
    key = SigningKey.from_pem(bytes.fromhex(vector["skS"]))
    public = key.public
    # Our SPKI encoder reproduces pkS, so token_key_id = SHA-256(pkS) matches.
    assert public.spki.hex() == vector["pkS"]
    assert VerifyingKey.from_spki(bytes.fromhex(vector["pkS"])) == public

    challenge = bytes.fromhex(vector["token_challenge"])
    token_input = encode_input(
        token_type=TOKEN_TYPE_BLIND_RSA_2048,
        nonce=bytes.fromhex(vector["nonce"]),
        challenge=challenge,
        key=public,
    )
    inv = int(gmpy2.invert(int(vector["blind"], 16), public.n))
    blinded, _ = blind(public, token_input, salt=bytes.fromhex(vector["salt"]), inv=inv)
    request = encode_request(
        token_type=TOKEN_TYPE_BLIND_RSA_2048, key=public, blinded_message=blinded
    )
    assert request.hex() == vector["token_request"]

    response = key.blind_sign(blinded)
    assert response.hex() == vector["token_response"]

    token = Token(
        token_type=TOKEN_TYPE_BLIND_RSA_2048,
        nonce=bytes.fromhex(vector["nonce"]),
        challenge_digest=token_input[34:66],
        token_key_id=public.token_key_id,
        authenticator=finalize(public, response, inv),
    )
    assert token.to_bytes().hex() == vector["token"]
    parsed = Token.parse(bytes.fromhex(vector["token"]), authenticator_length=public.size)
    assert parsed.verify(key=public, challenge=challenge)


def test_rfc9578_challenge_encoding_matches_the_vector_layout():
    # Vector 1: type 2, issuer "issuer.example", a 32-byte context, origin "origin.example".
    raw = bytes.fromhex(VECTORS[0]["token_challenge"])
    context = raw[2 + 2 + 14 + 1 : 2 + 2 + 14 + 1 + 32]
    rebuilt = encode_challenge(
        token_type=2,
        issuer_name="issuer.example",
        redemption_context=context,
        origin_info="origin.example",
    )
    assert rebuilt == raw


@pytest.fixture(scope="module")
def key3072() -> SigningKey:
    return SigningKey.generate(bits=3072)


def _issue(key: SigningKey, challenge: bytes) -> Token:
    nonce = secrets.token_bytes(32)
    token_input = encode_input(
        token_type=TOKEN_TYPE_REHAT_BLIND_RSA_3072, nonce=nonce, challenge=challenge, key=key.public
    )
    blinded, inv = blind(key.public, token_input)
    return Token.parse(
        token_input + finalize(key.public, key.blind_sign(blinded), inv),
        authenticator_length=key.public.size,
    )


def test_a_3072_bit_token_verifies_only_for_its_challenge_and_key(key3072):
    challenge = encode_challenge(
        token_type=TOKEN_TYPE_REHAT_BLIND_RSA_3072,
        issuer_name="rehat",
        redemption_context=b"\x01" * 32,
        origin_info="checkin",
    )
    token = _issue(key3072, challenge)
    assert token.verify(key=key3072.public, challenge=challenge)
    other_challenge = challenge[:-1] + b"X"
    assert not token.verify(key=key3072.public, challenge=other_challenge)
    assert not token.verify(key=SigningKey.generate(bits=3072).public, challenge=challenge)


def test_malformed_tokens_are_refused():
    with pytest.raises(MalformedTokenError):
        Token.parse(b"\x00" * 10, authenticator_length=384)
