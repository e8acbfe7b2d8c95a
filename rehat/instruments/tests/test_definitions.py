import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from rehat.instruments.checks import check_instrument_definitions
from rehat.instruments.domain import (
    DefinitionError,
    get_instrument,
    list_instruments,
    load_instruments,
    score_answers,
)
from rehat.instruments.domain.definitions import SHIPPED, TEXT_STATUSES
from rehat.instruments.tests.conftest import packaged

DATA = Path(str(resources.files("rehat.instruments").joinpath("definitions")))


def test_load_instruments_ships_the_eleven_instruments():
    assert [instrument.id for instrument in list_instruments()] == list(SHIPPED)
    assert not {"bat12", "bat4", "uwes9"} & {p.stem for p in DATA.glob("*.json")}


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_packaged_copy_keeps_sources_and_licence(instrument_id):
    raw = packaged(f"{instrument_id}.json")
    instrument = get_instrument(instrument_id=instrument_id)
    assert raw["sources"] and instrument.sources == tuple(raw["sources"])
    assert instrument.licence.summary == raw["licence"]["summary"]
    assert instrument.licence.verified is raw["licence"]["verified"]


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_every_indonesian_item_text_exists_with_a_status(instrument_id):
    instrument = get_instrument(instrument_id=instrument_id)
    for item in instrument.items:
        assert item.text.id
        assert item.text.id_status in TEXT_STATUSES
    for options in instrument.options.values():
        for option in options:
            assert (option.label.id is None) is (option.label.en is None)


def test_working_translations_are_marked_where_the_source_had_none():
    # The research note had no Indonesian WHO-5 texts; PHQ-9 items were saved ones.
    assert {i.text.id_status for i in get_instrument(instrument_id="who5").items} == {"working"}
    phq9 = get_instrument(instrument_id="phq9")
    assert {i.text.id_status for i in phq9.items} == {"unverified-secondary"}
    assert (
        phq9.items[8].text.id
        == "Merasa lebih baik mati atau ingin melukai diri sendiri dengan cara apapun"
    )
    assert {b.label.id_status for b in phq9.bands} == {"working"}


def copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def edit(folder: Path, instrument_id: str, change) -> None:
    path = folder / f"{instrument_id}.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


BROKEN = [
    ("who5", lambda d: d.pop("licence"), "licence"),
    ("phq9", lambda d: d["items"][8].update(safety_item=False), "items.safety_item"),
    ("phq9", lambda d: d["items"][8].update(reverse="no"), "items[8].reverse"),
    ("pss10", lambda d: d["scoring"].update(reverse_items=[4, 5, 7]), "scoring.reverse_items"),
    ("gad7", lambda d: d["bands"][1].update(min=6), "bands[1]"),
    (
        "cbi",
        lambda d: d["options"]["frequency"][0].update(value="100"),
        "options.frequency[0].value",
    ),
    ("k10", lambda d: d["items"][2].pop("text_id_status"), "items[2].text_id_status"),
    ("k6", lambda d: d["scoring"].update(range=[0, 25]), "scoring.range"),
    ("phq2", lambda d: d["bands"][1].update(min=2) or d["bands"][0].update(max=1), "bands"),
    (
        "edmondson-ps7",
        lambda d: d["rehat_scoring"].update(aggregate="median"),
        "rehat_scoring.aggregate",
    ),
    ("single-item-burnout", lambda d: d["items"][0].update(n=2), "items[0].n"),
    ("who5", lambda d: d["licence"].update(status="maybe"), "licence.status"),
]


@pytest.mark.parametrize(("instrument_id", "change", "field"), BROKEN, ids=[b[2] for b in BROKEN])
def test_load_instruments_names_file_and_field_of_a_malformed_definition(
    tmp_path, instrument_id, change, field
):
    folder = copy_data(tmp_path)
    edit(folder, instrument_id, change)
    with pytest.raises(DefinitionError) as caught:
        load_instruments(data_dir=folder)
    assert caught.value.file == f"{instrument_id}.json"
    assert caught.value.field == field
    assert f"{instrument_id}.json" in str(caught.value) and field in str(caught.value)


def test_load_instruments_reports_invalid_json_with_its_line(tmp_path):
    folder = copy_data(tmp_path)
    (folder / "gad2.json").write_text('{\n  "id": "gad2",\n  oops\n}')
    with pytest.raises(DefinitionError, match=r"gad2\.json.*baris 3") as caught:
        load_instruments(data_dir=folder)
    assert caught.value.file == "gad2.json"


PHQ9_OFFICIAL = {
    "instrument": "phq9",
    "language": "id",
    "status": "validated",
    "source": "Terjemahan resmi berlisensi (contoh uji)",
    "instructions": "Petunjuk resmi.",
    "items": {str(n): f"Butir resmi {n}" for n in range(1, 10)},
    "options": {
        "0": "Tidak sama sekali",
        "1": "Beberapa hari",
        "2": "Lebih dari separuh hari",
        "3": "Hampir setiap hari",
    },
}


def test_override_file_replaces_texts_without_touching_scoring(agency_dir):
    before = score_answers(instrument="phq9", answers=[0] * 8 + [1])
    (agency_dir / "phq9.json").write_text(json.dumps(PHQ9_OFFICIAL))

    phq9 = get_instrument(instrument_id="phq9")

    assert [item.text.id for item in phq9.items][8] == "Butir resmi 9"
    assert {item.text.id_status for item in phq9.items} == {"validated"}
    assert phq9.options["default"][0].label.id == "Tidak sama sekali"
    assert phq9.instructions.id == "Petunjuk resmi."
    assert "Terjemahan resmi berlisensi" in phq9.texts_source
    assert (
        phq9.items[8].text.en
        == "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert score_answers(instrument=phq9, answers=[0] * 8 + [1]) == before
    assert get_instrument(instrument_id="who5").items[0].text.id_status == "working"


def test_override_folder_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("REHAT_INSTRUMENTS_DIR", str(tmp_path))
    (tmp_path / "phq9.json").write_text(json.dumps(PHQ9_OFFICIAL))
    assert get_instrument(instrument_id="phq9").items[0].text.id == "Butir resmi 1"


def test_cbi_override_needs_both_option_formats(agency_dir):
    texts = {
        "instrument": "cbi",
        "language": "id",
        "status": "validated",
        "source": "Contoh",
        "items": {str(n): f"Butir {n}" for n in range(1, 20)},
        "options": {"frequency": {str(v): f"F{v}" for v in (0, 25, 50, 75, 100)}},
    }
    (agency_dir / "cbi.json").write_text(json.dumps(texts))
    with pytest.raises(DefinitionError) as caught:
        get_instrument(instrument_id="cbi")
    assert caught.value.field == "options"
    texts["options"]["degree"] = {str(v): f"D{v}" for v in (0, 25, 50, 75, 100)}
    (agency_dir / "cbi.json").write_text(json.dumps(texts))
    assert get_instrument(instrument_id="cbi").options["degree"][0].label.id == "D100"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["items"].pop("9"), "items"),
        (lambda d: d.update(status="official"), "status"),
        (lambda d: d.update(instrument="gad7"), "instrument"),
        (lambda d: d["options"].pop("3"), "options"),
        (lambda d: d.pop("source"), "source"),
        (lambda d: d["items"].update({"2": ""}), "items.2"),
    ],
)
def test_malformed_override_names_file_and_field(agency_dir, change, field):
    texts = json.loads(json.dumps(PHQ9_OFFICIAL))
    change(texts)
    (agency_dir / "phq9.json").write_text(json.dumps(texts))
    with pytest.raises(DefinitionError) as caught:
        get_instrument(instrument_id="phq9")
    assert caught.value.file == str(agency_dir / "phq9.json")
    assert caught.value.field == field


def test_override_for_an_unshipped_instrument_is_refused(agency_dir):
    (agency_dir / "bat12.json").write_text("{}")
    with pytest.raises(DefinitionError, match="bat12"):
        list_instruments()


def test_system_check_reports_a_malformed_override(agency_dir):
    assert check_instrument_definitions(None) == []
    (agency_dir / "phq9.json").write_text(json.dumps({**PHQ9_OFFICIAL, "status": "official"}))
    errors = check_instrument_definitions(None)
    assert [error.id for error in errors] == ["instruments.E001"]
    assert "phq9.json" in errors[0].msg and "'status'" in errors[0].msg
