"""Instrument definitions: frozen dataclasses built from JSON and checked field by field.

The JSON files in `rehat/instruments/definitions/` are copies of the research
specification with Rehat's additions (`rehat_scoring`, `licence.status`, a status on
every Indonesian text). Anything malformed raises `DefinitionError` naming the file
and the field, so a broken definition stops the process instead of scoring wrongly.
"""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, NoReturn

from django.utils.translation import gettext as _

DATA_PACKAGE = "rehat.instruments"
SHIPPED = (
    "who5",
    "phq9",
    "phq2",
    "gad7",
    "gad2",
    "pss10",
    "cbi",
    "k10",
    "k6",
    "edmondson-ps7",
    "single-item-burnout",
)
CRISIS_FILE = "crisis-resources.json"

# Rules that are product decisions, not data: the data must agree with them.
SAFETY_ITEMS = {"phq9": frozenset({9})}
SCREENERS = {"phq2": ("phq9", 3), "gad2": ("gad7", 3)}
K6_ITEMS_OF_K10 = (2, 4, 5, 8, 9, 10)

VALIDATED = "validated"
UNVERIFIED = "unverified-secondary"
WORKING = "working"
TEXT_STATUSES = (VALIDATED, UNVERIFIED, WORKING)
LICENCE_STATUSES = ("free", "free-unverified", "unclear", "restricted")
AGGREGATES = ("sum", "mean")
BAND_BASES = ("total", "percentage", "subscales", "none")
DEFAULT_FORMAT = "default"


class DefinitionError(Exception):
    """A definition or configuration file is malformed; names the file and the field."""

    def __init__(self, *, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(
            _("Berkas {file}, kolom '{field}': {problem}").format(
                file=file, field=field, problem=problem
            )
        )


class UnknownInstrument(LookupError):
    pass


def status_label(status: str | None) -> str:
    labels = {
        VALIDATED: _("tervalidasi"),
        UNVERIFIED: _("tersimpan, belum diverifikasi"),
        WORKING: _("terjemahan kerja, belum divalidasi"),
    }
    return labels.get(status or "", _("belum ada"))


@dataclass(frozen=True)
class Text:
    en: str | None
    id: str | None
    id_status: str | None = None

    @property
    def id_status_label(self) -> str:
        return status_label(self.id_status)


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Item:
    number: int
    text: Text
    reverse: bool
    option_format: str = DEFAULT_FORMAT
    subscale: str | None = None
    safety: bool = False


@dataclass(frozen=True)
class Band:
    low: Fraction
    high: Fraction
    label: Text

    @property
    def label_en(self) -> str:
        return self.label.en or ""

    @property
    def range_display(self) -> str:
        return f"{format_number(self.low)}–{format_number(self.high)}"


def format_number(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):g}"


@dataclass(frozen=True)
class Subscale:
    name: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class Cutoff:
    rule: str
    meaning: str


@dataclass(frozen=True)
class Licence:
    status: str
    summary: str
    restrictions: str | None
    verified: bool

    @property
    def status_label(self) -> str:
        labels = {
            "free": _("bebas digunakan"),
            "free-unverified": _("lazim dipakai bebas, izin belum diverifikasi"),
            "unclear": _("belum jelas, mintalah izin sebelum dipakai"),
            "restricted": _("terbatas, perlu izin tertulis"),
        }
        return labels[self.status]


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    version: str
    file: str
    instructions: Text
    items: tuple[Item, ...]
    options: Mapping[str, tuple[Option, ...]]
    aggregate: str
    band_basis: str
    bands: tuple[Band, ...]
    bands_informational: bool
    licence: Licence
    sources: tuple[str, ...]
    percentage_factor: int | None = None
    subscales: tuple[Subscale, ...] = ()
    difficulty: Text | None = None
    difficulty_options: tuple[Text, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    scoring_method: str = ""
    bands_note: str = ""
    recall_period: str = ""
    derived_from: str | None = None
    indonesian_validation: tuple[str, ...] = ()
    id_texts_note: str = ""
    texts_source: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def options_for(self, item: Item) -> tuple[Option, ...]:
        return self.options[item.option_format]

    def values_for(self, item: Item) -> tuple[int, ...]:
        return tuple(sorted(option.value for option in self.options_for(item)))

    @property
    def has_safety_rule(self) -> bool:
        return any(item.safety for item in self.items)

    @property
    def recommends(self) -> str | None:
        screener = SCREENERS.get(self.id)
        return screener[0] if screener else None

    @property
    def item_range(self) -> tuple[int, int]:
        values = [value for item in self.items for value in self.values_for(item)]
        return min(values), max(values)

    @property
    def score_range(self) -> tuple[Fraction, Fraction]:
        """Range of the total (sum) or of each mean, before any percentage factor."""
        lows = [Fraction(min(self.values_for(item))) for item in self.items]
        highs = [Fraction(max(self.values_for(item))) for item in self.items]
        if self.aggregate == "sum":
            return sum(lows, Fraction(0)), sum(highs, Fraction(0))
        return min(lows), max(highs)

    @property
    def items_status(self) -> str | None:
        return _weakest(item.text.id_status for item in self.items)

    @property
    def options_status(self) -> str | None:
        return _weakest(
            option.label.id_status
            for options in self.options.values()
            for option in options
            if option.label.en is not None
        )

    @property
    def items_status_label(self) -> str:
        return status_label(self.items_status)

    @property
    def options_status_label(self) -> str:
        return status_label(self.options_status)


def _weakest(statuses: Any) -> str | None:
    found = list(statuses)
    for status in (None, WORKING, UNVERIFIED, VALIDATED):
        if status in found:
            return status
    return None


class FieldReader:
    """Typed access to parsed JSON that fails with the file name and a field path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, problem: str) -> NoReturn:
        raise DefinitionError(file=self.file, field=path, problem=problem)

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, _("harus berupa objek JSON"))
        return value

    def get(self, parent: dict[str, Any], key: str, path: str) -> Any:
        if key not in parent:
            self.fail(_join(path, key), _("wajib ada"))
        return parent[key]

    def text(self, parent: dict[str, Any], key: str, path: str, *, required: bool = True) -> Any:
        value = parent.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(_join(path, key), _("harus berupa teks yang tidak kosong"))
        return value

    def integer(self, parent: dict[str, Any], key: str, path: str) -> int:
        value = self.get(parent, key, path)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(path, key), _("harus berupa bilangan bulat"))
        return value

    def number(self, parent: dict[str, Any], key: str, path: str) -> Fraction:
        value = self.get(parent, key, path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(path, key), _("harus berupa angka"))
        return Fraction(str(value))

    def boolean(self, parent: dict[str, Any], key: str, path: str, *, default: bool) -> bool:
        value = parent.get(key, default)
        if not isinstance(value, bool):
            self.fail(_join(path, key), _("harus true atau false"))
        return value

    def list_of(self, parent: dict[str, Any], key: str, path: str) -> list[Any]:
        value = self.get(parent, key, path)
        if not isinstance(value, list):
            self.fail(_join(path, key), _("harus berupa daftar"))
        return value

    def status(self, parent: dict[str, Any], key: str, path: str) -> str:
        value = parent.get(key)
        if value not in TEXT_STATUSES:
            self.fail(
                _join(path, key),
                _("harus salah satu dari {choices}").format(choices=", ".join(TEXT_STATUSES)),
            )
        return str(value)

    def id_text(self, parent: dict[str, Any], text_key: str, status_key: str, path: str) -> Text:
        """An Indonesian text and its status; a text without a status is an error."""
        text_id = self.text(parent, text_key, path, required=False)
        status = self.status(parent, status_key, path) if text_id is not None else None
        return Text(en=None, id=text_id, id_status=status)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_definition(*, data: Any, file: str) -> Instrument:
    """Build and check one instrument from parsed JSON."""
    r = FieldReader(file)
    root = r.obj(data, "")
    instrument_id = r.text(root, "id", "")
    if instrument_id not in SHIPPED:
        r.fail("id", _("instrumen '{id}' tidak dikenal").format(id=instrument_id))
    rules = r.obj(r.get(root, "rehat_scoring", ""), "rehat_scoring")
    options = _parse_options(r, r.get(root, "options", ""))
    items = _parse_items(r, r.list_of(root, "items", ""), options)
    aggregate = r.text(rules, "aggregate", "rehat_scoring")
    if aggregate not in AGGREGATES:
        r.fail("rehat_scoring.aggregate", _("harus 'sum' atau 'mean'"))
    band_basis = r.text(rules, "band_basis", "rehat_scoring")
    if band_basis not in BAND_BASES:
        r.fail("rehat_scoring.band_basis", _("nilai tidak dikenal"))
    factor = rules.get("percentage_factor")
    if factor is not None and (isinstance(factor, bool) or not isinstance(factor, int)):
        r.fail("rehat_scoring.percentage_factor", _("harus berupa bilangan bulat"))
    if (band_basis == "percentage") != (factor is not None):
        r.fail("rehat_scoring.percentage_factor", _("wajib ada tepat bila kategori memakai persen"))
    texts = r.obj(r.get(root, "language_texts", ""), "language_texts")
    texts_en = r.obj(r.get(texts, "en", "language_texts"), "language_texts.en")
    texts_id = r.obj(r.get(texts, "id", "language_texts"), "language_texts.id")
    instructions = r.id_text(texts_id, "instructions", "instructions_status", "language_texts.id")
    instructions = replace(
        instructions, en=r.text(texts_en, "instructions", "language_texts.en", required=False)
    )
    scoring = r.obj(r.get(root, "scoring", ""), "scoring")
    instrument = Instrument(
        id=instrument_id,
        name=r.text(root, "name", ""),
        version=r.text(root, "version", ""),
        file=file,
        instructions=instructions,
        items=items,
        options=options,
        aggregate=aggregate,
        band_basis=band_basis,
        percentage_factor=factor,
        bands=(),
        bands_informational=r.boolean(rules, "bands_informational", "rehat_scoring", default=False),
        licence=_parse_licence(r, r.get(root, "licence", "")),
        sources=tuple(_texts(r, root, "sources")),
        subscales=_parse_subscales(r, scoring, items),
        cutoffs=_parse_cutoffs(r, root),
        scoring_method=r.text(scoring, "method", "scoring"),
        bands_note=root.get("bands_note") or "",
        recall_period=root.get("recall_period") or "",
        derived_from=root.get("derived_from"),
        indonesian_validation=tuple(
            r.text(r.obj(entry, f"indonesian_validation[{n}]"), "citation", "")
            for n, entry in enumerate(root.get("indonesian_validation", []))
        ),
        id_texts_note=texts_id.get("status") or "",
        texts_source=_("teks bawaan Rehat"),
        extra={key: root[key] for key in ("alternative_bands",) if key in root},
    )
    instrument = replace(instrument, **_parse_difficulty(r, texts_en, texts_id))
    instrument = replace(instrument, bands=_parse_bands(r, root, instrument))
    _check_scoring(r, scoring, instrument)
    _check_rules(r, root, instrument)
    return instrument


def _texts(r: FieldReader, parent: dict[str, Any], key: str) -> list[str]:
    values = r.list_of(parent, key, "")
    for n, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            r.fail(_join(key, n), _("harus berupa teks yang tidak kosong"))
    return values


def _parse_options(r: FieldReader, raw: Any) -> dict[str, tuple[Option, ...]]:
    groups = raw if isinstance(raw, dict) else {DEFAULT_FORMAT: raw}
    if not groups:
        r.fail("options", _("tidak boleh kosong"))
    parsed: dict[str, tuple[Option, ...]] = {}
    for name, entries in groups.items():
        path = "options" if name == DEFAULT_FORMAT else f"options.{name}"
        if not isinstance(entries, list) or not entries:
            r.fail(path, _("harus berupa daftar pilihan yang tidak kosong"))
        options = []
        for n, entry in enumerate(entries):
            where = _join(path, n)
            entry = r.obj(entry, where)
            text_id = r.id_text(entry, "label_id", "label_id_status", where)
            label = replace(text_id, en=r.text(entry, "label_en", where, required=False))
            options.append(Option(value=r.integer(entry, "value", where), label=label))
        values = [option.value for option in options]
        if len(set(values)) != len(values):
            r.fail(path, _("nilai pilihan tidak boleh berulang"))
        parsed[name] = tuple(options)
    return parsed


def _parse_items(
    r: FieldReader, raw: list[Any], options: dict[str, tuple[Option, ...]]
) -> tuple[Item, ...]:
    if not raw:
        r.fail("items", _("tidak boleh kosong"))
    items = []
    for n, entry in enumerate(raw):
        where = _join("items", n)
        entry = r.obj(entry, where)
        number = r.integer(entry, "n", where)
        if number != n + 1:
            r.fail(_join(where, "n"), _("harus {expected}").format(expected=n + 1))
        option_format = entry.get("response_format", DEFAULT_FORMAT)
        if option_format not in options:
            r.fail(_join(where, "response_format"), _("format jawaban tidak ada di 'options'"))
        text = r.id_text(entry, "text_id", "text_id_status", where)
        text = replace(text, en=r.text(entry, "text_en", where))
        if text.id is None:
            r.fail(_join(where, "text_id"), _("teks Indonesia wajib ada"))
        reverse = r.get(entry, "reverse", where)
        if not isinstance(reverse, bool):
            r.fail(_join(where, "reverse"), _("harus true atau false"))
        items.append(
            Item(
                number=number,
                text=text,
                reverse=reverse,
                option_format=option_format,
                subscale=entry.get("subscale") if isinstance(entry.get("subscale"), str) else None,
                safety=r.boolean(entry, "safety_item", where, default=False),
            )
        )
    return tuple(items)


def _parse_difficulty(
    r: FieldReader, texts_en: dict[str, Any], texts_id: dict[str, Any]
) -> dict[str, Any]:
    question_en = r.text(texts_en, "difficulty_item", "language_texts.en", required=False)
    if question_en is None:
        return {}
    question = r.id_text(texts_id, "difficulty_item", "difficulty_status", "language_texts.id")
    options_en = r.list_of(texts_en, "difficulty_options", "language_texts.en")
    options_id = texts_id.get("difficulty_options") or [None] * len(options_en)
    if not isinstance(options_id, list) or len(options_id) != len(options_en):
        r.fail(
            "language_texts.id.difficulty_options", _("jumlahnya harus sama dengan bahasa Inggris")
        )
    return {
        "difficulty": replace(question, en=question_en),
        "difficulty_options": tuple(
            Text(en=en, id=id_, id_status=question.id_status)
            for en, id_ in zip(options_en, options_id, strict=True)
        ),
    }


def _parse_licence(r: FieldReader, raw: Any) -> Licence:
    entry = r.obj(raw, "licence")
    status = r.text(entry, "status", "licence")
    if status not in LICENCE_STATUSES:
        r.fail("licence.status", _("nilai tidak dikenal"))
    verified = r.get(entry, "verified", "licence")
    if not isinstance(verified, bool):
        r.fail("licence.verified", _("harus true atau false"))
    return Licence(
        status=status,
        summary=r.text(entry, "summary", "licence"),
        restrictions=r.text(entry, "restrictions", "licence", required=False),
        verified=verified,
    )


def _parse_subscales(
    r: FieldReader, scoring: dict[str, Any], items: tuple[Item, ...]
) -> tuple[Subscale, ...]:
    raw = scoring.get("subscales")
    if raw is None:
        return ()
    raw = r.obj(raw, "scoring.subscales")
    subscales = []
    seen: list[int] = []
    for name, numbers in raw.items():
        where = f"scoring.subscales.{name}"
        if not isinstance(numbers, list) or not all(isinstance(n, int) for n in numbers):
            r.fail(where, _("harus berupa daftar nomor butir"))
        for number in numbers:
            if not 1 <= number <= len(items) or items[number - 1].subscale != name:
                r.fail(where, _("butir {n} tidak termasuk subskala ini").format(n=number))
        seen.extend(numbers)
        subscales.append(Subscale(name=name, items=tuple(numbers)))
    if sorted(seen) != [item.number for item in items]:
        r.fail("scoring.subscales", _("setiap butir harus masuk tepat satu subskala"))
    return tuple(subscales)


def _parse_cutoffs(r: FieldReader, root: dict[str, Any]) -> tuple[Cutoff, ...]:
    cutoffs = []
    for n, entry in enumerate(root.get("cutoffs", [])):
        where = _join("cutoffs", n)
        entry = r.obj(entry, where)
        cutoffs.append(
            Cutoff(rule=r.text(entry, "rule", where), meaning=r.text(entry, "meaning", where))
        )
    return tuple(cutoffs)


def _parse_bands(r: FieldReader, root: dict[str, Any], instrument: Instrument) -> tuple[Band, ...]:
    raw = r.list_of(root, "bands", "")
    if instrument.band_basis == "none":
        if raw:
            r.fail("bands", _("harus kosong bila rehat_scoring.band_basis = 'none'"))
        return ()
    low_key, high_key = (
        ("min_pct", "max_pct")
        if instrument.band_basis == "percentage"
        else (
            "min",
            "max",
        )
    )
    bands = []
    for n, entry in enumerate(raw):
        where = _join("bands", n)
        entry = r.obj(entry, where)
        label = r.id_text(entry, "label_id", "label_id_status", where)
        bands.append(
            Band(
                low=r.number(entry, low_key, where),
                high=r.number(entry, high_key, where),
                label=replace(label, en=r.text(entry, "label_en", where)),
            )
        )
    if not bands:
        r.fail("bands", _("tidak boleh kosong"))
    low, high = instrument.score_range
    if instrument.percentage_factor is not None:
        low, high = low * instrument.percentage_factor, high * instrument.percentage_factor
    if bands[0].low != low or bands[-1].high != high:
        r.fail("bands", _("harus mencakup seluruh rentang {low}–{high}").format(low=low, high=high))
    for n, band in enumerate(bands):
        if band.low > band.high:
            r.fail(_join("bands", n), _("batas bawah melebihi batas atas"))
    for n, (before, after) in enumerate(itertools.pairwise(bands)):
        if not 0 < after.low - before.high <= 1:
            r.fail(_join("bands", n + 1), _("harus langsung menyambung kategori sebelumnya"))
    return tuple(bands)


def _check_scoring(r: FieldReader, scoring: dict[str, Any], instrument: Instrument) -> None:
    reverse = scoring.get("reverse_items", [])
    flagged = [item.number for item in instrument.items if item.reverse]
    if sorted(reverse) != flagged:
        r.fail("scoring.reverse_items", _("tidak sama dengan butir yang bertanda 'reverse'"))
    declared = scoring.get("range_raw", scoring.get("range"))
    if declared is not None and [Fraction(str(v)) for v in declared] != list(
        instrument.score_range
    ):
        r.fail("scoring.range", _("tidak cocok dengan nilai pilihan jawaban"))
    if instrument.band_basis == "subscales" and not instrument.subscales:
        r.fail("scoring.subscales", _("wajib ada bila kategori dihitung per subskala"))


def _check_rules(r: FieldReader, root: dict[str, Any], instrument: Instrument) -> None:
    safety = {item.number for item in instrument.items if item.safety}
    if safety != SAFETY_ITEMS.get(instrument.id, frozenset()):
        r.fail("items.safety_item", _("butir keselamatan tidak sesuai aturan Rehat"))
    if instrument.id in SCREENERS:
        threshold = SCREENERS[instrument.id][1]
        if [band.low for band in instrument.bands] != [0, threshold]:
            r.fail("bands", _("batas skrining positif harus {n}").format(n=threshold))
    if instrument.id == "k10":
        in_k6 = tuple(n + 1 for n, item in enumerate(root["items"]) if item.get("in_k6"))
        if in_k6 != K6_ITEMS_OF_K10:
            r.fail("items.in_k6", _("butir K6 harus 2, 4, 5, 8, 9, 10"))
