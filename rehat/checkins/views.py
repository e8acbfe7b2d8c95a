import base64
import binascii
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.checkins.domain.issuance import (
    Holder,
    IssuanceError,
    TokenRequest,
    issue_tokens,
    token_directory,
)
from rehat.checkins.models import Period, TokenKey
from rehat.instruments.domain import crisis_resources, get_instrument
from rehat.lib.sealing import fingerprint
from rehat.organizations.models import Employee
from rehat.organizations.permissions import EMPLOYEE, role_required
from rehat.responses.domain import instruments_for
from rehat.responses.models import Submission
from rehat.responses.phrases import friendly_title


@role_required(EMPLOYEE)
def checkin(request: AuthenticatedHttpRequest) -> HttpResponse:
    periods = list(Period.objects.filter(status=Period.Status.OPEN).order_by("kind"))
    sections = []
    for period in periods:
        names = instruments_for(period.kind)
        sections.append(
            {
                "period": period,
                "instruments": [
                    (get_instrument(instrument_id=name), friendly_title(name)) for name in names
                ],
                "optional": period.kind == Period.Kind.SCREENING,
            }
        )
    return render(
        request,
        "checkins/checkin.html",
        {
            "sections": sections,
            "help_choices": Submission.Help.choices,
            "crisis_resources": crisis_resources(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(EMPLOYEE)
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: this person's key directory. POST: blind-sign token requests, one
    (`{period, purpose, token_request}`) or all of a visit at once (`{requests: [...]}`)."""
    try:
        holder = Holder.of_user(request.user.pk)
    except Employee.DoesNotExist:
        return JsonResponse({"error": _("Akun ini tidak terhubung ke data pegawai.")}, status=403)
    if request.method == "GET":
        return JsonResponse({"periods": [e.to_dict() for e in token_directory(employee=holder)]})
    try:
        body = json.loads(request.body)
        many = isinstance(body, dict) and "requests" in body
        items = body["requests"] if many else [body]
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_REQUESTS:
            raise ValueError
        requests = [
            TokenRequest(
                period=str(item["period"]),
                purpose=str(item.get("purpose", "checkin")),
                token_request=base64.b64decode(item["token_request"], validate=True),
            )
            for item in items
        ]
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        return JsonResponse({"error": _("Format permintaan tidak benar.")}, status=400)
    try:
        signatures = issue_tokens(holder=holder, requests=requests)
    except IssuanceError as e:
        return JsonResponse({"error": e.message}, status=e.status)
    encoded = [base64.b64encode(signature).decode() for signature in signatures]
    if many:
        return JsonResponse({"blind_signatures": encoded})
    return JsonResponse({"blind_signature": encoded[0]})


# A visit asks for at most a few tokens per open period (check-in, voice tokens).
MAX_REQUESTS = 16


def privacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "checkins/privacy.html")


def keys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Published key fingerprints of every open period, for anyone to compare."""
    rows = (
        TokenKey.objects.filter(period__status=Period.Status.OPEN)
        .select_related("period")
        .order_by("period__code", "bucket", "purpose")
    )
    entries = [
        {
            "period": key.period.code,
            "bucket": key.bucket,
            "purpose": key.get_purpose_display(),
            "size": key.size,
            "fingerprint": fingerprint(bytes(key.spki)),
        }
        for key in rows
    ]
    return render(request, "checkins/keys.html", {"entries": entries})
