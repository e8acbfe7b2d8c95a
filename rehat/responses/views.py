"""Anonymous endpoints. They read no cookie, write no log line and keep no time.

The browser posts with `credentials: "omit"`; nothing here touches the session, the
user or the identity database.
"""

import base64
import binascii
import json
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from rehat.responses.domain import RedemptionError, key_directory, redeem
from rehat.responses.phrases import explain, summarize_scores


@require_GET
def keys(request: HttpRequest) -> HttpResponse:
    response = JsonResponse({"keys": key_directory()})
    response["Cache-Control"] = "no-store"
    return response


def _parse(body: bytes) -> dict[str, Any]:
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError
    answers = data.get("answers")
    if not isinstance(answers, dict) or not all(
        isinstance(v, list) and all(isinstance(x, int) for x in v) for v in answers.values()
    ):
        raise ValueError
    return {
        "period": str(data["period"]),
        "bucket": str(data["bucket"]),
        "token": base64.b64decode(str(data["token"]), validate=True),
        "answers": answers,
        "help": str(data.get("help", "")),
    }


@csrf_exempt  # no cookie is read or set: there is no ambient authority to forge
@require_POST
def redeem_checkin(request: HttpRequest) -> HttpResponse:
    try:
        fields = _parse(request.body)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return JsonResponse(
            {"error": _("Format data yang dikirim tidak benar."), "code": "malformed"}, status=400
        )
    try:
        result = redeem(**fields)
    except RedemptionError as e:
        return JsonResponse({"error": e.message, "code": e.code}, status=e.status)
    lines = tuple(
        (line.title, line.level, line.meaning) for score in result.scores for line in explain(score)
    )
    html = _result_html(get_language(), lines, result.safety)
    return JsonResponse(
        {"safety": result.safety, "html": html, "scores": summarize_scores(result.scores)}
    )


@lru_cache(maxsize=1024)
def _result_html(language: str, lines: tuple[tuple[str, str, str], ...], safety: bool) -> str:
    """The result block; only a few hundred distinct ones exist (bands × language), so
    each process renders each once."""
    context = {
        "lines": [{"title": t, "level": level, "meaning": m} for t, level, m in lines],
        "safety": safety,
    }
    return render_to_string("responses/result.html", context)
