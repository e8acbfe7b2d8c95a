# Import views: being written (upload, dry-run review, apply, templates).
from django.http import HttpRequest, HttpResponse


def import_start(request: HttpRequest, kind: str) -> HttpResponse:
    raise NotImplementedError


def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    raise NotImplementedError


def import_review(request: HttpRequest, code: str) -> HttpResponse:
    raise NotImplementedError


def import_apply(request: HttpRequest, code: str) -> HttpResponse:
    raise NotImplementedError
