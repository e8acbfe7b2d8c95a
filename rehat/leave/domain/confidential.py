"""The sealed parts of a leave request: the reason and the supporting letter.

Sealed with per-record data keys under the master key (rehat.lib.sealing). Every read goes
through read_reason / read_letter, which write an audit entry naming the field, never its
content.
"""

import json
from dataclasses import dataclass

from django.conf import settings

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.leave.models import LeaveRequest
from rehat.lib.sealing import seal, unseal

REASON = "leave-reason"
LETTER = "leave-letter"


@dataclass(frozen=True)
class Letter:
    name: str
    content_type: str
    content: bytes


def seal_reason(*, text: str) -> bytes:
    return seal(text.encode(), secret=settings.MASTER_KEY, purpose=REASON)


def seal_letter(*, letter: Letter) -> bytes:
    header = json.dumps({"name": letter.name, "type": letter.content_type}).encode()
    return seal(header + b"\n" + letter.content, secret=settings.MASTER_KEY, purpose=LETTER)


def read_reason(*, actor: User, leave_request: LeaveRequest) -> str:
    log_action(
        actor=actor, action=Entry.Action.READ, target=leave_request, changes={"field": "alasan"}
    )
    sealed = bytes(leave_request.sealed_reason)
    return unseal(sealed, secret=settings.MASTER_KEY, purpose=REASON).decode()


def read_letter(*, actor: User, leave_request: LeaveRequest) -> Letter | None:
    if leave_request.sealed_letter is None:
        return None
    log_action(
        actor=actor, action=Entry.Action.READ, target=leave_request, changes={"field": "surat"}
    )
    plain = unseal(bytes(leave_request.sealed_letter), secret=settings.MASTER_KEY, purpose=LETTER)
    header, _newline, content = plain.partition(b"\n")
    meta = json.loads(header)
    return Letter(name=str(meta["name"]), content_type=str(meta["type"]), content=content)
