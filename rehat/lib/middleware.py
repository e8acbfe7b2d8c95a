from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import trans_real


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose English (the language cookie).

    Browsers on agency PCs often ask for English by default; that is not a choice the
    person made, so Accept-Language is ignored, except on the anonymous endpoints, where
    no cookie is sent and the page states its language in that header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is None and request.path.startswith("/anon/"):
            chosen = trans_real.get_language_from_request(request)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", chosen)
        return response
