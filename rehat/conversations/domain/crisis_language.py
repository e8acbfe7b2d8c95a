"""Crisis language in Ruang Dengar messages, found in memory before the text is encrypted.

The words live in `rehat/conversations/lexicon/crisis.json`, which also describes the
normalisation steps. This module only applies them: it keeps no text, and a match
names the lexicon entry (`"id:ingin mati"`), never what the employee wrote. Pure
Python, no Django, so it can run anywhere the message is still plaintext.
"""

import functools
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

LEXICON_PACKAGE = "rehat.conversations"
LEXICON_FILE = "lexicon/crisis.json"
MAX_GAP_LIMIT = 5

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`\u00b4]")
_WORD = re.compile(r"[a-z0-9@$]+")
_REPEATS = re.compile(r"([a-z])\1+")
_REDUPLICATION = re.compile(r"([a-z]+)2([a-z]*)")
_NOT_LETTER = re.compile(r"[0-9@$]")
_LETTER = re.compile(r"[a-z]")
_DIGITS = re.compile(r"[0-9]+")
_LEXICON_WORD = re.compile(r"[a-z]+")
_GROUP = re.compile(r"\{([a-z_]+)\}")


class LexiconError(ValueError):
    """The lexicon file is malformed; names the file and the field."""

    def __init__(self, *, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(f"{file}, field '{field}': {problem}")


@dataclass(frozen=True)
class CrisisMatch:
    """Why a message counts as crisis language. Holds lexicon data only, never the text."""

    category: str
    key: str


@dataclass(frozen=True)
class Pattern:
    key: str
    category: str
    slots: tuple[frozenset[str], ...]
    max_gap: int
    weight: int = 0
    always: bool = False


@dataclass(frozen=True, eq=False)
class Lexicon:
    file: str
    threshold: int
    categories: frozenset[str]
    leet: Mapping[int, str]
    suffixes: tuple[str, ...]
    keep: frozenset[str]
    aliases: Mapping[str, tuple[str, ...]]
    vocabulary: frozenset[str]
    positives: Mapping[str, tuple[Pattern, ...]]
    exceptions: Mapping[str, tuple[Pattern, ...]]


def detect_crisis(*, text: str, lexicon: Lexicon | None = None) -> CrisisMatch | None:
    """The first "always" entry found, else the heaviest weighted entry once the weights of
    the different entries found reach the threshold; None when the text reads as safe."""
    lexicon = shipped_lexicon() if lexicon is None else lexicon
    tokens = normalise_text(text=text, lexicon=lexicon)
    blocked: set[int] = set()
    for _, positions in _scan(tokens, lexicon.exceptions, frozenset()):
        blocked.update(positions)
    total = 0
    best: Pattern | None = None
    counted: set[str] = set()
    used: set[int] = set()
    for pattern, positions in _scan(tokens, lexicon.positives, blocked):
        if pattern.always:
            return CrisisMatch(category=pattern.category, key=pattern.key)
        # Overlapping entries ("selamat tinggal", "selamat tinggal semuanya") count once.
        if pattern.key in counted or used.intersection(positions):
            continue
        counted.add(pattern.key)
        used.update(positions)
        total += pattern.weight
        if best is None or pattern.weight > best.weight:
            best = pattern
    if best is not None and total >= lexicon.threshold:
        return CrisisMatch(category=best.category, key=best.key)
    return None


def normalise_text(*, text: str, lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """The words of `text` as the lexicon sees them (the steps are described in the file)."""
    lexicon = shipped_lexicon() if lexicon is None else lexicon
    folded = _REPEATS.sub(r"\1", _fold(text))
    respell = _NOT_LETTER.search(folded) is not None
    # Messages repeat their words, so each distinct word is normalised once. The memo lives
    # for this call only: a cache across calls would keep message words in memory.
    seen: dict[str, tuple[str, ...]] = {}
    tokens: list[str] = []
    for raw in _WORD.findall(folded):
        if (words := seen.get(raw)) is None:
            if respell and not raw.isalpha():
                spelled = _respell(raw, lexicon.leet)
                words = tuple(t for word in spelled for t in _canonical(word, lexicon))
            else:
                words = _canonical(raw, lexicon)
            seen[raw] = words
        tokens.extend(words)
    return tuple(tokens)


@functools.cache
def shipped_lexicon() -> Lexicon:
    path = resources.files(LEXICON_PACKAGE).joinpath(LEXICON_FILE)
    return parse_lexicon(data=_read_json(path, LEXICON_FILE), file=LEXICON_FILE)


def load_lexicon(*, path: Path) -> Lexicon:
    return parse_lexicon(data=_read_json(path, str(path)), file=str(path))


# Normalisation


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", text)


def _respell(raw: str, leet: Mapping[int, str]) -> list[str]:
    """Undo reduplication digits ("mati2an") and leetspeak ("m4ti") in one raw word."""
    if not _LETTER.search(raw):
        return [raw] if _DIGITS.fullmatch(raw) else []
    words = [raw]
    if redup := _REDUPLICATION.fullmatch(raw):
        stem, suffix = redup.groups()
        words = [stem, stem + suffix]
    return [_REPEATS.sub(r"\1", word.translate(leet)) for word in words]


def _canonical(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    if expansion := lexicon.aliases.get(word):
        return expansion
    if word in lexicon.vocabulary or word in lexicon.keep or not word.endswith(lexicon.suffixes):
        return (word,)
    for suffix in lexicon.suffixes:
        stem = word.removesuffix(suffix)
        if stem != word and len(stem) >= 2:
            if expansion := lexicon.aliases.get(stem):
                return expansion
            if stem in lexicon.vocabulary:
                return (stem,)
    return (word,)


# Matching


def _scan(
    tokens: Sequence[str],
    index: Mapping[str, tuple[Pattern, ...]],
    blocked: set[int] | frozenset[int],
) -> Iterator[tuple[Pattern, tuple[int, ...]]]:
    """Every pattern that matches, in text order, with the positions of its words."""
    present = frozenset(tokens)
    # Only patterns whose every slot occurs somewhere in the text can match: this keeps a
    # long message that repeats a common first word ("aku aku ...") cheap.
    viable = {
        first: found
        for first in present.intersection(index)
        if (found := tuple(p for p in index[first] if _all_present(p, present)))
    }
    for start, token in enumerate(tokens):
        if start in blocked or token not in viable:
            continue
        for pattern in viable[token]:
            rest = _extend(tokens, blocked, pattern, 1, start)
            if rest is not None:
                yield pattern, (start, *rest)


def _all_present(pattern: Pattern, present: frozenset[str]) -> bool:
    return all(not slot.isdisjoint(present) for slot in pattern.slots[1:])


def _extend(
    tokens: Sequence[str],
    blocked: set[int] | frozenset[int],
    pattern: Pattern,
    slot: int,
    previous: int,
) -> tuple[int, ...] | None:
    if slot == len(pattern.slots):
        return ()
    stop = min(previous + 2 + pattern.max_gap, len(tokens))
    for position in range(previous + 1, stop):
        if position not in blocked and tokens[position] in pattern.slots[slot]:
            rest = _extend(tokens, blocked, pattern, slot + 1, position)
            if rest is not None:
                return (position, *rest)
    return None


# Loading and validation


def _read_json(path: Any, file: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(file=file, field="", problem=str(e)) from None
    except json.JSONDecodeError as e:
        raise LexiconError(
            file=file, field="", problem=f"invalid JSON at line {e.lineno}: {e.msg}"
        ) from None


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, field: str, problem: str) -> NoReturn:
        raise LexiconError(file=self.file, field=field, problem=problem)

    def obj(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(field, "must be an object")
        return value

    def get(self, parent: dict[str, Any], key: str, field: str) -> Any:
        if key not in parent:
            self.fail(_join(field, key), "is required")
        return parent[key]

    def integer(self, value: Any, field: str, *, low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(field, f"must be an integer from {low} to {high}")
        return value

    def text(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be a non-empty string")
        return value

    def texts(self, value: Any, field: str) -> list[str]:
        if not isinstance(value, list) or not value:
            self.fail(field, "must be a non-empty list of strings")
        return [self.text(item, f"{field}[{n}]") for n, item in enumerate(value)]

    def entries(self, value: Any, field: str) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            self.fail(field, "must be a list of objects")
        return [self.obj(item, f"{field}[{n}]") for n, item in enumerate(value)]


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def parse_lexicon(*, data: Any, file: str) -> Lexicon:
    r = _Reader(file)
    root = r.obj(data, "")
    threshold = r.integer(r.get(root, "threshold", ""), "threshold", low=1, high=100)
    max_gap = r.integer(r.get(root, "max_gap", ""), "max_gap", low=0, high=MAX_GAP_LIMIT)
    categories = frozenset(r.obj(r.get(root, "categories", ""), "categories"))
    if not categories:
        r.fail("categories", "must name at least one category")
    norm = r.obj(r.get(root, "normalisation", ""), "normalisation")
    leet = _parse_leet(r, r.get(norm, "leet", "normalisation"))
    suffixes = tuple(
        _lexicon_word(r, s, f"normalisation.suffixes[{n}]")
        for n, s in enumerate(r.texts(r.get(norm, "suffixes", "normalisation"), "suffixes"))
    )
    keep = frozenset(
        _lexicon_word(r, s, f"normalisation.keep[{n}]")
        for n, s in enumerate(r.texts(r.get(norm, "keep", "normalisation"), "keep"))
    )
    aliases = _parse_aliases(r, r.get(norm, "aliases", "normalisation"))
    words = _Words(r, aliases, _parse_groups(r, r.get(root, "groups", ""), aliases))
    phrases = r.obj(r.get(root, "phrases", ""), "phrases")
    exceptions = r.obj(r.get(root, "exceptions", ""), "exceptions")
    positives: list[Pattern] = []
    negatives: list[Pattern] = []
    for language in ("id", "en"):
        where = f"phrases.{language}"
        for n, entry in enumerate(r.entries(r.get(phrases, language, "phrases"), where)):
            field = f"{where}[{n}]"
            positives.append(_parse_positive(words, entry, field, language, max_gap, categories))
        where = f"exceptions.{language}"
        for n, entry in enumerate(r.entries(r.get(exceptions, language, "exceptions"), where)):
            negatives.append(_parse_exception(words, entry, f"{where}[{n}]", language))
    vocabulary = frozenset(
        word for pattern in (*positives, *negatives) for slot in pattern.slots for word in slot
    ) | frozenset(word for expansion in aliases.values() for word in expansion)
    return Lexicon(
        file=file,
        threshold=threshold,
        categories=categories,
        leet=leet,
        suffixes=suffixes,
        keep=keep,
        aliases=aliases,
        vocabulary=vocabulary,
        positives=_index(positives),
        exceptions=_index(negatives),
    )


@dataclass(frozen=True)
class _Words:
    """Turns a phrase of the file into slots, with the file's aliases and groups."""

    r: _Reader
    aliases: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, frozenset[str]]

    def slots(self, phrase: str, field: str) -> tuple[frozenset[str], ...]:
        slots: list[frozenset[str]] = []
        for word in phrase.split():
            if group := _GROUP.fullmatch(word):
                if group[1] not in self.groups:
                    self.r.fail(field, f"unknown group {{{group[1]}}}")
                slots.append(self.groups[group[1]])
                continue
            alternatives = [_fold_word(self.r, alt, field, self.aliases) for alt in word.split("|")]
            if len(alternatives) == 1:
                slots.extend(frozenset({token}) for token in alternatives[0])
            elif any(len(alt) != 1 for alt in alternatives):
                self.r.fail(field, f"each alternative in '{word}' must stay one word")
            else:
                slots.append(frozenset(alt[0] for alt in alternatives))
        if not slots:
            self.r.fail(field, "must contain at least one word")
        return tuple(slots)


def _parse_positive(
    words: _Words,
    entry: dict[str, Any],
    field: str,
    language: str,
    max_gap: int,
    categories: frozenset[str],
) -> Pattern:
    r = words.r
    phrase = r.text(r.get(entry, "phrase", field), f"{field}.phrase")
    category = r.text(r.get(entry, "category", field), f"{field}.category")
    if category not in categories:
        r.fail(f"{field}.category", f"unknown category '{category}'")
    always = entry.get("always", False)
    if always is not True and always is not False:
        r.fail(f"{field}.always", "must be true or false")
    if always and "weight" in entry:
        r.fail(f"{field}.weight", "must be absent when always is true")
    weight = 0
    if not always:
        if "weight" not in entry:
            r.fail(f"{field}.weight", "is required unless always is true")
        weight = r.integer(entry["weight"], f"{field}.weight", low=1, high=100)
    return Pattern(
        key=f"{language}:{' '.join(phrase.split())}",
        category=category,
        slots=words.slots(phrase, f"{field}.phrase"),
        max_gap=r.integer(
            entry.get("max_gap", max_gap), f"{field}.max_gap", low=0, high=MAX_GAP_LIMIT
        ),
        weight=weight,
        always=always,
    )


def _parse_exception(words: _Words, entry: dict[str, Any], field: str, language: str) -> Pattern:
    r = words.r
    phrase = r.text(r.get(entry, "phrase", field), f"{field}.phrase")
    return Pattern(
        key=f"{language}:{' '.join(phrase.split())}",
        category="",
        slots=words.slots(phrase, f"{field}.phrase"),
        max_gap=r.integer(entry.get("max_gap", 0), f"{field}.max_gap", low=0, high=MAX_GAP_LIMIT),
    )


def _parse_leet(r: _Reader, value: Any) -> dict[int, str]:
    field = "normalisation.leet"
    table: dict[int, str] = {}
    for char, letter in r.obj(value, field).items():
        if len(char) != 1 or not _NOT_LETTER.fullmatch(char):
            r.fail(f"{field}.{char}", "keys must be one digit, '@' or '$'")
        if not isinstance(letter, str) or not re.fullmatch(r"[a-z]", letter):
            r.fail(f"{field}.{char}", "must be one letter a-z")
        table[ord(char)] = letter
    return table


def _parse_aliases(r: _Reader, value: Any) -> dict[str, tuple[str, ...]]:
    field = "normalisation.aliases"
    aliases: dict[str, tuple[str, ...]] = {}
    for canonical, variants in r.obj(value, field).items():
        where = f"{field}.{canonical}"
        words = canonical.split()
        if not words:
            r.fail(where, "the canonical form must not be empty")
        expansion = tuple(_lexicon_word(r, word, where) for word in words)
        for n, variant in enumerate(r.texts(variants, where)):
            key = _lexicon_word(r, variant, f"{where}[{n}]")
            if key in aliases and aliases[key] != expansion:
                r.fail(f"{where}[{n}]", f"'{variant}' is already an alias of another word")
            if expansion != (key,):
                aliases[key] = expansion
    return aliases


def _parse_groups(
    r: _Reader, value: Any, aliases: Mapping[str, tuple[str, ...]]
) -> dict[str, frozenset[str]]:
    groups: dict[str, frozenset[str]] = {}
    for name, words in r.obj(value, "groups").items():
        where = f"groups.{name}"
        if not re.fullmatch(r"[a-z_]+", name):
            r.fail(where, "group names use a-z and '_' only")
        tokens = set()
        for n, word in enumerate(r.texts(words, where)):
            folded = _fold_word(r, word, f"{where}[{n}]", aliases)
            if len(folded) != 1:
                r.fail(f"{where}[{n}]", f"'{word}' must be one word")
            tokens.add(folded[0])
        groups[name] = frozenset(tokens)
    return groups


def _lexicon_word(r: _Reader, word: str, field: str) -> str:
    folded = _REPEATS.sub(r"\1", _fold(word))
    if not _LEXICON_WORD.fullmatch(folded):
        r.fail(field, f"'{word}' must be one word of letters a-z")
    return folded


def _fold_word(
    r: _Reader, word: str, field: str, aliases: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    token = _lexicon_word(r, word, field)
    return aliases.get(token, (token,))


def _index(patterns: list[Pattern]) -> dict[str, tuple[Pattern, ...]]:
    index: dict[str, list[Pattern]] = {}
    for pattern in patterns:
        for first in sorted(pattern.slots[0]):
            index.setdefault(first, []).append(pattern)
    return {first: tuple(found) for first, found in index.items()}
