"""Keyed hashes and sealed JSON for bookings, notes and circle seats."""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

from rehat.accounts.models import User
from rehat.counseling.models import Booking
from rehat.lib import boxes
from rehat.lib.sealing import seal, unseal


def holder_for_user(*, user: User, scope: str = "booking") -> bytes:
    message = f"counseling-{scope}:{user.code}".encode()
    return hmac.new(settings.MASTER_KEY.encode(), message, hashlib.sha256).digest()


def holder_for_receipt(*, receipt: str) -> bytes:
    return boxes.receipt_lookup(receipt, secret=settings.MASTER_KEY)


def seal_json(data: Any, *, purpose: str) -> bytes:
    return seal(json.dumps(data).encode(), secret=settings.MASTER_KEY, purpose=purpose)


def unseal_json(sealed: bytes | memoryview, *, purpose: str) -> Any:
    return json.loads(unseal(bytes(sealed), secret=settings.MASTER_KEY, purpose=purpose))


def contact_purpose(booking: Booking) -> str:
    return f"booking-contact:{booking.code}"


def screening_purpose(booking: Booking) -> str:
    return f"booking-screening:{booking.code}"


def note_purpose(booking: Booking) -> str:
    return f"session-note:{booking.code}"
