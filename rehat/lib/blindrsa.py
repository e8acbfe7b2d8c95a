"""RSA blind signatures, RFC 9474 RSABSSA-SHA384-PSS-Deterministic, server side.

The browser blinds and finalizes (with @cloudflare/blindrsa-ts); the server only

- signs a blinded message (`SigningKey.blind_sign`): the one raw RSA private-key
  operation, done with CRT and constant-time `gmpy2.powmod_sec`, with RSA base
  blinding against timing attacks and a verify-before-return check against faults;
- verifies a finalized signature (`VerifyingKey.verify`): standard RSASSA-PSS with
  SHA-384, MGF1-SHA-384 and a 48-byte salt, done by `cryptography` (OpenSSL).

`token_key_id` follows RFC 9578: SHA-256 of the key's SubjectPublicKeyInfo with the
id-RSASSA-PSS algorithm and its parameters. The client-side steps (blind, finalize)
live in rehat/tests/blindrsa_client.py: production code never picks a salt or a
blinding factor for a client.
"""

import hashlib
import secrets
from dataclasses import dataclass
from functools import cached_property, lru_cache

import gmpy2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SALT_LENGTH = 48  # bytes; SHA-384's output length, as RFC 9474 requires for this variant
PUBLIC_EXPONENT = 65537

# AlgorithmIdentifier for id-RSASSA-PSS with SHA-384, MGF1-SHA-384 and saltLength 48,
# DER-encoded (RFC 4055 §3.1; the same bytes begin RFC 9578's pkS test vectors).
_PSS_SHA384_ALGORITHM = bytes.fromhex(
    "303d06092a864886f70d01010a3030a00d300b0609608648016503040202"
    "a11a301806092a864886f70d010108300b0609608648016503040202a203020130"
)


class BlindSignatureError(ValueError):
    """A blinded message or signature that must not be signed or accepted."""


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


@dataclass(frozen=True)
class VerifyingKey:
    n: int
    e: int

    @property
    def size(self) -> int:
        """Modulus length in bytes (RFC 9474's modulus_len)."""
        return (self.n.bit_length() + 7) // 8

    @cached_property
    def _key(self) -> rsa.RSAPublicKey:
        return rsa.RSAPublicNumbers(self.e, self.n).public_key()

    @cached_property
    def spki(self) -> bytes:
        """SubjectPublicKeyInfo with id-RSASSA-PSS parameters (RFC 9578 §6.5)."""
        rsa_public_key = self._key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.PKCS1
        )
        bit_string = _der(0x03, b"\x00" + rsa_public_key)
        return _der(0x30, _PSS_SHA384_ALGORITHM + bit_string)

    @cached_property
    def browser_spki(self) -> bytes:
        """The same key as a plain rsaEncryption SPKI: what WebCrypto's importKey takes."""
        return self._key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @cached_property
    def token_key_id(self) -> bytes:
        return hashlib.sha256(self.spki).digest()

    @classmethod
    def from_spki(cls, spki: bytes) -> "VerifyingKey":
        """Load an RSASSA-PSS SPKI, accepting only the exact encoding we produce (cached)."""
        return _from_spki(spki)

    @classmethod
    def _load_spki(cls, spki: bytes) -> "VerifyingKey":
        try:
            public = serialization.load_der_public_key(spki)
        except ValueError:
            raise BlindSignatureError("not a public key") from None
        if not isinstance(public, rsa.RSAPublicKey):
            raise BlindSignatureError("not an RSA key")
        numbers = public.public_numbers()
        key = cls(n=numbers.n, e=numbers.e)
        if key.spki != spki:
            raise BlindSignatureError("not an RSASSA-PSS SHA-384 key with a 48-byte salt")
        return key

    def verify(self, message: bytes, signature: bytes) -> bool:
        """RSASSA-PSS-VERIFY (SHA-384, MGF1-SHA-384, 48-byte salt)."""
        if len(signature) != self.size:
            return False
        try:
            self._key.verify(
                signature,
                message,
                padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=SALT_LENGTH),
                hashes.SHA384(),
            )
        except InvalidSignature:
            return False
        return True


@lru_cache(maxsize=4096)
def _from_spki(spki: bytes) -> VerifyingKey:
    return VerifyingKey._load_spki(spki)


class SigningKey:
    """An RSA private key used for blind signing only, never for anything else."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        numbers = private_key.private_numbers()
        self._private_key = private_key
        self._p = gmpy2.mpz(numbers.p)
        self._q = gmpy2.mpz(numbers.q)
        self._n = self._p * self._q
        self._e = gmpy2.mpz(numbers.public_numbers.e)
        self._dp = gmpy2.mpz(numbers.dmp1)
        self._dq = gmpy2.mpz(numbers.dmq1)
        self._q_inv = gmpy2.mpz(numbers.iqmp)
        self.public = VerifyingKey(n=int(self._n), e=int(self._e))

    @classmethod
    def generate(cls, *, bits: int = 3072) -> "SigningKey":
        if bits < 2048:
            raise ValueError("blind-signature keys have at least 2048 bits")
        return cls(rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=bits))

    @classmethod
    def from_pem(cls, pem: bytes) -> "SigningKey":
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise BlindSignatureError("not an RSA private key")
        return cls(key)

    def to_pem(self) -> bytes:
        return self._private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def blind_sign(self, blinded_message: bytes) -> bytes:
        """RFC 9474 BlindSign: s = m^d mod n for the client's blinded m."""
        size = self.public.size
        if len(blinded_message) != size:
            raise BlindSignatureError("unexpected input size")
        m = gmpy2.mpz(int.from_bytes(blinded_message, "big"))
        if m >= self._n:
            raise BlindSignatureError("invalid message length")
        s = self._raw_sign(m)
        # Fault check: a miscomputed CRT half would leak a factor of n.
        if gmpy2.powmod(s, self._e, self._n) != m:
            raise BlindSignatureError("signing failure")
        return int(s).to_bytes(size, "big")

    def _raw_sign(self, m: "gmpy2.mpz") -> "gmpy2.mpz":
        # Base blinding: sign m·r^e instead of m so timing says nothing about m.
        while True:
            r = gmpy2.mpz(secrets.randbelow(int(self._n) - 2) + 2)
            if gmpy2.gcd(r, self._n) == 1:
                break
        blinded = (m * gmpy2.powmod(r, self._e, self._n)) % self._n
        s_p = gmpy2.powmod_sec(blinded % self._p, self._dp, self._p)
        s_q = gmpy2.powmod_sec(blinded % self._q, self._dq, self._q)
        s = s_q + ((self._q_inv * (s_p - s_q)) % self._p) * self._q
        return (s * gmpy2.invert(r, self._n)) % self._n
