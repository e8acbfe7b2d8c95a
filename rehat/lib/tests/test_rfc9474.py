"""RFC 9474 Appendix A vectors, server side (BlindSign) and a client replay."""

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from rehat.lib.blindrsa import BlindSignatureError, SigningKey, VerifyingKey
from rehat.tests.blindrsa_client import blind, emsa_pss_encode, finalize

VECTORS = json.loads((Path(__file__).parent / "vectors" / "rfc9474-rsabssa.json").read_text())


def _signing_key(vector: dict[str, str]) -> SigningKey:
    p, q, e = (int(vector[k], 16) for k in ("p", "q", "e"))
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(e, p * q),
    )
    return SigningKey(numbers.private_key())


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_rfc9474_blind_sign_matches_the_vector(vector):
    key = _signing_key(vector)
    assert key.public.n == int(vector["n"], 16)
    blind_sig = key.blind_sign(bytes.fromhex(vector["blinded_msg"]))
    assert blind_sig.hex() == vector["blind_sig"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_rfc9474_client_replay_reaches_the_vector_signature(vector):
    key = _signing_key(vector).public
    message = bytes.fromhex(vector["input_msg"])
    salt = bytes.fromhex(vector["salt"]) if vector["salt"] else b""
    if "encoded_msg" in vector:
        assert emsa_pss_encode(message, key.n.bit_length() - 1, salt).hex() == vector["encoded_msg"]
    blinded, inv = blind(key, message, salt=salt, inv=int(vector["inv"], 16))
    assert blinded.hex() == vector["blinded_msg"]
    signature = finalize(key, bytes.fromhex(vector["blind_sig"]), inv)
    assert signature.hex() == vector["sig"]
    key._key.verify(
        signature,
        message,
        padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=int(vector["sLen"], 16)),
        hashes.SHA384(),
    )


def test_rfc9474_deterministic_variant_verifies_with_the_server_check():
    vector = next(v for v in VECTORS if v["name"] == "RSABSSA-SHA384-PSS-Deterministic")
    key = _signing_key(vector).public
    assert key.verify(bytes.fromhex(vector["input_msg"]), bytes.fromhex(vector["sig"]))


@pytest.fixture(scope="module")
def key3072() -> SigningKey:
    return SigningKey.generate(bits=3072)


def test_round_trip_at_3072_bits(key3072):
    message = b"rehat token input"
    blinded, inv = blind(key3072.public, message)
    signature = finalize(key3072.public, key3072.blind_sign(blinded), inv)
    assert key3072.public.verify(message, signature)


def test_wrong_key_flipped_bit_and_other_message_are_refused(key3072):
    message = b"rehat token input"
    blinded, inv = blind(key3072.public, message)
    signature = finalize(key3072.public, key3072.blind_sign(blinded), inv)
    other = SigningKey.generate(bits=2048)
    assert not other.public.verify(message, signature)
    flipped = bytearray(signature)
    flipped[10] ^= 0x01
    assert not key3072.public.verify(message, bytes(flipped))
    assert not key3072.public.verify(b"another input", signature)
    assert not key3072.public.verify(message, signature[:-1])


def test_blind_sign_refuses_wrong_length_and_values_at_or_above_n(key3072):
    size = key3072.public.size
    with pytest.raises(BlindSignatureError, match="size"):
        key3072.blind_sign(b"\x01" * (size - 1))
    with pytest.raises(BlindSignatureError, match="length"):
        key3072.blind_sign(key3072.public.n.to_bytes(size, "big"))
    with pytest.raises(BlindSignatureError, match="length"):
        key3072.blind_sign(b"\xff" * size)


def test_keys_survive_pem_and_spki_round_trips(key3072):
    again = SigningKey.from_pem(key3072.to_pem())
    assert again.public == key3072.public
    assert VerifyingKey.from_spki(key3072.public.spki) == key3072.public


def test_small_keys_are_refused():
    with pytest.raises(ValueError, match="2048"):
        SigningKey.generate(bits=1024)
