"""Time-based one-time passwords (RFC 6238, HMAC-SHA-1, 30 s steps, 6 digits)."""

import base64
import functools
import hashlib
import hmac
import itertools
import secrets
import struct
import time
from html import escape
from urllib.parse import quote

from reportlab.graphics.barcode import qrencoder

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


QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_svg(text: str, *, title: str) -> str:
    """`text` as a QR code (error correction M), an SVG of black modules on white.

    reportlab, already here for the PDFs, encodes; the drawing is one path of
    horizontal runs, with no script or style, so the page's CSP has nothing to allow.
    The SVG scales to its container (viewBox only) and `title` names it for screen readers.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    size = code.getModuleCount()
    runs = []
    for row in range(size):
        col = QUIET_ZONE
        for dark, modules in itertools.groupby(
            range(size), key=functools.partial(code.isDark, row)
        ):
            width = len(list(modules))
            if dark:
                runs.append(f"M{col} {row + QUIET_ZONE}h{width}v1h-{width}z")
            col += width
    side = size + 2 * QUIET_ZONE
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img" '
        f'shape-rendering="crispEdges"><title>{escape(title)}</title>'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
