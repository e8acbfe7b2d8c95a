"""Instruments: definitions as data, exact scoring, safety rules, crisis resources.

Later features import from here:

    from rehat.instruments.domain import get_instrument, score_answers, crisis_resources
"""

from rehat.instruments.domain.crisis import CrisisResource, crisis_resources
from rehat.instruments.domain.definitions import (
    Band,
    DefinitionError,
    Instrument,
    Item,
    Option,
    Text,
    UnknownInstrument,
)
from rehat.instruments.domain.registry import (
    get_instrument,
    list_instruments,
    load_instruments,
    withheld_instruments,
)
from rehat.instruments.domain.scoring import (
    SAFETY,
    AnswerError,
    Score,
    check_answers,
    describe_scoring,
    find_band,
    parse_answers,
    reverse_answers,
    score_answers,
)

__all__ = [
    "SAFETY",
    "AnswerError",
    "Band",
    "CrisisResource",
    "DefinitionError",
    "Instrument",
    "Item",
    "Option",
    "Score",
    "Text",
    "UnknownInstrument",
    "check_answers",
    "crisis_resources",
    "describe_scoring",
    "find_band",
    "get_instrument",
    "list_instruments",
    "load_instruments",
    "parse_answers",
    "reverse_answers",
    "score_answers",
    "withheld_instruments",
]
