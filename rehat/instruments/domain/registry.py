"""Loading: the packaged definitions plus the agency's text overrides, cached.

An agency may replace an instrument's Indonesian texts by placing `<instrument>.json`
in the folder named by REHAT_INSTRUMENTS_DIR (see docs/instruments.md). Texts never
affect scoring: an override file cannot change items, values, reversals or bands.
A changed file in that folder is picked up on the next request.
"""

import functools
import json
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from rehat.instruments.domain.definitions import (
    CRISIS_FILE,
    DATA_PACKAGE,
    DEFAULT_FORMAT,
    SHIPPED,
    DefinitionError,
    FieldReader,
    Instrument,
    Option,
    UnknownInstrument,
    parse_definition,
)
from rehat.lib.env import env_str


def apply_text_override(*, instrument: Instrument, data: Any, file: str) -> Instrument:
    """Replace the Indonesian texts of `instrument`; scoring fields stay untouched."""
    r = FieldReader(file)
    root = r.obj(data, "")
    if root.get("instrument") != instrument.id:
        r.fail("instrument", _("harus '{id}'").format(id=instrument.id))
    if root.get("language") != "id":
        r.fail("language", _("hanya 'id' (Bahasa Indonesia) yang didukung"))
    status = r.status(root, "status", "")
    source = r.text(root, "source", "")
    texts = r.obj(r.get(root, "items", ""), "items")
    expected = {str(item.number) for item in instrument.items}
    if set(texts) != expected:
        r.fail("items", _("harus berisi tepat butir {numbers}").format(numbers=_range(expected)))
    items = tuple(
        replace(
            item,
            text=replace(item.text, id=r.text(texts, str(item.number), "items"), id_status=status),
        )
        for item in instrument.items
    )
    changes: dict[str, Any] = {"items": items, "texts_source": f"{source} ({file})"}
    if "instructions" in root:
        changes["instructions"] = replace(
            instrument.instructions, id=r.text(root, "instructions", ""), id_status=status
        )
    if "options" in root:
        changes["options"] = _override_options(r, root["options"], instrument, status)
    return replace(instrument, **changes)


def _override_options(
    r: FieldReader, raw: Any, instrument: Instrument, status: str
) -> dict[str, tuple[Option, ...]]:
    groups = r.obj(raw, "options")
    if set(instrument.options) == {DEFAULT_FORMAT}:
        groups = {DEFAULT_FORMAT: groups}
    elif set(groups) != set(instrument.options):
        r.fail(
            "options", _("harus berisi format {names}").format(names=", ".join(instrument.options))
        )
    result = {}
    for name, options in instrument.options.items():
        path = "options" if name == DEFAULT_FORMAT else f"options.{name}"
        labels = r.obj(groups[name], path)
        expected = {str(option.value) for option in options}
        if set(labels) != expected:
            r.fail(path, _("harus berisi tepat nilai {values}").format(values=_range(expected)))
        result[name] = tuple(
            replace(
                option,
                label=replace(
                    option.label, id=r.text(labels, str(option.value), path), id_status=status
                ),
            )
            for option in options
        )
    return result


def _range(values: set[str]) -> str:
    return ", ".join(sorted(values, key=int))


# Loading ------------------------------------------------------------------------


def read_json_file(path: Path | Any, file: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise DefinitionError(file=file, field="", problem=str(e)) from None
    except json.JSONDecodeError as e:
        raise DefinitionError(
            file=file,
            field=_("baris {line}, kolom {column}").format(line=e.lineno, column=e.colno),
            problem=_("bukan JSON yang sah ({message})").format(message=e.msg),
        ) from None


def load_instruments(
    *, data_dir: Path | None = None, overrides_dir: Path | None = None
) -> dict[str, Instrument]:
    """Read, check and return every shipped instrument, with agency text overrides."""
    folder: Any = data_dir or resources.files(DATA_PACKAGE).joinpath("definitions")
    loaded = {}
    for instrument_id in SHIPPED:
        file = f"{instrument_id}.json"
        instrument = parse_definition(data=read_json_file(folder.joinpath(file), file), file=file)
        if instrument.id != instrument_id:
            raise DefinitionError(file=file, field="id", problem=_("harus sama dengan nama berkas"))
        loaded[instrument_id] = instrument
    if overrides_dir is not None:
        _apply_overrides(loaded, overrides_dir)
    return loaded


def _apply_overrides(loaded: dict[str, Instrument], folder: Path) -> None:
    if not folder.is_dir():
        raise DefinitionError(
            file=str(folder), field="REHAT_INSTRUMENTS_DIR", problem=_("folder tidak ditemukan")
        )
    for path in sorted(folder.glob("*.json")):
        if path.name == CRISIS_FILE:
            continue
        instrument_id = path.stem
        if instrument_id not in loaded:
            raise DefinitionError(
                file=str(path),
                field="",
                problem=_("tidak ada instrumen '{id}'; nama berkas harus <instrumen>.json").format(
                    id=instrument_id
                ),
            )
        loaded[instrument_id] = apply_text_override(
            instrument=loaded[instrument_id], data=read_json_file(path, str(path)), file=str(path)
        )


def configured_overrides_dir() -> Path | None:
    """The agency folder: settings.INSTRUMENTS_DIR, else REHAT_INSTRUMENTS_DIR."""
    configured = getattr(settings, "INSTRUMENTS_DIR", None) or env_str("REHAT_INSTRUMENTS_DIR")
    return Path(configured) if configured else None


def folder_fingerprint(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Names, times and sizes of the agency's JSON files: a changed file reloads."""
    if folder is None or not folder.is_dir():
        return ()
    return tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(folder.glob("*.json"))
    )


@functools.lru_cache(maxsize=8)
def _registry(
    overrides_dir: Path | None, fingerprint: tuple[tuple[str, int, int], ...]
) -> Mapping[str, Instrument]:
    return load_instruments(overrides_dir=overrides_dir)


def _current_registry() -> Mapping[str, Instrument]:
    folder = configured_overrides_dir()
    return _registry(folder, folder_fingerprint(folder))


def list_instruments() -> list[Instrument]:
    return list(_current_registry().values())


def get_instrument(*, instrument_id: str) -> Instrument:
    try:
        return _current_registry()[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id) from None


def withheld_instruments() -> list[tuple[str, str]]:
    """Instruments in the research note that Rehat deliberately does not ship."""
    return [
        (
            "Burnout Assessment Tool (BAT-23, BAT-12, BAT4)",
            _(
                "Hak cipta dilindungi: manualnya melarang penggandaan tanpa izin tertulis "
                "dari penulis. Teks butirnya tidak disimpan."
            ),
        ),
        (
            "Utrecht Work Engagement Scale (UWES-9)",
            _(
                "Hanya bebas untuk penelitian ilmiah nonkomersial; layanan skrining rutin "
                "instansi memerlukan izin tertulis. Teks butirnya tidak disimpan."
            ),
        ),
    ]
