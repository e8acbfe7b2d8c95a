"""Who may enter the counselor side of Ruang Dengar, and how conversations are fetched.

A counselor reads anonymous conversations only when three things hold: they are signed
in with the counselor role, they confirmed a second factor (TOTP) in this session, and
the session carries their key ring (opened with the password at sign-in).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.conversations.models import Conversation
from rehat.listening.domain.keyring import Keyring, load_keyring
from rehat.organizations.permissions import COUNSELOR, has_role

OTP_VERIFIED = "otp_verified"


class CounselorRequest(AuthenticatedHttpRequest):
    """The request type of views behind counselor_required."""

    keyring: Keyring


def otp_verified(request: HttpRequest) -> bool:
    return request.session.get(OTP_VERIFIED) is True


def counselor_required[V: Callable[..., HttpResponse]](view: V) -> V:
    """Signed in (else sign-in), counselor (else 403), second factor confirmed in this
    session (else the code page), key ring open (else a page that explains why)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.user, COUNSELOR):
            raise PermissionDenied
        if not otp_verified(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('listening:code')}?{query}")
        keyring = load_keyring(request=request)
        if keyring is None:
            return render(request, "listening/no_keyring.html", status=403)
        request.keyring = keyring  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]


def get_conversation_for_counselor(
    request: CounselorRequest, conversation_id: UUID
) -> Conversation:
    """Every counselor of the team may open every conversation (hand-overs, cover);
    the decorator has already checked role, second factor and key ring."""
    if not has_role(request.user, COUNSELOR):
        raise PermissionDenied
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404
    return conversation
