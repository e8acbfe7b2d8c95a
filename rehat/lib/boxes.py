"""Small wrappers over libsodium (PyNaCl) for Ruang Dengar.

- Receipts: 150 random bits as 30 Crockford base32 characters, shown in groups of 5.
  The server stores only a keyed hash (HMAC-SHA-256) to find the conversation.
- Key wrapping: a secret (a receipt, a password) → Argon2id → a SecretBox key that
  wraps an X25519 private key.
- Sealing: anonymous public-key encryption (crypto_box_seal) to a public key.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
RECEIPT_LENGTH = 30  # 30 × 5 bits = 150 bits
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


class BoxError(ValueError):
    """Wrong key, wrong receipt or a damaged ciphertext."""


@dataclass(frozen=True)
class Strength:
    """Argon2id cost. Production uses libsodium's interactive or moderate limits."""

    ops: int
    mem: int


INTERACTIVE = Strength(
    nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE
)
MODERATE = Strength(nacl.pwhash.argon2id.OPSLIMIT_MODERATE, nacl.pwhash.argon2id.MEMLIMIT_MODERATE)
FAST_FOR_TESTS = Strength(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def format_receipt(receipt: str) -> str:
    return "-".join(receipt[i : i + 5] for i in range(0, len(receipt), 5))


def normalize_receipt(text: str) -> str | None:
    """What a person typed (any case, spaces, dashes, O for 0) → the receipt, or None."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in cleaned):
        return None
    return cleaned


def receipt_lookup(receipt: str, *, secret: str) -> bytes:
    return hmac.new(secret.encode(), b"receipt:" + receipt.encode(), hashlib.sha256).digest()


def new_salt() -> bytes:
    return nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)


def derive_key(secret: str, *, salt: bytes, strength: Strength) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE,
        secret.encode(),
        salt,
        opslimit=strength.ops,
        memlimit=strength.mem,
    )


def wrap(data: bytes, *, key: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(key).encrypt(data))


def unwrap(wrapped: bytes, *, key: bytes) -> bytes:
    try:
        return bytes(nacl.secret.SecretBox(key).decrypt(wrapped))
    except nacl.exceptions.CryptoError:
        raise BoxError("cannot unwrap") from None


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) X25519 keys as raw bytes."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def seal(plaintext: bytes, *, public_key: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(public_key)).encrypt(plaintext))


def open_sealed(ciphertext: bytes, *, private_key: bytes) -> bytes:
    try:
        return bytes(SealedBox(PrivateKey(private_key)).decrypt(ciphertext))
    except nacl.exceptions.CryptoError:
        raise BoxError("cannot open") from None
