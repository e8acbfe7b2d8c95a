"""`rehat check` (and every runserver/migrate) loads the definitions and the agency files.

A malformed definition, text override or crisis-resources file is reported with its
file and field before anyone is scored with it.
"""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from rehat.instruments.domain.crisis import load_crisis_config
from rehat.instruments.domain.definitions import DefinitionError
from rehat.instruments.domain.registry import configured_overrides_dir, load_instruments


@register()
def check_instrument_definitions(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    folder = configured_overrides_dir()
    try:
        load_instruments(overrides_dir=folder)
        load_crisis_config(folder=folder)
    except DefinitionError as e:
        return [Error(str(e), id="instruments.E001")]
    return []
