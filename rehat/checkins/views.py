import base64
import binascii
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.checkins.domain.issuance import IssuanceError, issue_token, token_directory
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
    """GET: this person's key directory. POST: blind-sign one token request."""
    employee = Employee.objects.select_related("unit").get(user=request.user)
    if request.method == "GET":
        return JsonResponse({"periods": [e.to_dict() for e in token_directory(employee=employee)]})
    try:
        body = json.loads(request.body)
        period = str(body["period"])
        purpose = str(body.get("purpose", "checkin"))
        token_request = base64.b64decode(body["token_request"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return JsonResponse({"error": _("Format permintaan tidak benar.")}, status=400)
    try:
        blind_signature = issue_token(
            employee=employee, period_code=period, token_request=token_request, purpose=purpose
        )
    except IssuanceError as e:
        return JsonResponse({"error": e.message}, status=e.status)
    return JsonResponse({"blind_signature": base64.b64encode(blind_signature).decode()})


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
