from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rehat.instruments.domain import (
    UnknownInstrument,
    crisis_resources,
    describe_scoring,
    get_instrument,
    list_instruments,
    withheld_instruments,
)
from rehat.organizations.permissions import COUNSELOR, HR, role_required


@role_required(HR, COUNSELOR)
def instrument_list(request: HttpRequest) -> HttpResponse:
    context = {"instruments": list_instruments(), "withheld": withheld_instruments()}
    return render(request, "instruments/instrument_list.html", context)


@role_required(HR, COUNSELOR)
def instrument_detail(request: HttpRequest, instrument_id: str) -> HttpResponse:
    try:
        instrument = get_instrument(instrument_id=instrument_id)
    except UnknownInstrument:
        raise Http404 from None
    context = {
        "instrument": instrument,
        "scoring_rules": describe_scoring(instrument=instrument),
        "crisis_resources": crisis_resources() if instrument.has_safety_rule else None,
    }
    return render(request, "instruments/instrument_detail.html", context)
