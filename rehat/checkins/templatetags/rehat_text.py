from django import template
from django.utils.translation import get_language

from rehat.instruments.domain.definitions import Text

register = template.Library()


@register.filter
def in_language(text: Text | None) -> str:
    """A bilingual instrument text in the interface language, falling back to the other."""
    if text is None:
        return ""
    if (get_language() or "id").startswith("en"):
        return text.en or text.id or ""
    return text.id or text.en or ""


@register.filter
def options_for(instrument: object, item: object) -> object:
    return instrument.options_for(item)  # type: ignore[attr-defined]
