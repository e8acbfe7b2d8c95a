"""Time-based one-time passwords (RFC 6238, HMAC-SHA-1, 30 s steps, 6 digits)."""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> bytes:
    return secrets.token_bytes(20)


def hotp(secret: bytes, counter: int, *, digits: int = DIGITS) -> str:
    """RFC 4226: HMAC-SHA-1 of the counter, dynamically truncated."""
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_at(unix_time: float) -> int:
    return int(unix_time // STEP_SECONDS)


def matching_step(secret: bytes, code: str, *, unix_time: float | None = None) -> int | None:
    """The time step (now, one before or one after) whose code this is, or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != DIGITS:
        return None
    now = step_at(time.time() if unix_time is None else unix_time)
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def secret_text(secret: bytes) -> str:
    """Base32 in groups of four, for typing into an authenticator app."""
    text = base64.b32encode(secret).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(secret: bytes, *, account: str, issuer: str = "Rehat") -> str:
    label = quote(f"{issuer}:{account}")
    key = base64.b32encode(secret).decode().rstrip("=")
    return f"otpauth://totp/{label}?secret={key}&issuer={quote(issuer)}&digits={DIGITS}&period={STEP_SECONDS}"
