"""A stand-in for vault.js in server tests: the same layout, made with `cryptography`."""

import base64
import json
import os
import uuid
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

API = "/brankas/api/v1/"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def wrapping(vault_key: bytes | None = None) -> dict[str, str]:
    """A wrapped 32-byte key under a throwaway key encryption key: right sizes, opaque."""
    iv = os.urandom(12)
    wrapped = AESGCM(os.urandom(32)).encrypt(iv, vault_key or os.urandom(32), b"wrap")
    return {"salt": b64(os.urandom(16)), "wrapped_key": b64(iv + wrapped)}


def seal(key: bytes, item_id: str, record: dict[str, Any]) -> str:
    iv = os.urandom(12)
    aad = f"rehat-vault/v1/item/{item_id}".encode()
    return b64(iv + AESGCM(key).encrypt(iv, json.dumps(record).encode(), aad))


def create(client, iterations: int = 600_000) -> Any:
    body = {"iterations": iterations, "passphrase": wrapping(), "recovery": wrapping()}
    return client.post(API, body, content_type="application/json")


def put(client, item_id: str, ciphertext: str, revision: int = 0) -> Any:
    return client.put(
        f"{API}isi/{item_id}/",
        {"revision": revision, "ciphertext": ciphertext},
        content_type="application/json",
    )


def new_id() -> str:
    return str(uuid.uuid4())
