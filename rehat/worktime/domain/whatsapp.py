"""Streaming reader of WhatsApp chat exports (.txt, or a .zip holding one), Android and iOS.

One pass over the text, a few MiB at a time. A chunk is cut into entries (a header line
plus its continuation lines) by one compiled pattern; each entry comes out as its raw date
string, a "key" (time, clock marker, end of header and author, e.g. "19.45 - Budi: ") and
its body. Keys repeat (a few thousand per file), so one dictionary look-up per entry gives
the packed value (second of the day and author number); the values of a run of equal
dates go into that date's array in one slice. Message text is looked at once, in memory,
for the short-notice words, and then dropped; author names become salted pseudonyms
before anything leaves this module.

The date order (day or month first, or year first) is decided at the end from the distinct
dates, and the rule that decided is reported; when the file cannot decide, the result says
it is ambiguous (see `decide_date_order`). Format notes: docs/worktime.md.
"""

import bisect
import codecs
import contextlib
import datetime
import functools
import gc
import hashlib
import hmac
import io
import itertools
import json
import operator
import re
import zipfile
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO, Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

DateOrder = Literal["dmy", "mdy", "ymd"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy", "ymd")
# Characters per read: small enough that the strings cut from one chunk stay in the
# processor's caches (measured: 32 Ki characters reads a chat a third faster than 4 Mi).
CHUNK = 1 << 15
# A message is packed as second_of_day << AUTHOR_BITS | author: it sorts by time, and
# one shift gives the second of the day. 17 bits of seconds and 13 of author keep every
# packed value, and every difference of two in one day, below 2**30: CPython keeps such
# ints in one machine word ("compact"), and compares, subtracts, masks and hashes them on
# a fast path (measured: about 4 % of the whole analysis of a million-line chat).
AUTHOR_BITS = 13
AUTHOR_MASK = (1 << AUTHOR_BITS) - 1
# At most 2**12 = 4,096 people writing in one export (a WhatsApp group holds at most 1,024
# members at a time): the metrics rely on author differences fitting in 13 signed bits
# (see metrics._Replies). A file with more is refused with a clear message.
MAX_AUTHORS = 1 << (AUTHOR_BITS - 1)
REQUEST_FROM = 15 * 3600  # short-notice requests are sent at or after 15.00
KEY_CACHE_LIMIT = 200_000  # distinct header keys remembered (bounded memory)

_INV = "\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_SP = "[ \u00a0\u202f]"
# Between date and time: a Buddhist-era "BE", a comma (Latin or Arabic), a space, and the
# French "à", the Finnish "klo" or the " - " of WhatsApp Viewer dumps.
_GAP = rf"(?:{_SP}?BE)?[,\u060c]?{_SP}(?:à{_SP}|klo{_SP}|-{_SP})?"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
# AM/PM in Latin letters (AM, pm, a.m., p. m.) or Arabic (ص morning, م evening).
_MARK = rf"[AaPp]\.?{_SP}?[Mm]\.?|[\u0635\u0645]"
# The header ends with "]" (iOS), " - " (Android), ":" (legacy) or ";" (WhatsApp Viewer).
_END = rf"[{_INV}]*(?:\]|{_SP}-|:|;){_SP}"
# The author of a plain "Name: text" entry, when the text cannot be a system notice: the
# name runs to the first ": " of the line. Entries without one (Android notices, "Name:"
# with an empty body, names holding a colon) or whose text starts like a notice get a key
# without author and go through the per-entry rules (`_entry`).
_AUTHOR = "(?:[^:\n]++: (?!{notice}))?"


def _header(group: str) -> str:
    """The header pattern; `group` is "(" to capture the fields or "(?:" not to."""
    return (
        rf"[{_INV}]*{group}\[)?[{_INV}]*"
        rf"{group}\d{{1,4}}[./-]{_SP}?\d{{1,2}}[./-]{_SP}?[RH]?\d{{1,4}}\.?)"
        rf"{_GAP}{group}{_TIME})(?:{_SP}?{group}{_MARK}))?{_END}"
    )


_HEADER = _header("(?:")
_HEADER_AT = re.compile(_HEADER)
# A header line is a newline and a header: with the newline first in the pattern, `re`
# jumps from newline to newline instead of trying every character (the chunk gets a
# leading newline, so its first line counts too).
_HEADER_LINE = re.compile("\n" + _HEADER)
# The key of an entry, taken apart again (once per distinct key).
_KEY = re.compile(rf"({_TIME})(?:{_SP}?({_MARK}))?([{_INV}]*(?:\]|{_SP}-|:|;){_SP})(.*)\Z", re.S)
# A time with no date before it: the "10:35 PM, 07 20 - " form has no year (see parse_chat).
_YEARLESS = re.compile(
    rf"(?m)^[{_INV}]*\d{{1,2}}:\d{{2}}{_SP}?(?:{_MARK}),{_SP}\d{{1,2}} \d{{1,2}} - "
)
_FIELDS = re.compile(r"([RH]?)(\d+)")
_TIME_FIELDS = re.compile(r"\d+")
_STRIP_NAME = str.maketrans(
    {c: None for c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"}
)
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})

# Short-notice requests: a request or deadline word and a due time of the same evening or
# the next morning, in one message sent at or after 15.00 (Indonesian and English).
_REQUEST_WORDS = re.compile(
    r"\b(mohon|tolong|minta|harap|segera|kirim\w*|siapkan|disiapkan|buatkan|dibuat|"
    r"lengkapi|dilengkapi|deadline|tenggat|paling lambat|batas waktu|ditunggu|urgent|"
    r"asap|please|pls|send|prepare|submit|due)\b",
    re.IGNORECASE,
)
_DUE_WORDS = re.compile(
    r"\b(malam ini|nanti malam|sore ini|hari ini|besok pagi|pagi besok|"
    r"besok (?:jam|pukul) 0?[5-9]|sebelum (?:jam|pukul) 0?[5-9]|segera|secepatnya|"
    r"sekarang|tonight|this evening|today|tomorrow morning|first thing tomorrow|"
    r"asap|eod|end of (?:the )?day)\b",
    re.IGNORECASE,
)
# Plain lower-case substrings that every match of _DUE_WORDS contains: found with
# str.find over many bodies at once, far cheaper than the patterns, which then only run
# on the bodies holding one.
_DUE_HINTS = (
    "malam ini",
    "nanti malam",
    "sore ini",
    "hari ini",
    "besok pagi",
    "pagi besok",
    "besok jam",
    "besok pukul",
    "sebelum jam",
    "sebelum pukul",
    "segera",
    "secepatnya",
    "sekarang",
    "tonight",
    "this evening",
    "today",
    "tomorrow morning",
    "first thing tomorrow",
    "asap",
    "eod",
    "end of",
)
# The characters other than ASCII letters that IGNORECASE matches to an ASCII letter
# (İ, ı, ſ and the Kelvin sign): folded before lower(), which then keeps every length
# and turns whatever _DUE_WORDS could match into the plain hints above.
_HINT_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_HINT_SEPARATOR = "\n"  # never inside a hint, so no hint spans two bodies


class ChatUnreadable(Exception):
    """The file is not a WhatsApp export we can read; `message` says why, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Notices:
    fixed: tuple[tuple[str, re.Pattern[str]], ...]
    templates: tuple[tuple[str, re.Pattern[str]], ...]
    fixed_prefixes: tuple[str, ...]
    activity: dict[str, str]


def _template(text: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in text.split("{x}")]
    return re.compile(".+?".join(parts) + r"\s*\Z", re.DOTALL)


def load_notices() -> Notices:
    data = json.loads((Path(__file__).parent / "notices.json").read_text(encoding="utf-8"))
    fixed = tuple(
        (kind, _template(text + "{x}")) for kind, texts in data["fixed"].items() for text in texts
    )
    prefixes = tuple(
        text.split("{x}")[0] for texts in data["fixed"].values() for text in texts if text
    )
    templates = tuple(
        (kind, _template(text)) for kind, texts in data["templates"].items() for text in texts
    )
    activity = {
        variant: kind
        for kind, texts in data["activity"].items()
        for text in texts
        for variant in (text, text + "\n", "\u200e" + text, "\u200e" + text + "\n")
    }
    return Notices(fixed=fixed, templates=templates, fixed_prefixes=prefixes, activity=activity)


NOTICES = load_notices()


def classify_notice(*, text: str, trusted: bool) -> str | None:
    """The notice kind of a body, or None. Templates only count when `trusted`."""
    body = text.replace("\u200e", "").strip()
    if len(body) < 200:
        return _classify_short(body, trusted)
    return _classify(body, trusted)


def _classify(body: str, trusted: bool) -> str | None:
    for kind, pattern in NOTICES.fixed:
        if pattern.match(body):
            return kind
    if trusted:
        for kind, pattern in NOTICES.templates:
            if pattern.match(body):
                return kind
    return None


# Notices repeat ("X joined", "X left") and each costs some thirty pattern matches: the
# answer depends on the text alone, so the recent short ones are remembered (bounded).
_classify_short = functools.lru_cache(maxsize=4096)(_classify)


@dataclass
class _DateBucket:
    """Everything seen under one raw date string, before the date order is known."""

    text: str
    index: int
    # Lists, not arrays: their items are the int objects of the key cache, shared, so a
    # list costs no more memory than an array, and sorting it creates no objects.
    messages: list[int] = field(default_factory=list)  # see AUTHOR_BITS
    notices: list[int] = field(default_factory=list)  # second of the day
    requests: list[int] = field(default_factory=list)  # short-notice messages


@dataclass
class Detection:
    platform: str
    format: str
    date_order: DateOrder
    decided_by: str
    ambiguous: bool
    clock: str
    reasons: list[str]

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": "whatsapp",
            "platform": self.platform,
            "format": self.format,
            "date_order": self.date_order,
            "decided_by": self.decided_by,
            "ambiguous": self.ambiguous,
            "clock": self.clock,
            "reasons": self.reasons,
        }


@dataclass
class ChatActivity:
    """The counts of one chat: per date, sorted packed message values; no text, no names."""

    detection: Detection
    authors: list[str]  # pseudonyms, indexed by author number
    messages: dict[datetime.date, list[int]]
    notices: dict[datetime.date, list[int]]  # second of the day
    requests: dict[datetime.date, list[int]]
    notice_kinds: Counter[str]
    activity_kinds: Counter[str]
    skipped: Counter[str]

    def message_count(self) -> int:
        return sum(len(values) for values in self.messages.values())

    def notice_count(self) -> int:
        return sum(len(values) for values in self.notices.values())

    def active_authors(self) -> int:
        found: set[int] = set()
        for values in self.messages.values():
            found.update(map(operator.and_, values, itertools.repeat(AUTHOR_MASK)))
            if len(found) == len(self.authors):
                break  # every author has written: no need to look further
        return len(found)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime] | None:
        """The earliest and the latest timestamped entry, system notices included."""
        days = sorted(set(self.messages) | set(self.notices))
        if not days:
            return None

        def seconds(day: datetime.date) -> list[int]:
            found = [second_of(v) for v in self.messages.get(day, ())]
            return found + list(self.notices.get(day, ()))

        first, last = days[0], days[-1]
        start = datetime.datetime.combine(first, datetime.time()) + datetime.timedelta(
            seconds=min(seconds(first))
        )
        end = datetime.datetime.combine(last, datetime.time()) + datetime.timedelta(
            seconds=max(seconds(last))
        )
        return start, end


def pack_time(second_of_day: int) -> int:
    return second_of_day << AUTHOR_BITS


def second_of(value: int) -> int:
    """The second of the day of a packed message value."""
    return value >> AUTHOR_BITS


def pseudonym(*, salt: bytes, name: str) -> str:
    """A short, salted, one-way label for an author name (same salt, same label)."""
    folded = " ".join(name.translate(_STRIP_NAME).translate(_SPACES).split()).casefold()
    digest = hmac.new(salt, folded.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"P-{digest[:8]}"


# --- reading -------------------------------------------------------------------------


def open_chat_text(*, source: BinaryIO, name: str) -> IO[str]:
    """A text stream over the chat: the file itself, or the chat member of a zip."""
    head = source.read(4)
    source.seek(0)
    if head.startswith(b"PK"):
        return _open_zip_member(source)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return io.TextIOWrapper(source, encoding="utf-16", errors="replace", newline=None)
    return io.TextIOWrapper(source, encoding="utf-8", errors="replace", newline=None)


def _open_zip_member(source: BinaryIO) -> IO[str]:
    try:
        archive = zipfile.ZipFile(source)
        names = [
            info.filename
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not info.filename.rsplit("/", 1)[-1].startswith("._")
            and info.filename.lower().endswith(".txt")
        ]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise ChatUnreadable(_("Berkas zip rusak atau tidak dapat dibuka.")) from None
    if not names:
        raise ChatUnreadable(_("Berkas zip tidak berisi teks obrolan (.txt)."))
    chosen = next(
        (n for n in names if n.rsplit("/", 1)[-1] == "_chat.txt"),
        max(names, key=lambda n: archive.getinfo(n).file_size),
    )
    try:
        member = archive.open(chosen)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise ChatUnreadable(_("Berkas zip rusak atau tidak dapat dibuka.")) from None
    return io.TextIOWrapper(member, encoding="utf-8", errors="replace", newline=None)


def _chunks(text: IO[str]) -> Iterator[str]:
    """Pieces of the text that end just before a header line (or at the end of the file)."""
    tail = ""
    while True:
        try:
            block = text.read(CHUNK)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise ChatUnreadable(_("Berkas rusak dan tidak dapat dibaca sampai selesai.")) from None
        if not block:
            if tail:
                yield tail
            return
        if "\x00" in block:
            raise ChatUnreadable(_("Berkas ini bukan teks ekspor obrolan WhatsApp (isinya biner)."))
        block = tail + block
        cut = _last_header_start(block)
        if cut <= 0:
            tail = block
            if len(tail) > 8 * CHUNK:  # one giant message: give up keeping it whole
                yield tail
                tail = ""
            continue
        yield block[:cut]
        tail = block[cut:]


def _last_header_start(block: str) -> int:
    pos = len(block)
    for _attempt in range(2000):
        pos = block.rfind("\n", 0, pos)
        if pos < 0:
            return -1
        if _HEADER_AT.match(block, pos + 1):
            return pos + 1
    return block.rfind("\n") + 1


# --- parsing ---------------------------------------------------------------------------

# Entries whose text starts like a fixed notice (or with U+200E, as iOS notices do) get no
# author in their key, so the per-entry rules classify them.
_NOTICE_PREFIXES = "|".join(["\u200e", *sorted({re.escape(p) for p in NOTICES.fixed_prefixes})])
# Most texts start with a character no notice starts with: only the others try the list (a
# dozen alternatives, each tried in turn).
_NOTICE_STARTS = re.escape("".join(sorted({"\u200e", *(p[0] for p in NOTICES.fixed_prefixes)})))
_NOT_NOTICE = rf"(?=[{_NOTICE_STARTS}])(?:{_NOTICE_PREFIXES})"
_KEY_GROUP = rf"({_TIME}(?:{_SP}?(?:{_MARK}))?{_END}{_AUTHOR.format(notice=_NOT_NOTICE)})"
# Splitting a chunk (with a leading newline) on the header yields
# [before, bracket, date, key, body, bracket, date, key, body, ...]: each body runs from
# the end of its key to the newline before the next header, continuation lines included.
_SPLIT = re.compile(
    rf"\n[{_INV}]*(\[)?[{_INV}]*"
    rf"(\d{{1,4}}[./-]{_SP}?\d{{1,2}}[./-]{_SP}?[RH]?\d{{1,4}}\.?){_GAP}{_KEY_GROUP}"
)
# The Indonesian Android shape ("31/12/24 21.05 - ", zero-padded, ASCII digits: [0-9] is
# a cheaper test than \d), much cheaper to match than the general pattern. Wherever it
# matches, the general pattern matches the same text with the same date and key and no
# bracket; lines it misses (other digits included) are looked for with the general
# pattern (see _split_chunk), so using it never changes what is read.
_SPLIT_ANDROID = re.compile(
    r"\n([0-9][0-9]/[0-9][0-9]/[0-9][0-9](?:[0-9][0-9])?) "
    rf"([0-9][0-9]\.[0-9][0-9] - {_AUTHOR.format(notice=_NOT_NOTICE)})"
)


@dataclass
class _Pass:
    buckets: dict[str, _DateBucket] = field(default_factory=dict)
    changes: array[int] = field(default_factory=lambda: array("l"))
    bucket_order: list[_DateBucket] = field(default_factory=list)
    authors: dict[str, int] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    times: dict[str, int] = field(default_factory=dict)  # time and marker → second or -1
    keys: dict[str, int] = field(default_factory=dict)  # key → packed value, -1: per entry
    key_kinds: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # AM/PM, viewer
    entries: int = 0
    bracketed: int = 0
    ampm: int = 0
    viewer: int = 0
    first_header: tuple[str, str, str, bool, str] | None = None  # date, time, marker, [, end
    notice_kinds: Counter[str] = field(default_factory=Counter)
    activity_kinds: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    last_date: str = ""
    yearless: bool = False  # headers in the "10:35 PM, 07 20 - " form were seen


def _second_of_day(time_text: str, marker: str, state: _Pass) -> int:
    """Seconds after midnight, or -1 for an impossible time; 13.00 PM reads as 13.00."""
    hour, minute, *rest = (int(part) for part in _TIME_FIELDS.findall(time_text)[:3])
    second = rest[0] if rest else 0
    if marker:
        pm = "p" in marker.lower() or marker == "\u0645"
        if hour == 12:
            hour = 12 if pm else 0
        elif hour < 12 and pm:
            hour += 12
        elif hour > 12:
            state.skipped["impossible_am_pm"] += 1  # counted, then read as 24-hour
    if hour > 23 or minute > 59 or second > 59:
        return -1
    return hour * 3600 + minute * 60 + second


def _author_number(raw: str, state: _Pass) -> int:
    number = state.authors.get(raw)
    if number is None:
        name = " ".join(raw.translate(_STRIP_NAME).translate(_SPACES).split())
        number = state.authors.get("\x00" + name)
        if number is None:
            number = len(state.names)
            if number >= MAX_AUTHORS:
                raise ChatUnreadable(
                    _(
                        "Terlalu banyak pengirim dalam satu berkas: lebih dari %(limit)s orang. "
                        "Satu grup WhatsApp berisi paling banyak 1.024 anggota; periksa bahwa "
                        "berkas ini satu ekspor obrolan."
                    )
                    % {"limit": number_format(MAX_AUTHORS, force_grouping=True)}
                )
            state.names.append(name)
            state.authors["\x00" + name] = number
        state.authors[raw] = number
    return number


def _split_author(first: str, more: str) -> tuple[str | None, str]:
    """(author, body) of a header's text; author None for an Android system notice."""
    index = first.find(": ")
    if index > 0:
        return first[:index], first[index + 2 :] + more
    stripped = first.rstrip()
    if stripped.endswith(":") and len(stripped) > 1:  # empty body (view-once media)
        return stripped[:-1], more
    if stripped.endswith(":.") and len(stripped) > 2:  # "Name:." (self-destructing)
        return stripped[:-2], more
    return None, first + more


@functools.lru_cache(maxsize=1 << 16)
def _key_parts(key: str) -> tuple[str, str, str, str]:
    """(time, marker, header end, author text) of a key; the author text keeps its ": "."""
    found = _KEY.match(key)
    assert found is not None  # every key was matched by the same parts
    time_text, marker, end, rest = found.groups()
    return time_text, marker or "", end, rest


def _resolve_key(key: str, state: _Pass) -> int | None:
    """The packed value of a key; -1 for entries that need the per-entry rules, None for
    a name not seen yet (authors are numbered in file order, by `_entry`)."""
    time_text, marker, _end, rest = _key_parts(key)
    clock = time_text + marker
    second = state.times.get(clock)
    if second is None:
        second = state.times[clock] = _second_of_day(time_text, marker, state)
    if second < 0 or not rest:
        value = -1
    else:
        author = rest[:-2]
        if '"' in author or "“" in author:  # a notice quoting a subject with ": "
            value = -1
        else:
            number = state.authors.get(author)
            if number is None:
                return None
            value = second << AUTHOR_BITS | number
    if len(state.keys) >= KEY_CACHE_LIMIT:
        state.keys.clear()
    state.keys[key] = value
    return value


@dataclass
class _Split:
    """Entries of one chunk as parallel lists, one item per entry."""

    dates: list[str]
    keys: list[str]
    bodies: list[str]  # the text after the key, without the newline ending the entry
    brackets: list[str | None] | None  # None: no bracket (the short Android pattern)
    whole_last: bool = False  # the last body ends the file without a newline

    def part(self, start: int, stop: int | None = None) -> "_Split":
        return _Split(
            self.dates[start:stop],
            self.keys[start:stop],
            self.bodies[start:stop],
            None if self.brackets is None else self.brackets[start:stop],
            self.whole_last and stop is None,
        )


def _split_chunk(chunk: str, android: bool) -> _Split | None:
    """The entries of a chunk; with `android`, None when the short pattern might miss one."""
    text = "\n" + chunk
    if android:
        parts = _SPLIT_ANDROID.split(text)
        bodies = parts[3::3]
        # Every line the general pattern reads as a header must have been cut here: look
        # for one in the text before the first header and on continuation lines. Joining
        # the bodies can only add false alarms (a line start is always after a newline
        # inside one body), which merely send the chunk to the general pattern.
        if _HEADER_LINE.search(parts[0]) or _HEADER_LINE.search("".join(bodies)):
            return None
        split = _Split(parts[1::3], parts[2::3], bodies, None)
    else:
        parts = _SPLIT.split(text)
        split = _Split(parts[2::4], parts[3::4], parts[4::4], parts[1::4])
    bodies = split.bodies
    if bodies:
        # Each body lost the newline before the next header to the split; the last one
        # still has it, unless the file ends without one.
        if bodies[-1].endswith("\n"):
            bodies[-1] = bodies[-1][:-1]
        else:
            split.whole_last = True
    return split


def _positions(values: list[object], wanted: object) -> list[int]:
    """The indexes of `wanted` in `values`, found by list.index (a C loop) one after another."""
    found: list[int] = []
    index = -1
    try:
        while True:
            index = values.index(wanted, index + 1)
            found.append(index)
    except ValueError:
        return found


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while reading: the loop creates no reference cycles,
    and each collection would walk the date lists again, one item at a time (the lists
    hold every message value read so far)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_entries(text: IO[str], state: _Pass) -> None:
    """The hot path: whole chunks at a time, with map and slices (loops in C) where possible.

    Most entries are a plain "Name: text" from a known author at a valid time that cannot
    be a system notice: their packed values go straight into their date's array. Every
    other entry (no author, possible notice, impossible time, and all entries up to the
    last new author of a chunk) goes through `_entry`, the per-entry rules, in file order,
    so author numbers and every count come out as they did entry by entry.
    """
    android = True
    for chunk in _chunks(text):
        split = _split_chunk(chunk, android) if android else None
        if split is None:
            android = False  # not the usual shape: the general pattern for the rest
            split = _split_chunk(chunk, False)
            assert split is not None
        if not split.dates:
            if not state.entries and _YEARLESS.search(chunk):
                state.yearless = True
            continue
        _tally_kinds(split, state)
        while split.dates:
            # -2 for keys not seen before (a few thousand per file at most): an int, so
            # that looking for them compares ints only.
            values = list(map(state.keys.get, split.keys, itertools.repeat(-2)))
            new_at = -1  # where the last of the new authors of the chunk first writes
            if -2 in values:
                new_names: set[str] = set()
                unknown: dict[str, int | None] = {}  # this pass: None for a new author
                for i in _positions(values, -2):  # type: ignore[arg-type]
                    key = split.keys[i]
                    if key in unknown:
                        found = unknown[key]
                    else:
                        found = unknown[key] = _resolve_key(key, state)
                    if found is None:
                        name = _key_parts(key)[3]
                        if name not in new_names:
                            new_names.add(name)
                            new_at = i
                        continue
                    values[i] = found
            if new_at < 0:
                _take(split, values, state)
                break
            # New authors up to new_at: that part entry by entry, then the rest again.
            upto = new_at + 1
            _take(split.part(0, upto), [-1] * upto, state)
            split = split.part(upto)


def _tally_kinds(split: _Split, state: _Pass) -> None:
    """Bracketed, AM/PM and WhatsApp Viewer headers, for the detection report."""
    state.entries += len(split.dates)
    if split.brackets is None:
        return  # the short Android pattern: none of the three
    state.bracketed += len(split.brackets) - split.brackets.count(None)
    kinds = state.key_kinds
    for key, count in Counter(split.keys).items():
        kind = kinds.get(key)
        if kind is None:
            _time, marker, end, _rest = _key_parts(key)
            kind = (bool(marker), end.rstrip().endswith(";"))
            if len(kinds) >= KEY_CACHE_LIMIT:
                kinds.clear()
            kinds[key] = kind
        state.ampm += count * kind[0]
        state.viewer += count * kind[1]


# The bodies here lack the newline that ended them in the file: look them up as if they had
# it (the activity texts are listed with and without one; _entry only looks under 64).
_ACTIVITY_CUT = {k[:-1]: v for k, v in NOTICES.activity.items() if k.endswith("\n") and len(k) < 64}
_ACTIVITY_TEXTS = frozenset(_ACTIVITY_CUT)


def _short_notice(bodies: list[str]) -> list[int]:
    """The indexes of the bodies holding a request word and a due time."""
    joined = _HINT_SEPARATOR.join(bodies)
    folded = joined.translate(_HINT_FOLD) if not joined.isascii() else joined
    low = folded.lower()
    if len(low) != len(joined):  # cannot happen after the fold; kept as a guard
        return [i for i, body in enumerate(bodies) if _asks(body)]
    found = [_HINT_PATTERNS[hint] for hint in _DUE_HINTS if hint in low]
    if not found:
        return []
    # Where each body starts in `low`: its length plus one separator, accumulated.
    starts = [0, *itertools.accumulate(map(operator.add, map(len, bodies), itertools.repeat(1)))]
    # Every match of _DUE_WORDS starts with a hint: try the pattern where each hint is
    # (anchored there, with the word boundary seen against the character before).
    due = _DUE_LOW.match
    at = [
        match.start()
        for pattern in found
        for match in pattern.finditer(low)
        if due(low, match.start()) is not None
    ]
    hits = sorted(set(map(bisect.bisect_right, itertools.repeat(starts), at)))
    request = _REQUEST_LOW.search
    return [i - 1 for i in hits if request(low, starts[i - 1], starts[i] - 1) is not None]


def _asks(body: str) -> bool:
    low = body.translate(_HINT_FOLD).lower()
    return _DUE_LOW.search(low) is not None and _REQUEST_LOW.search(low) is not None


# The same words, matched on text folded and lowered as above (a case-sensitive search,
# cheaper than IGNORECASE, and the same matches: see _HINT_FOLD).
_DUE_LOW = re.compile(_DUE_WORDS.pattern)
_REQUEST_LOW = re.compile(_REQUEST_WORDS.pattern)
_HINT_PATTERNS = {hint: re.compile(re.escape(hint)) for hint in _DUE_HINTS}


def _take(split: _Split, values: list[int], state: _Pass) -> None:
    """File the entries of `split`; `values` are their packed values, -1 for `_entry`."""
    dates, keys, bodies = split.dates, split.keys, split.bodies
    count = len(dates)
    special = _positions(values, -1)  # type: ignore[arg-type]
    # Short-notice requests among the plain entries sent at or after 15.00.
    late = list(itertools.compress(range(count), map(operator.ge, values, itertools.repeat(_LATE))))
    asked = [late[i] for i in _short_notice(list(map(bodies.__getitem__, late)))] if late else []
    if len(special) < count and not _ACTIVITY_TEXTS.isdisjoint(bodies):
        for i, kind in enumerate(map(_ACTIVITY_CUT.get, bodies)):
            if kind is not None and values[i] != -1:
                state.activity_kinds[kind] += 1
    # Date runs, in file order: the bucket of each run takes its plain values in one go.
    buckets = state.buckets
    special_at, asked_at = iter(special), iter(asked)
    next_special, next_asked = next(special_at, count), next(asked_at, count)
    start = 0
    for date, run in itertools.groupby(dates):
        end = start + len(list(run))
        if date != state.last_date:
            bucket = buckets.get(date)
            if bucket is None:
                bucket = _DateBucket(text=date, index=len(state.bucket_order))
                buckets[date] = bucket
                state.bucket_order.append(bucket)
                if state.first_header is None:
                    time_text, marker, end_text, _rest = _key_parts(keys[start])
                    bracket = split.brackets is not None and bool(split.brackets[start])
                    state.first_header = (date, time_text, marker, bracket, end_text)
            state.last_date = date
            state.changes.append(bucket.index)
        else:
            bucket = buckets[date]
        messages = bucket.messages
        while next_special < end:
            i = next_special
            messages.extend(values[start:i])
            body = bodies[i] if split.whole_last and i == count - 1 else bodies[i] + "\n"
            _entry(_key_parts(keys[i])[3] + body, keys[i], bucket, state)
            start = i + 1
            next_special = next(special_at, count)
        messages.extend(values[start:end])
        while next_asked < end:
            bucket.requests.append(values[next_asked])
            next_asked = next(asked_at, count)
        start = end


_LATE = REQUEST_FROM << AUTHOR_BITS


def _entry(body: str, key: str, bucket: _DateBucket, state: _Pass) -> None:
    """One entry by the full rules; `body` is everything after its header, newline included."""
    time_text, marker, _end, _rest = _key_parts(key)
    clock = time_text + marker
    second = state.times.get(clock)
    if second is None:
        second = state.times[clock] = _second_of_day(time_text, marker, state)
    if second < 0:
        state.skipped["impossible_time"] += 1
        return
    packed = second << AUTHOR_BITS
    colon = body.find(": ")
    end = body.find("\n")
    if colon <= 0 or 0 <= end < colon:
        _slow_entry(body, packed, bucket, state)
        return
    author = body[:colon]
    number = state.authors.get(author)
    if number is None:
        if '"' in author or "“" in author:
            _slow_entry(body, packed, bucket, state)
            return
        number = _author_number(author, state)
    body = body[colon + 2 :]
    if body.startswith(NOTICES.fixed_prefixes) or (body[:1] == "\u200e" and body[1:2] != "<"):
        kind = classify_notice(text=body, trusted=body[:1] == "\u200e")
        if kind is not None:
            state.notice_kinds[kind] += 1
            bucket.notices.append(second)
            return
    value = packed | number
    bucket.messages.append(value)
    if len(body) < 64:
        kind = NOTICES.activity.get(body)
        if kind is not None:
            state.activity_kinds[kind] += 1
    if second >= REQUEST_FROM and _asks(body):
        bucket.requests.append(value)


def _slow_entry(text: str, packed: int, bucket: _DateBucket, state: _Pass) -> None:
    """Entries that are not plain "author: text": notices, empty bodies, quoted subjects."""
    first, _newline, more = text.partition("\n")
    author, body = _split_author(first, more)
    if author is not None and ('"' in author or "“" in author):
        whole = f"{author}: {body}"
        if classify_notice(text=whole, trusted=True) is not None:
            author, body = None, whole
    if author is None:
        state.notice_kinds[classify_notice(text=body, trusted=True) or "other"] += 1
        bucket.notices.append(second_of(packed))
        return
    bucket.messages.append(packed | _author_number(author, state))


# --- deciding the date order -----------------------------------------------------------

Fields = tuple[int, int, int, int]  # first, second, third, digits of the first field


def _fields(date_text: str) -> Fields | None:
    found = _FIELDS.findall(date_text)
    if len(found) != 3:
        return None
    values = []
    for era, digits in found:
        value = int(digits)
        if era == "R":  # Japanese era Reiwa (2019 = Reiwa 1)
            value += 2018
        elif era == "H":  # Heisei (1989 = Heisei 1)
            value += 1988
        values.append(value)
    return values[0], values[1], values[2], len(found[0][1])


def _year(value: int) -> int:
    if value < 100:
        return 2000 + value
    if value >= 2400:  # Buddhist era (Thai calendar): 2565 BE = 2022 CE
        return value - 543
    return value


def to_date(fields: Fields, order: DateOrder) -> datetime.date | None:
    first, second, third, _digits = fields
    if order == "ymd":
        year, month, day = first, second, third
    elif order == "dmy":
        day, month, year = first, second, third
    else:
        month, day, year = first, second, third
    try:
        return datetime.date(_year(year), month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class OrderDecision:
    order: DateOrder
    decided_by: str
    ambiguous: bool
    reasons: list[str]


def decide_date_order(
    *, dates: list[Fields], changes: list[int], declared: DateOrder | None
) -> OrderDecision:
    """Day or month first, from the file's evidence first, then the declared order.

    `dates` are the distinct date fields in order of first appearance; `changes` the
    indexes into `dates` each time the date changed from one entry to the next.
    1. a four-digit first field: year first;
    2. a first field above 12: day first; a second field above 12: month first;
    3. within one year, the field that decreases between consecutive dates is the day;
    4. fewer steps back in time under one order than the other (chronology);
    5. the declared order (uploader or --date-order), else day first and "ambiguous".
    """
    reasons: list[str] = []
    if any(f[3] == 4 for f in dates):
        return OrderDecision("ymd", "year_first", False, ["first field has four digits"])
    first_big = next((f for f in dates if f[0] > 12), None)
    second_big = next((f for f in dates if f[1] > 12), None)
    if first_big and not second_big:
        reasons.append(f"a first field above 12 ({first_big[0]})")
        return _hard("dmy", declared, reasons)
    if second_big and not first_big:
        reasons.append(f"a second field above 12 ({second_big[1]})")
        return _hard("mdy", declared, reasons)
    if first_big and second_big:
        reasons.append("both fields exceed 12 somewhere: the file mixes date formats")
        return _soft(declared, reasons)
    if all(f[0] == f[1] for f in dates):
        return OrderDecision(
            declared or "dmy", "not_needed", False, ["day and month are equal in every date"]
        )
    if declared is not None:
        return OrderDecision(declared, "declared", False, ["date order given by the uploader"])
    down_first = down_second = 0
    for before, after in itertools.pairwise(changes):
        a, b = dates[before], dates[after]
        if a[2] != b[2]:
            continue
        down_first += b[0] < a[0]
        down_second += b[1] < a[1]
    if down_first and not down_second:
        reasons.append(f"the first field decreases within a year ({down_first}×), the second never")
        return OrderDecision("dmy", "decreasing", False, reasons)
    if down_second and not down_first:
        reasons.append(
            f"the second field decreases within a year ({down_second}×), the first never"
        )
        return OrderDecision("mdy", "decreasing", False, reasons)
    back = {order: _steps_back(dates, changes, order) for order in ("dmy", "mdy")}
    if back["mdy"] >= 2 * back["dmy"] + 2:
        reasons.append(f"chronology: {back['dmy']} steps back as D/M, {back['mdy']} as M/D")
        return OrderDecision("dmy", "chronology", False, reasons)
    if back["dmy"] >= 2 * back["mdy"] + 2:
        reasons.append(f"chronology: {back['mdy']} steps back as M/D, {back['dmy']} as D/M")
        return OrderDecision("mdy", "chronology", False, reasons)
    reasons.append("no date has a field above 12 and the order of dates does not tell")
    return _soft(declared, reasons)


def _hard(found: DateOrder, declared: DateOrder | None, reasons: list[str]) -> OrderDecision:
    if declared is not None and declared != found:
        reasons.append(f"declared order {declared} contradicts the file and is ignored")
    return OrderDecision(found, "value_above_12", False, reasons)


def _soft(declared: DateOrder | None, reasons: list[str]) -> OrderDecision:
    if declared is not None:
        return OrderDecision(declared, "declared", False, [*reasons, "declared order used"])
    reasons.append("read as day first (Indonesian default); choose the order to be sure")
    return OrderDecision("dmy", "default", True, reasons)


def _steps_back(dates: list[Fields], changes: list[int], order: DateOrder) -> int:
    steps = 0
    previous: datetime.date | None = None
    for index in changes:
        current = to_date(dates[index], order)
        if current is None:
            steps += 1
            continue
        if previous is not None and current < previous:
            steps += 1
        previous = current
    return steps


def _describe_format(state: _Pass, order: DateOrder, platform: str) -> str:
    """The first header's shape, e.g. "DD/MM/YY HH.MM - Name: text"."""
    assert state.first_header is not None
    date_text, time_text, marker, bracket, end_text = state.first_header
    names = iter({"dmy": "DMY", "mdy": "MDY", "ymd": "YMD"}[order])

    def date_field(match: re.Match[str]) -> str:
        letter = next(names, "?")
        return letter * (4 if letter == "Y" and len(match.group()) > 2 else 2)

    clock_names = iter(("h" if marker else "HH", "MM", "SS"))
    shaped = re.sub(r"[RH]?\d+", date_field, date_text.translate(_SPACES))
    clock = re.sub(r"\d+", lambda _m: next(clock_names, "?"), time_text)
    if marker:
        clock += " AM/PM"
    end = end_text.translate(_STRIP_NAME).translate(_SPACES)
    if bracket:
        return f"[{shaped} {clock}{end}Name: text"
    if end.startswith(";"):  # WhatsApp Viewer: the time comes after " - "
        return f"{shaped} - {clock}{end}Name: text"
    return f"{shaped} {clock}{end}Name: text"


# --- entry point -----------------------------------------------------------------------


def parse_chat(
    *,
    text: IO[str],
    salt: bytes,
    date_order: DateOrder | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> ChatActivity:
    """Read a chat export once; dates in [start, end) only when given. Raises ChatUnreadable."""
    state = _Pass()
    with _collector_paused():
        _read_entries(text, state)
    if not state.entries and state.yearless:
        raise ChatUnreadable(
            _(
                'Baris obrolan ini bertanda waktu tanpa tahun (misalnya "10:35 PM, 07 20"). '
                "Tanpa tahun, hari kerja, akhir pekan dan hari libur tidak dapat ditentukan. "
                "Ekspor ulang obrolan dari aplikasi WhatsApp versi terbaru."
            )
        )
    if not state.entries:
        raise ChatUnreadable(
            _(
                "Tidak ada baris bertanggal yang dikenali: berkas ini bukan ekspor obrolan "
                "WhatsApp, atau formatnya belum didukung."
            )
        )
    fields = [_fields(bucket.text) for bucket in state.bucket_order]
    known = [f for f in fields if f is not None]
    index_of = {i: n for n, i in enumerate(i for i, f in enumerate(fields) if f is not None)}
    changes = [index_of[i] for i in state.changes if i in index_of]
    decision = decide_date_order(dates=known, changes=changes, declared=date_order)
    platform = (
        "ios"
        if state.bracketed * 2 > state.entries
        else "whatsapp_viewer"
        if state.viewer * 2 > state.entries
        else "android"
    )
    clock = "12h" if state.ampm * 2 > state.entries else "24h"
    clock_reason = (
        f"AM/PM marker in {state.ampm} of {state.entries} headers"
        if state.ampm
        else "no AM/PM marker: 24-hour clock"
    )
    detection = Detection(
        platform=platform,
        format=_describe_format(state, decision.order, platform),
        date_order=decision.order,
        decided_by=decision.decided_by,
        ambiguous=decision.ambiguous,
        clock=clock,
        reasons=[
            f"{state.bracketed} of {state.entries} headers in brackets: {platform}",
            *decision.reasons,
            clock_reason,
        ],
    )
    activity = ChatActivity(
        detection=detection,
        authors=[pseudonym(salt=salt, name=name) for name in state.names],
        messages={},
        notices={},
        requests={},
        notice_kinds=state.notice_kinds,
        activity_kinds=state.activity_kinds,
        skipped=state.skipped,
    )
    for bucket, found in zip(state.bucket_order, fields, strict=True):
        day = to_date(found, decision.order) if found is not None else None
        if day is None:
            skipped = len(bucket.messages) + len(bucket.notices)
            activity.skipped["impossible_date"] += skipped
            continue
        if (start is not None and day < start) or (end is not None and day >= end):
            continue
        for target, values in (
            (activity.messages, bucket.messages),
            (activity.notices, bucket.notices),
            (activity.requests, bucket.requests),
        ):
            if values:
                existing = target.get(day)
                if existing is None:
                    target[day] = values  # no copy: the bucket is not used again
                else:
                    existing.extend(values)  # another spelling of the same date
    for table in (activity.messages, activity.notices, activity.requests):
        for values in table.values():
            values.sort()
    if not activity.messages and not activity.notices and activity.skipped["impossible_date"]:
        raise ChatUnreadable(_("Tidak ada tanggal yang valid dalam berkas ini."))
    return activity
