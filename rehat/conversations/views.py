"""Ruang Dengar's anonymous endpoints. They read no cookie, write no log line, keep no time.

The employee's browser posts JSON with `credentials: "omit"`: open a conversation with a
voice token, read it with the receipt, send a message with the receipt. The receipt
travels only in the request body (never in a URL, so no access log or history holds it).

Wrong receipts are throttled without knowing who sends them: a global budget of
failures per minute, kept in Django's cache, plus a fixed delay on every failure. An
attacker gains nothing from many addresses, and nobody's address is ever looked at.
"""

import base64
import binascii
import datetime
import json
import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rehat.conversations.domain.crisis_language import detect_crisis
from rehat.conversations.domain.deadlines import JAKARTA
from rehat.conversations.domain.threads import (
    ConversationError,
    Entry,
    add_employee_message,
    find_conversation,
    open_conversation,
    read_for_employee,
)
from rehat.conversations.models import Conversation
from rehat.lib import boxes

# Wrong receipts allowed per minute, across everyone; then 429 until the minute ends.
RECEIPT_FAILURE_BUDGET = 20
# Seconds every wrong receipt waits before its answer (tests set it to 0).
RECEIPT_FAILURE_DELAY = 0.75
_BUDGET_KEY = "rehat:receipt-failures:{minute}"
# Seams for tests: the budget's clock and the delay's sleep.
_clock = time.time
_sleep = time.sleep


class Malformed(ValueError):
    pass


# Receipt throttling ---------------------------------------------------------------------


def _budget_key(now: float) -> str:
    return _BUDGET_KEY.format(minute=int(now // 60))


def receipt_budget_exhausted() -> bool:
    return int(cache.get(_budget_key(_clock()), 0)) >= RECEIPT_FAILURE_BUDGET


def count_wrong_receipt() -> None:
    """Spend one failure of this minute's budget, then make the sender wait."""
    key = _budget_key(_clock())
    cache.add(key, 0, timeout=120)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
    if RECEIPT_FAILURE_DELAY:
        _sleep(RECEIPT_FAILURE_DELAY)


def throttled_response() -> JsonResponse:
    response = _error(
        "throttled",
        _(
            "Terlalu banyak kode tanda terima yang salah dicoba dalam satu menit. "
            "Tunggu sebentar, lalu coba lagi."
        ),
        status=429,
    )
    response["Retry-After"] = str(60 - int(_clock()) % 60)
    return response


def find_with_receipt(receipt_text: str) -> tuple[Conversation, bytes]:
    """find_conversation behind the global failure budget; raises ConversationError."""
    if receipt_budget_exhausted():
        raise ConversationError("throttled", "", status=429)
    try:
        return find_conversation(receipt_text=receipt_text)
    except ConversationError:
        count_wrong_receipt()
        raise


# What the employee sees -----------------------------------------------------------------


def deadline_text(conversation: Conversation, *, now: datetime.datetime | None = None) -> str:
    """When a counselor will answer, in Jakarta time, in a sentence."""
    now = now or timezone.now()
    if conversation.status == Conversation.Status.CLOSED:
        return _("Percakapan ini sudah ditutup. Jika Anda menulis lagi, percakapan dibuka kembali.")
    if not conversation.waiting or conversation.deadline is None:
        return _("Konselor sudah membalas. Anda boleh melanjutkan percakapan kapan saja.")
    local = conversation.deadline.astimezone(JAKARTA)
    text = _("Konselor akan membalas paling lambat %(day)s pukul %(time)s.") % {
        "day": dateformat.format(local, "l, j F"),
        "time": dateformat.format(local, "H.i"),
    }
    if conversation.deadline < now:
        text += " " + _(
            "Maaf, balasan kami terlambat. Pesan Anda tetap menunggu dan sedang diprioritaskan."
        )
    return text


def render_thread(entries: list[Entry]) -> str:
    local = [(entry, entry.at.astimezone(JAKARTA) if entry.at else None) for entry in entries]
    return render_to_string("conversations/thread.html", {"entries": local})


def _payload(conversation: Conversation, private_key: bytes, **extra: Any) -> dict[str, Any]:
    entries = read_for_employee(conversation=conversation, private_key=private_key)
    return {
        "html": render_thread(entries),
        "urgent": conversation.urgent,
        "deadline_text": deadline_text(conversation),
        **extra,
    }


def _error(code: str, message: str, *, status: int) -> JsonResponse:
    response = JsonResponse({"error": message, "code": code}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _reply(data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


def _malformed() -> JsonResponse:
    return _error("malformed", _("Format data yang dikirim tidak benar."), status=400)


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body)
    except ValueError:
        raise Malformed from None
    if not isinstance(data, dict):
        raise Malformed
    return data


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise Malformed
    return value


def _is_crisis(text: str) -> bool:
    return bool(text) and detect_crisis(text=text) is not None


# Endpoints ------------------------------------------------------------------------------


@csrf_exempt  # no cookie is read or set: there is no ambient authority to forge
@require_POST
def open_thread(request: HttpRequest) -> HttpResponse:
    try:
        data = _body(request)
        period, bucket = _text(data, "period"), _text(data, "bucket")
        token = base64.b64decode(_text(data, "token"), validate=True)
        text, topic = _text(data, "text"), _text(data, "topic")
    except (Malformed, binascii.Error):
        return _malformed()
    if not (period and bucket and token):
        return _malformed()
    try:
        opened = open_conversation(
            period=period,
            bucket=bucket,
            token=token,
            text=text,
            topic=topic,
            urgent=_is_crisis(text),
        )
        conversation, private = find_conversation(receipt_text=opened.receipt)
    except ConversationError as e:
        return _error(e.code, e.message, status=e.status)
    return _reply(_payload(conversation, private, receipt=boxes.format_receipt(opened.receipt)))


@csrf_exempt  # no cookie is read or set: there is no ambient authority to forge
@require_POST
def read_thread(request: HttpRequest) -> HttpResponse:
    try:
        receipt = _text(_body(request), "receipt")
    except Malformed:
        return _malformed()
    try:
        conversation, private = find_with_receipt(receipt)
    except ConversationError as e:
        return (
            throttled_response()
            if e.code == "throttled"
            else _error(e.code, e.message, status=e.status)
        )
    return _reply(_payload(conversation, private))


@csrf_exempt  # no cookie is read or set: there is no ambient authority to forge
@require_POST
def send_message(request: HttpRequest) -> HttpResponse:
    try:
        data = _body(request)
        receipt, text = _text(data, "receipt"), _text(data, "text")
    except Malformed:
        return _malformed()
    try:
        conversation, private = find_with_receipt(receipt)
        add_employee_message(conversation=conversation, text=text, urgent=_is_crisis(text))
    except ConversationError as e:
        return (
            throttled_response()
            if e.code == "throttled"
            else _error(e.code, e.message, status=e.status)
        )
    conversation.refresh_from_db()
    return _reply(_payload(conversation, private))
