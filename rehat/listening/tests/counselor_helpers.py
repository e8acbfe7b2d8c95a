"""Counselor sessions and conversations for the counselor-side tests."""

import base64
import datetime
import os
import time
from types import SimpleNamespace
from typing import Any

from django.http import HttpResponse
from django.test import Client

from rehat.conversations.domain.threads import add_employee_message
from rehat.conversations.models import Conversation
from rehat.lib import boxes
from rehat.listening.domain import totp
from rehat.listening.domain.keyring import COOKIE, Keyring, store_keyring
from rehat.listening.permissions import OTP_VERIFIED
from rehat.tests.personas import Org, client_for

ALL = ["default", "anonymous"]
NOW = datetime.datetime(2026, 11, 25, 3, 10, tzinfo=datetime.UTC)  # Wed 10.10 WIB


def current_code(secret_text: str) -> str:
    """The code an authenticator shows now for a key as typed (base32, spaces allowed)."""
    key = secret_text.replace(" ", "")
    return totp.hotp(base64.b32decode(key + "=" * (-len(key) % 8)), totp.step_at(time.time()))


def open_session(client: Client, *, team: dict[int, bytes] | None, verified: bool = True) -> Client:
    """What sign-in (key ring) and /konselor/kode/ (second factor) leave behind."""
    session = client.session
    if team is not None:
        response = HttpResponse()
        keyring = Keyring(counselor_private=os.urandom(32), team=team)
        store_keyring(request=SimpleNamespace(session=session), response=response, keyring=keyring)  # type: ignore[arg-type]
        client.cookies[COOKIE] = response.cookies[COOKIE].value
    if verified:
        session[OTP_VERIFIED] = True
    session.save()
    return client


def counselor_client(org: Org, *, team: dict[int, bytes], persona: str = "counselor") -> Client:
    return open_session(client_for(org, persona), team=team)


def make_conversation(
    *,
    texts: tuple[str, ...] = ("Saya lelah.",),
    at: datetime.datetime = NOW,
    **fields: Any,
) -> Conversation:
    """A conversation with employee messages sealed to the current team key (no token)."""
    fields.setdefault("period", "screening-2026-11")
    fields.setdefault("bucket", "SETDA")
    fields.setdefault("team_key_version", 1)
    _private, public = boxes.new_key_pair()
    conversation = Conversation.objects.create(
        receipt_hash=os.urandom(32),
        public_key=public,
        key_salt=os.urandom(16),
        wrapped_private_key=b"",
        **fields,
    )
    for text in texts:
        add_employee_message(conversation=conversation, text=text, now=at)
    conversation.refresh_from_db()
    if "deadline" in fields or "waiting" in fields:  # add_employee_message may move them
        Conversation.objects.filter(pk=conversation.pk).update(
            **{k: fields[k] for k in ("deadline", "waiting", "urgent") if k in fields}
        )
        conversation.refresh_from_db()
    return conversation
