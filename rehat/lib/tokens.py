"""Privacy Pass token layout (RFC 9578 §6) around RFC 9474 blind signatures.

    token_input = token_type (2) ‖ nonce (32) ‖ SHA-256(challenge) (32) ‖ token_key_id (32)
    token       = token_input ‖ authenticator (the RSA signature, modulus length)

Token type 0x0002 is RFC 9578's Blind RSA 2048. Rehat's default RSA-3072 keys use the
same layout under a type value of our own, so no RFC 9578 client mistakes one for the
other (shared/domain/privacy.md §2.6).
"""

import hashlib
import struct
from dataclasses import dataclass

from rehat.lib.blindrsa import VerifyingKey

TOKEN_TYPE_BLIND_RSA_2048 = 0x0002
TOKEN_TYPE_REHAT_BLIND_RSA_3072 = 0xB003
NONCE_LENGTH = 32
INPUT_LENGTH = 2 + NONCE_LENGTH + 32 + 32


class MalformedTokenError(ValueError):
    pass


def token_type_for(key: VerifyingKey) -> int:
    bits = key.size * 8
    if bits == 2048:
        return TOKEN_TYPE_BLIND_RSA_2048
    if bits == 3072:
        return TOKEN_TYPE_REHAT_BLIND_RSA_3072
    raise ValueError(f"no token type for {bits}-bit keys")


def encode_challenge(
    *, token_type: int, issuer_name: str, redemption_context: bytes, origin_info: str
) -> bytes:
    """TokenChallenge (RFC 9577 §2.1): what a token is bound to."""
    if len(redemption_context) not in (0, 32):
        raise ValueError("redemption_context is empty or 32 bytes")
    issuer = issuer_name.encode()
    origin = origin_info.encode()
    return (
        struct.pack(">H", token_type)
        + struct.pack(">H", len(issuer))
        + issuer
        + bytes([len(redemption_context)])
        + redemption_context
        + struct.pack(">H", len(origin))
        + origin
    )


def encode_input(*, token_type: int, nonce: bytes, challenge: bytes, key: VerifyingKey) -> bytes:
    if len(nonce) != NONCE_LENGTH:
        raise ValueError("nonce must be 32 bytes")
    return (
        struct.pack(">H", token_type)
        + nonce
        + hashlib.sha256(challenge).digest()
        + key.token_key_id
    )


def encode_request(*, token_type: int, key: VerifyingKey, blinded_message: bytes) -> bytes:
    """TokenRequest (RFC 9578 §6.1): type ‖ truncated_token_key_id ‖ blinded_msg."""
    return struct.pack(">H", token_type) + key.token_key_id[-1:] + blinded_message


@dataclass(frozen=True)
class Token:
    token_type: int
    nonce: bytes
    challenge_digest: bytes
    token_key_id: bytes
    authenticator: bytes

    @classmethod
    def parse(cls, raw: bytes, *, authenticator_length: int) -> "Token":
        if len(raw) != INPUT_LENGTH + authenticator_length:
            raise MalformedTokenError("token has the wrong length")
        (token_type,) = struct.unpack(">H", raw[:2])
        return cls(
            token_type=token_type,
            nonce=raw[2:34],
            challenge_digest=raw[34:66],
            token_key_id=raw[66:98],
            authenticator=raw[98:],
        )

    @property
    def input(self) -> bytes:
        return (
            struct.pack(">H", self.token_type)
            + self.nonce
            + self.challenge_digest
            + self.token_key_id
        )

    def to_bytes(self) -> bytes:
        return self.input + self.authenticator

    def verify(self, *, key: VerifyingKey, challenge: bytes) -> bool:
        """True when the token is bound to this key and challenge and its signature holds."""
        return (
            self.token_type == token_type_for(key)
            and self.token_key_id == key.token_key_id
            and self.challenge_digest == hashlib.sha256(challenge).digest()
            and key.verify(self.input, self.authenticator)
        )


ISSUER = "rehat"
ORIGINS = {"checkin": "cek-kabar", "voice": "ruang-dengar"}


def purpose_challenge(*, period: str, purpose: str, token_type: int) -> bytes:
    """The challenge every token of a period and purpose is bound to (both sides compute it)."""
    return encode_challenge(
        token_type=token_type,
        issuer_name=ISSUER,
        redemption_context=hashlib.sha256(f"period:{period}".encode()).digest(),
        origin_info=ORIGINS[purpose],
    )


def checkin_challenge(*, period: str, token_type: int) -> bytes:
    return purpose_challenge(period=period, purpose="checkin", token_type=token_type)
