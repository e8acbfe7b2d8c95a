"""Ruang Dengar, counselor side: second factor, inbox, thread, service table."""

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.checkins.models import Period
from rehat.conversations.domain.threads import (
    ConversationError,
    add_counselor_reply,
    close_conversation,
    read_for_team,
    reopen_conversation,
)
from rehat.conversations.models import Conversation, Message
from rehat.lib import boxes
from rehat.listening.domain import totp
from rehat.listening.domain.casework import add_note, hand_over
from rehat.listening.domain.escalation import MIN_CELL, service_rows
from rehat.listening.forms import (
    CodeForm,
    HandoverForm,
    InboxFilterForm,
    NoteForm,
    ReplyForm,
    seal_secret,
    unseal_secret,
)
from rehat.listening.models import Assignment, Note, TotpDevice
from rehat.listening.permissions import (
    OTP_VERIFIED,
    CounselorRequest,
    counselor_required,
    get_conversation_for_counselor,
)
from rehat.organizations.permissions import COUNSELOR, LEAD_COUNSELOR, role_required

MAX_CODE_FAILURES = 5  # then sign in again (password + code)
PAGE_SIZE = 50
PHRASES = Path(__file__).with_name("phrases.json")


# Second factor ---------------------------------------------------------------------


def _safe_next(request: AuthenticatedHttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("listening:inbox")


@require_http_methods(["GET", "POST"])
@role_required(COUNSELOR)
def code(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up the authenticator app once, then ask for its code at every sign-in."""
    device, _created = TotpDevice.objects.get_or_create(
        user=request.user, defaults={"sealed_secret": seal_secret(totp.new_secret())}
    )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            if not device.confirmed:
                log_action(
                    actor=request.user,
                    action=Entry.Action.CREATE,
                    target=request.user,
                    changes={"second_factor": "confirmed"},
                )
            request.session.pop("otp_failures", None)
            request.session[OTP_VERIFIED] = True
            return redirect(_safe_next(request))
        failures = int(request.session.get("otp_failures", 0)) + 1
        request.session["otp_failures"] = failures
        if failures >= MAX_CODE_FAILURES:
            logout(request)
            messages.error(
                request,
                _("Terlalu banyak kode yang salah. Demi keamanan, silakan masuk lagi."),
            )
            return redirect("accounts:login")
    context: dict[str, object] = {"form": form, "device": device, "next": _safe_next(request)}
    if not device.confirmed:
        secret = unseal_secret(device)
        context["secret_text"] = totp.secret_text(secret)
        uri = totp.provisioning_uri(secret, account=request.user.email or request.user.name)
        context["uri"] = uri
        # Built here from the key alone (digits and letters): markup of our own making.
        context["qr"] = mark_safe(  # noqa: S308
            totp.qr_svg(uri, title=_("Kode QR penyiapan kode kedua Rehat"))
        )
    return render(request, "listening/code.html", context)


# Inbox ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    conversation: Conversation
    holder: User | None
    mine: bool
    overdue: bool


@counselor_required
def inbox(request: CounselorRequest) -> HttpResponse:
    """Open conversations, urgent first, then by deadline. No decrypted text here."""
    show = InboxFilterForm(request.GET).choice()
    conversations = Conversation.objects.defer(
        "receipt_hash", "public_key", "key_salt", "wrapped_private_key"
    )
    if show == "closed":
        conversations = conversations.filter(status=Conversation.Status.CLOSED).order_by(
            "-closed_week", "id"
        )
    else:
        conversations = conversations.filter(status=Conversation.Status.OPEN).order_by(
            "-urgent", F("deadline").asc(nulls_last=True), "id"
        )
    if show == "mine":
        held = list(
            Assignment.objects.filter(counselor=request.user).values_list("conversation", flat=True)
        )
        conversations = conversations.filter(pk__in=held)
    page = Paginator(conversations, PAGE_SIZE).get_page(request.GET.get("page"))
    holders = {
        a.conversation: a.counselor
        for a in Assignment.objects.filter(
            conversation__in=[c.pk for c in page.object_list]
        ).select_related("counselor")
    }
    now = timezone.now()
    rows = [
        InboxRow(
            conversation=c,
            holder=holders.get(c.pk),
            mine=holders.get(c.pk) == request.user,
            overdue=c.waiting and c.deadline is not None and c.deadline < now,
        )
        for c in page.object_list
    ]
    return render(
        request,
        "listening/inbox.html",
        {"rows": rows, "page": page, "show": show, "filters": InboxFilterForm.base_fields},
    )


# Thread -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteEntry:
    author: str
    created: object
    text: str | None  # None: sealed to a team key this session does not hold


@functools.cache
def suggested_phrases() -> list[dict[str, str]]:
    data: dict[str, list[dict[str, str]]] = json.loads(PHRASES.read_text(encoding="utf-8"))
    return data["phrases"]


def _read_notes(conversation: UUID, team: dict[int, bytes]) -> list[NoteEntry]:
    entries = []
    for note in Note.objects.filter(conversation=conversation).select_related("author"):
        private = team.get(note.team_key_version)
        text = None
        if private is not None:
            text = boxes.open_sealed(bytes(note.sealed), private_key=private).decode()
        entries.append(
            NoteEntry(
                author=note.author.name if note.author else _("(konselor yang sudah keluar)"),
                created=note.created,
                text=text,
            )
        )
    return entries


# The model's labels speak to the employee ("Anda"); counselors need other words.
AUTHORS = {
    Message.Author.EMPLOYEE.value: gettext_lazy("Pegawai"),
    Message.Author.COUNSELOR.value: gettext_lazy("Konselor"),
    Message.Author.SYSTEM.value: gettext_lazy("Rehat (otomatis)"),
}


@counselor_required
def thread(request: CounselorRequest, conversation_id: UUID) -> HttpResponse:
    conversation = get_conversation_for_counselor(request, conversation_id)
    try:
        entries = read_for_team(conversation=conversation, team_private_keys=request.keyring.team)
    except ConversationError as error:
        return render(request, "listening/no_keyring.html", {"error": error}, status=error.status)
    notes = _read_notes(conversation.pk, request.keyring.team)
    log_action(
        actor=request.user,
        action=Entry.Action.READ,
        target=conversation,
        changes={"messages": len(entries), "notes": len(notes)},
    )
    holder = (
        Assignment.objects.filter(conversation=conversation.pk).select_related("counselor").first()
    )
    return render(
        request,
        "listening/thread.html",
        {
            "conversation": conversation,
            "entries": [
                {"entry": e, "author": AUTHORS.get(e.author, e.author)}
                for e in entries
                if e.kind != "identity"
            ],
            "identity": [e for e in entries if e.kind == "identity"],
            "notes": notes,
            "holder": holder.counselor if holder else None,
            "reply_form": ReplyForm(),
            "note_form": NoteForm(),
            "handover_form": HandoverForm(me=request.user),
            "phrases": suggested_phrases(),
            "overdue": conversation.waiting
            and conversation.deadline is not None
            and conversation.deadline < timezone.now(),
        },
    )


def _back(conversation: Conversation) -> HttpResponse:
    return redirect("listening:thread", conversation_id=conversation.pk)


@require_POST
@counselor_required
def reply(request: CounselorRequest, conversation_id: UUID) -> HttpResponse:
    conversation = get_conversation_for_counselor(request, conversation_id)
    if conversation.status == Conversation.Status.CLOSED:
        messages.error(
            request, _("Percakapan ini sudah ditutup. Buka kembali dulu untuk membalas.")
        )
        return _back(conversation)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Balasan belum terkirim: tulis balasan terlebih dahulu."))
        return _back(conversation)
    first_at = None
    try:
        if conversation.first_reply_hours is None:
            # The first message's exact time lives only in the ciphertext.
            entries = read_for_team(
                conversation=conversation, team_private_keys=request.keyring.team
            )
            first_at = next((e.at for e in entries if e.author == Message.Author.EMPLOYEE), None)
        add_counselor_reply(
            conversation=conversation, text=form.cleaned_data["text"], first_message_at=first_at
        )
    except ConversationError as error:
        messages.error(request, error.message)
        return _back(conversation)
    _assignment, created = Assignment.objects.get_or_create(
        conversation=conversation.pk, defaults={"counselor": request.user}
    )
    if created:
        log_action(
            actor=request.user,
            action=Entry.Action.CREATE,
            target=conversation,
            changes={"counselor": request.user.name},
        )
    messages.success(
        request, _("Balasan terkirim. Pegawai akan melihatnya dengan kode tanda terimanya.")
    )
    return _back(conversation)


@require_POST
@counselor_required
def close(request: CounselorRequest, conversation_id: UUID) -> HttpResponse:
    conversation = get_conversation_for_counselor(request, conversation_id)
    close_conversation(conversation=conversation, today=timezone.localdate())
    log_action(
        actor=request.user,
        action=Entry.Action.UPDATE,
        target=conversation,
        changes={"status": [conversation.status, Conversation.Status.CLOSED.value]},
    )
    messages.success(request, _("Percakapan ditutup. Pegawai masih bisa menulis lagi bila perlu."))
    return _back(conversation)


@require_POST
@counselor_required
def reopen(request: CounselorRequest, conversation_id: UUID) -> HttpResponse:
    conversation = get_conversation_for_counselor(request, conversation_id)
    reopen_conversation(conversation=conversation)
    log_action(
        actor=request.user,
        action=Entry.Action.UPDATE,
        target=conversation,
        changes={"status": [conversation.status, Conversation.Status.OPEN.value]},
    )
    messages.success(request, _("Percakapan dibuka kembali dan menunggu balasan."))
    return _back(conversation)


@require_POST
@counselor_required
def handover(request: CounselorRequest, conversation_id: UUID) -> HttpResponse:
    conversation = get_conversation_for_counselor(request, conversation_id)
    form = HandoverForm(request.POST, me=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilih rekan konselor yang akan menerima percakapan ini."))
        return _back(conversation)
    assignment = hand_over(
        conversation=conversation.pk, actor=request.user, colleague=form.cleaned_data["counselor"]
    )
    messages.success(
        request,
        _("Percakapan diserahkan kepada %(name)s. Beliau mendapat pemberitahuan lewat surel.")
        % {"name": assignment.counselor.name},
    )
    return _back(conversation)


@require_POST
@counselor_required
def note(request: CounselorRequest, conversation_id: UUID) -> HttpResponse:
    conversation = get_conversation_for_counselor(request, conversation_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Catatan belum tersimpan: tulis catatan terlebih dahulu."))
        return _back(conversation)
    try:
        add_note(conversation=conversation.pk, author=request.user, text=form.cleaned_data["text"])
    except ConversationError as error:
        messages.error(request, error.message)
        return _back(conversation)
    messages.success(request, _("Catatan tersimpan, tersegel untuk tim konselor."))
    return _back(conversation)


# Service table ----------------------------------------------------------------------


@role_required(LEAD_COUNSELOR)
def service(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Aggregates only: no conversation, counselor or text is named here."""
    rows = service_rows(now=timezone.now())
    periods = {p.code: p for p in Period.objects.filter(code__in=[r.period for r in rows])}
    return render(
        request,
        "listening/service.html",
        {
            "rows": [(periods.get(r.period), r) for r in rows],
            "min_cell": MIN_CELL,
        },
    )
