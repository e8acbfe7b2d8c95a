"""Bench-only URLconf: the anonymous URL set plus a trivial insert-one-row endpoint.

Served only by the redemption benchmark's server (REHAT_URLCONF=bench.trivial_urls), never
by the app. POST /bench/insert/ inserts one SpentToken row with a random hash: the same
database, the same middleware and the same request size as a check-in, with none of the
work of verifying, scoring, storing answers and rendering the result.
"""

import os

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rehat.responses.models import SpentToken


@csrf_exempt
@require_POST
def insert_one(request: HttpRequest) -> HttpResponse:
    SpentToken.objects.create(token_hash=os.urandom(32), period="bench-trivial")
    return JsonResponse({"ok": True})


urlpatterns = [
    path("", include("rehat.urls_anonymous")),
    path("bench/insert/", insert_one),
]
