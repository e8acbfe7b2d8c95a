"""The client half of RFC 9474 (blind, finalize), for tests only.

In production the browser does this with @cloudflare/blindrsa-ts. Salt and blinding
factor can be injected here so RFC vectors can be replayed; production code has no
such hook.
"""

import hashlib
import secrets

import gmpy2

from rehat.lib.blindrsa import VerifyingKey

H_LEN = 48


def _mgf1(seed: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha384(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def emsa_pss_encode(message: bytes, em_bits: int, salt: bytes) -> bytes:
    em_len = (em_bits + 7) // 8
    m_hash = hashlib.sha384(message).digest()
    h = hashlib.sha384(b"\x00" * 8 + m_hash + salt).digest()
    db = b"\x00" * (em_len - len(salt) - H_LEN - 2) + b"\x01" + salt
    masked = bytearray(a ^ b for a, b in zip(db, _mgf1(h, em_len - H_LEN - 1), strict=True))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    return bytes(masked) + h + b"\xbc"


def blind(
    key: VerifyingKey, message: bytes, *, salt: bytes | None = None, inv: int | None = None
) -> tuple[bytes, int]:
    """Returns (blinded_msg, inv) where inv = r⁻¹ mod n."""
    salt = secrets.token_bytes(48) if salt is None else salt
    encoded = emsa_pss_encode(message, key.n.bit_length() - 1, salt)
    m = int.from_bytes(encoded, "big")
    if inv is None:
        while True:
            r = secrets.randbelow(key.n - 2) + 2
            if gmpy2.gcd(r, key.n) == 1:
                break
        inv = int(gmpy2.invert(r, key.n))
    r = int(gmpy2.invert(inv, key.n))
    blinded = (m * pow(r, key.e, key.n)) % key.n
    return blinded.to_bytes(key.size, "big"), inv


def finalize(key: VerifyingKey, blind_sig: bytes, inv: int) -> bytes:
    s = (int.from_bytes(blind_sig, "big") * inv) % key.n
    return s.to_bytes(key.size, "big")
