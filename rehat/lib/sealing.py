"""Authenticated encryption of secrets at rest (AES-256-GCM).

Each sealed value gets its own random data key, wrapped by the master key. The master
key comes from REHAT_MASTER_KEY (or _FILE; 32+ characters), or in development from
SECRET_KEY. `purpose` is bound into both layers, so a value sealed for one use cannot
be unsealed as another.
"""

import hashlib
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
_NONCE = 12
_WRAPPED = _NONCE + 32 + 16


class SealError(ValueError):
    pass


def _master(secret: str, purpose: str) -> bytes:
    return HKDF(
        algorithm=SHA256(), length=32, salt=b"rehat-sealing-v1", info=purpose.encode()
    ).derive(secret.encode())


def seal(plaintext: bytes, *, secret: str, purpose: str) -> bytes:
    data_key = AESGCM.generate_key(bit_length=256)
    wrap_nonce, data_nonce = os.urandom(_NONCE), os.urandom(_NONCE)
    aad = VERSION + purpose.encode()
    wrapped = wrap_nonce + AESGCM(_master(secret, purpose)).encrypt(wrap_nonce, data_key, aad)
    body = AESGCM(data_key).encrypt(data_nonce, plaintext, aad)
    return VERSION + wrapped + data_nonce + body


def unseal(sealed: bytes, *, secret: str, purpose: str) -> bytes:
    if not sealed.startswith(VERSION) or len(sealed) < 1 + _WRAPPED + _NONCE + 16:
        raise SealError("not a sealed value")
    aad = VERSION + purpose.encode()
    wrapped = sealed[1 : 1 + _WRAPPED]
    data_nonce = sealed[1 + _WRAPPED : 1 + _WRAPPED + _NONCE]
    try:
        data_key = AESGCM(_master(secret, purpose)).decrypt(wrapped[:_NONCE], wrapped[_NONCE:], aad)
        return AESGCM(data_key).decrypt(data_nonce, sealed[1 + _WRAPPED + _NONCE :], aad)
    except Exception:
        raise SealError("cannot unseal: wrong key or damaged value") from None


def fingerprint(data: bytes) -> str:
    """Short, readable SHA-256 fingerprint: 16 groups of 4 hex digits."""
    digest = hashlib.sha256(data).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 64, 4))
