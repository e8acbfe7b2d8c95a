"""The vault page. It holds no data: vault.js fetches ciphertext and decrypts it."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.instruments.domain import Band, get_instrument
from rehat.instruments.domain.definitions import format_number
from rehat.organizations.models import Employee
from rehat.organizations.permissions import EMPLOYEE, role_required
from rehat.responses.phrases import MEANINGS, SUBSCALE_NAMES, friendly_title
from rehat.vault import domain

# The check-in instruments a person may save, in the order their charts appear.
CHARTED = ("who5", "single-item-burnout", "phq9", "gad7", "cbi")


def _label(band: Band) -> str:
    text = band.label
    if (get_language() or "id").startswith("en"):
        return text.en or text.id or ""
    return text.id or text.en or ""


def band_legends() -> dict[str, dict[str, Any]]:
    """Per instrument: its scale and bands with plain meanings, for the chart in vault.js."""
    legends = {}
    for instrument_id in CHARTED:
        instrument = get_instrument(instrument_id=instrument_id)
        if instrument.band_basis == "percentage":
            low, high, unit = 0.0, 100.0, "%"
        else:
            lowest, highest = instrument.score_range
            low, high, unit = float(lowest), float(highest), ""
        bands = []
        for band in instrument.bands:
            level, meaning = MEANINGS.get((instrument_id, band.label_en), ("watch", ""))
            bands.append(
                {
                    "key": band.label_en,
                    "label": _label(band),
                    "low": float(band.low),
                    "high": float(band.high),
                    "range": f"{format_number(band.low)}–{format_number(band.high)}{unit}",
                    "level": level,
                    "meaning": str(meaning),
                }
            )
        legends[instrument_id] = {
            "title": friendly_title(instrument_id),
            "low": low,
            "high": high,
            "unit": unit,
            "parts": {name: str(label) for name, label in SUBSCALE_NAMES.items()}
            if instrument.subscales
            else {},
            "bands": bands,
        }
    return legends


# Five faces, heaviest first; the number is what the ciphertext stores.
MOODS = [
    (1, "😞", _("sangat berat")),
    (2, "🙁", _("berat")),
    (3, "😐", _("biasa saja")),
    (4, "🙂", _("baik")),
    (5, "😄", _("sangat baik")),
]
# Stored by key (Indonesian), shown in the interface language.
TAGS = [
    ("beban kerja", _("beban kerja")),
    ("tidur", _("tidur")),
    ("keluarga", _("keluarga")),
    ("atasan", _("atasan")),
    ("rekan kerja", _("rekan kerja")),
    ("kesehatan", _("kesehatan")),
    ("keuangan", _("keuangan")),
]


@never_cache
@role_required(EMPLOYEE)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "legends": band_legends(),
        "iterations": domain.required_iterations(),
        "idle_seconds": domain.idle_seconds(),
        "moods": MOODS,
        "tags": TAGS,
    }
    return render(request, "vault/home.html", context)


@never_cache
@role_required(EMPLOYEE)
def offer(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "simpan ke brankas saya" box that vault.js puts under a check-in result."""
    has_vault = domain.get_vault(employee=Employee.objects.get(user=request.user)) is not None
    return render(request, "vault/offer.html", {"has_vault": has_vault})
