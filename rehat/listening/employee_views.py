"""Ruang Dengar, the employee's pages (identity side).

The page itself is served to a signed-in employee, but everything written in it goes
from the browser straight to the anonymous endpoints (rehat/conversations/views.py)
without cookies. The one exception is `reveal_identity`: the employee asks, for one
conversation, to tell the counselor who they are. That deliberately links them, so it
needs the session, a CSRF token, the receipt and an explicit confirmation.
"""

from typing import Any

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.conversations.domain.threads import (
    MAX_TEXT,
    ConversationError,
    add_employee_message,
    read_for_employee,
)
from rehat.conversations.models import Conversation
from rehat.conversations.views import deadline_text, find_with_receipt, render_thread
from rehat.instruments.domain import crisis_resources
from rehat.organizations.models import Employee
from rehat.organizations.permissions import EMPLOYEE, role_required

_RECEIPT_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "inputmode": "text",
}


class OpenForm(forms.Form):
    """Rendered here, submitted by listening.js to the anonymous endpoint."""

    text = forms.CharField(
        label=gettext_lazy("Ingin bercerita lebih banyak? (boleh dikosongkan)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    topic = forms.ChoiceField(
        label=gettext_lazy("Topik (boleh tidak dipilih)"),
        required=False,
        choices=[("", gettext_lazy("— tidak memilih —")), *Conversation.Topic.choices],
    )


class ReturnForm(forms.Form):
    receipt = forms.CharField(
        label=gettext_lazy("Kode tanda terima"),
        max_length=60,
        widget=forms.TextInput(attrs={**_RECEIPT_ATTRS, "placeholder": "XXXXX-XXXXX-…"}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Balas atau lanjutkan cerita Anda"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class IdentityForm(forms.Form):
    receipt = forms.CharField(
        label=gettext_lazy("Kode tanda terima percakapan ini"),
        max_length=60,
        widget=forms.TextInput(attrs=_RECEIPT_ATTRS),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Saya mengerti: konselor akan mengetahui nama, NIP, unit kerja, dan email saya "
            "untuk percakapan ini, dan ini tidak bisa dibatalkan."
        ),
    )


def identity_text(employee: Employee) -> str:
    """What the counselor receives when an employee reveals themselves."""
    lines = [
        _("Saya ingin membuka identitas saya kepada konselor untuk percakapan ini."),
        _("Nama: %(value)s") % {"value": employee.user.name},
        _("NIP / NI PPPK: %(value)s") % {"value": employee.nip},
        _("Unit kerja: %(value)s") % {"value": employee.unit.name},
        _("Email: %(value)s") % {"value": employee.user.email or "—"},
    ]
    return "\n".join(lines)


def _employee(request: AuthenticatedHttpRequest) -> Employee:
    return Employee.objects.select_related("user", "unit").get(user=request.user)


def _page(request: AuthenticatedHttpRequest, **context: Any) -> dict[str, Any]:
    return {
        "open_form": OpenForm(auto_id="open_%s"),
        "return_form": ReturnForm(auto_id="return_%s"),
        "reply_form": ReplyForm(auto_id="reply_%s"),
        "identity_form": IdentityForm(auto_id="identity_%s"),
        "identity_preview": identity_text(_employee(request)),
        "crisis_resources": crisis_resources(),
        **context,
    }


@never_cache
@role_required(EMPLOYEE)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "listening/employee/home.html", _page(request))


@never_cache
@require_POST
@role_required(EMPLOYEE)
def reveal_identity(request: AuthenticatedHttpRequest) -> HttpResponse:
    wants_json = request.headers.get("Accept") == "application/json"
    form = IdentityForm(request.POST, auto_id="identity_%s")
    error, status = "", 400
    if form.is_valid():
        try:
            conversation, private = find_with_receipt(form.cleaned_data["receipt"])
            add_employee_message(
                conversation=conversation, text=identity_text(_employee(request)), kind="identity"
            )
        except ConversationError as e:
            error, status = e.message, e.status
            if e.code == "throttled":
                error = _("Terlalu banyak kode yang salah dicoba. Tunggu satu menit.")
        else:
            # Deliberately no audit entry: it would record on the identity side, for HR
            # and admins to read, that this person uses Ruang Dengar.
            conversation.refresh_from_db()
            entries = read_for_employee(conversation=conversation, private_key=private)
            data = {
                "html": render_thread(entries),
                "urgent": conversation.urgent,
                "deadline_text": deadline_text(conversation),
            }
            if wants_json:
                return JsonResponse(data)
            return render(request, "listening/employee/identity_done.html", data)
    else:
        error = _("Centang pernyataan persetujuan dan isi kode tanda terima.")
    if wants_json:
        return JsonResponse({"error": error}, status=status)
    context = _page(request, identity_form=form, identity_error=error)
    return render(request, "listening/employee/home.html", context, status=status)
