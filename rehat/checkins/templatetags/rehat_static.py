import base64
import hashlib
from functools import cache

from django import template
from django.contrib.staticfiles import finders

register = template.Library()


@cache
def _digest(path: str) -> str:
    found = finders.find(path)
    if not found or isinstance(found, list):
        raise ValueError(f"static file not found: {path}")
    with open(found, "rb") as f:
        return "sha384-" + base64.b64encode(hashlib.sha384(f.read()).digest()).decode()


@register.simple_tag
def sri(path: str) -> str:
    """Subresource-integrity hash of a vendored static file."""
    return _digest(path)
