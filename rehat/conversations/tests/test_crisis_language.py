import copy
import json
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehat.conversations.domain.crisis_language import (
    LEXICON_FILE,
    CrisisMatch,
    LexiconError,
    detect_crisis,
    load_lexicon,
    normalise_text,
    parse_lexicon,
    shipped_lexicon,
)

SHIPPED = json.loads(
    resources.files("rehat.conversations").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
)

# (message, expected category). Formal, informal, WhatsApp style, regional words.
INDONESIAN_POSITIVES = [
    ("saya ingin mengakhiri hidup", "suicide"),
    ("rasanya pengen mati aja", "suicide"),
    ("gak kuat lagi pengen bundir", "suicide"),
    ("aku mau nyakitin diri sendiri", "self_harm"),
    ("lebih baik aku tidak ada", "hopeless_intent"),
    ("capek hidup", "hopeless_intent"),
    ("sudah tidak ada gunanya hidup", "hopeless_intent"),
    ("aku sudah siapin tali", "suicide"),
    ("suami saya memukul saya", "danger"),
    ("Saya berpikir untuk bunuh diri.", "suicide"),
    ("sy pgn mati aj", "suicide"),
    ("gue pengen banget mati", "suicide"),
    ("aku ingin sekali rasanya mati", "suicide"),
    ("pengen mati rasanya", "suicide"),
    ("laptop rusak, pengen mati rasanya", "suicide"),
    ("mending gue mati aja", "suicide"),
    ("lebih baik saya mati saja", "suicide"),
    ("kepikiran bunuh diri terus tiap malam", "suicide"),
    ("aku udah gak mau hidup lagi", "hopeless_intent"),
    ("gw udh ga pengen hidup", "hopeless_intent"),
    ("sy capek hidup pak", "hopeless_intent"),
    ("bosen hidup bgt", "hopeless_intent"),
    ("males idup", "hopeless_intent"),
    ("buat apa aku hidup kalau cuma jadi beban", "hopeless_intent"),
    ("semua orang lebih baik tanpa aku", "hopeless_intent"),
    ("aku cuma jadi beban, gak kuat lagi", "hopeless_intent"),
    ("aku berharap tidak pernah dilahirkan", "hopeless_intent"),
    ("dunia tidak membutuhkan saya lagi", "hopeless_intent"),
    ("hidupku ga ada gunanya", "hopeless_intent"),
    ("aku mau loncat dari lantai 10 kantor", "suicide"),
    ("pengen terjun dari jembatan", "suicide"),
    ("udah nyiapin obat tidur sebanyak-banyaknya", "suicide"),
    ("mau minum baygon aja", "suicide"),
    ("aku sering nyilet tangan kalau stres", "self_harm"),
    ("kemarin aku nyayat tangan lagi", "self_harm"),
    ("aku suka ngelukain diri sendiri", "self_harm"),
    ("aku self-harm lagi semalam", "self_harm"),
    ("pengen tidur selamanya", "suicide"),
    ("aku pengen ngilang selamanya", "suicide"),
    ("ini pesan terakhir aku, selamat tinggal semuanya", "suicide"),
    ("aku pengen gantung diri", "suicide"),
    ("pengen ngakhirin semuanya", "suicide"),
    ("suami saya sering mukulin saya", "danger"),
    ("saya korban KDRT", "danger"),
    ("istri saya mengancam akan membunuh saya", "danger"),
    ("pacar aku nampar aku tadi malam", "danger"),
    ("aku takut pulang ke rumah, suami mabuk", "danger"),
    ("saya dicekik suami", "danger"),
    ("aku dipukuli bapak tiri", "danger"),
    ("aku ga aman di rumah", "danger"),
    ("dia ngancem bakal bunuh aku", "danger"),
    # Sundanese, Javanese.
    ("hoyong paeh wae", "suicide"),
    ("aku wes ora kuat urip", "hopeless_intent"),
    ("pengen nglalu", "suicide"),
]

ENGLISH_POSITIVES = [
    ("I want to die", "suicide"),
    ("I want to kill myself", "suicide"),
    ("kms honestly", "suicide"),
    ("I'm going to end my life tonight", "suicide"),
    ("I don't want to live anymore", "hopeless_intent"),
    ("I wish I were dead", "suicide"),
    ("everyone would be better off without me", "hopeless_intent"),
    ("I keep hurting myself", "self_harm"),
    ("I've been cutting myself again", "self_harm"),
    ("there is no reason to live", "hopeless_intent"),
    ("I'm thinking about suicide", "suicide"),
    ("my husband hits me when he drinks", "danger"),
    ("he threatened to kill me", "danger"),
    ("I'm not safe at home", "danger"),
    ("I can't go on, it's hopeless", "hopeless_intent"),
    ("I want to unalive myself", "suicide"),
    ("I took all my pills", "suicide"),
    ("I'm going to jump off the bridge", "suicide"),
]

# Everyday workplace talk, idioms with "mati"/"bunuh"/"kill"/"die", other readings.
NEGATIVES = [
    "capek banget lembur terus",
    "mati lampu di kantor",
    "atasan bikin kesel",
    "deadline bikin mati kutu",
    "HP saya mati",
    "bunuh waktu nunggu rapat",
    "kill the app",
    "capek setengah mati nyusun laporan",
    "mati gaya nunggu jemputan",
    "hp aku mau mati, nanti aku telpon balik",
    "baterai laptop gue mau mati",
    "listrik mati dari pagi",
    "kerja mati-matian demi target tapi gak dihargai",
    "kerja mati2an demi target",
    "kemarin printer kantor mati total",
    "rapat pukul 3 sore di ruang bupati",
    "Pak Kadis memukul gong tanda pembukaan",
    "nilainya dipukul rata semua",
    "ditampar kenyataan, gaji habis tanggal 20",
    "pengen resign aja rasanya",
    "pengen cuti seminggu",
    "aku capek sama kerjaan ini",
    "udah gak kuat lagi sama kerjaan ini",
    "atasan saya suka marah-marah",
    "beban kerja terlalu berat",
    "besok ada webinar pencegahan bunuh diri di aula",
    "HP saya hilang di angkot",
    "pengen bunuh nyamuk di ruangan",
    "mengakhiri masa lajang bulan depan",
    "kaki mati rasa kesemutan",
    "mau beli tali rafia buat acara 17an",
    "jam dinding mati",
    "pengen ngilang dari grup WA kantor",
    "lampu ruangan pengen aku matiin",
    "I'm dying to see you",
    "kill the process and restart",
    "this deadline is killing me",
    "I'm dead tired",
    "my phone died",
    "I could kill for a coffee right now",
    "the server is dead again",
    "bored to death in this meeting",
    "we killed it at the presentation",
    "to die for cake",
]


@pytest.mark.parametrize(("text", "category"), INDONESIAN_POSITIVES)
def test_detect_crisis_finds_indonesian_crisis_language(text, category):
    match = detect_crisis(text=text)

    assert match is not None
    assert match.category == category


@pytest.mark.parametrize(("text", "category"), ENGLISH_POSITIVES)
def test_detect_crisis_finds_english_crisis_language(text, category):
    match = detect_crisis(text=text)

    assert match is not None
    assert match.category == category


@pytest.mark.parametrize("text", NEGATIVES)
def test_detect_crisis_ignores_everyday_talk(text):
    assert detect_crisis(text=text) is None


def test_detect_crisis_names_the_lexicon_entry_not_the_text():
    match = detect_crisis(text="Pak, jujur rasanya pengen mati, nama saya Budi")

    assert match == CrisisMatch(category="suicide", key="id:ingin mati")


def test_detect_crisis_checks_the_whole_message_after_an_exception():
    text = "mati lampu lagi di kantor. jujur rasanya pengen mati"

    assert detect_crisis(text=text) == CrisisMatch(category="suicide", key="id:ingin mati")


def test_detect_crisis_adds_weights_of_different_entries():
    assert detect_crisis(text="selamat tinggal") is None
    assert detect_crisis(text="gak kuat lagi") is None

    match = detect_crisis(text="gak kuat lagi, gak ada harapan")

    assert match is not None
    assert match.category == "hopeless_intent"


def test_detect_crisis_counts_overlapping_entries_once():
    # "selamat tinggal semuanya" (2) contains "selamat tinggal" (1): still only 2.
    assert detect_crisis(text="selamat tinggal semuanya") is None


def test_detect_crisis_allows_two_filler_words_but_not_three():
    assert detect_crisis(text="aku ingin banget rasanya mati") is not None
    assert detect_crisis(text="aku ingin banget sekali rasanya mati") is None


def test_detect_crisis_of_empty_text_is_none():
    assert detect_crisis(text="") is None
    assert detect_crisis(text="   🙏😭!!! ") is None


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("MATIIIII", ("mati",)),
        ("pengeeen matiii ajaaa", ("ingin", "mati", "saja")),
        ("p3ng3n m4ti", ("ingin", "mati")),
        ("m@ti", ("mati",)),
        ("pengen😭mati😭aja!!!", ("ingin", "mati", "saja")),
        ("ｍａｔｉ", ("mati",)),
        ("capé", ("capek",)),
        ("gue gw saya aku", ("aku", "aku", "aku", "aku")),
        ("gk ga gak nggak tidak", ("tidak",) * 5),
        ("pengen pingin ingin mau", ("ingin",) * 4),
        ("bundir", ("bunuh", "diri")),
        ("bunuh-diri", ("bunuh", "diri")),
        ("gamau", ("tidak", "ingin")),
        ("hidupku dirinya matilah", ("hidup", "diri", "mati")),
        ("rasanya", ("rasanya",)),
        ("mati2an", ("mati", "matian")),
        ("I'm don’t", ("i", "am", "do", "not")),
        ("lantai 10", ("lantai", "10")),
    ],
)
def test_normalise_text_folds_informal_spellings(text, tokens):
    assert normalise_text(text=text) == tokens


@pytest.mark.parametrize(
    "text",
    ["MAU MATI AJA", "mau matiiiii ajaaaa", "m4u m4ti 4j4", "mau. mati. aja.", "mau 😭 mati 😭"],
)
def test_detect_crisis_sees_through_spelling(text):
    assert detect_crisis(text=text) == CrisisMatch(category="suicide", key="id:ingin mati")


def test_every_always_phrase_is_detected_on_its_own():
    lexicon = shipped_lexicon()
    for language in ("id", "en"):
        for entry in SHIPPED["phrases"][language]:
            if entry.get("always") and "{" not in entry["phrase"]:
                match = detect_crisis(text=entry["phrase"], lexicon=lexicon)
                assert match is not None, entry["phrase"]
                assert match.category == entry["category"], entry["phrase"]


def test_shipped_lexicon_covers_every_category_in_both_languages():
    for language in ("id", "en"):
        used = {entry["category"] for entry in SHIPPED["phrases"][language]}
        assert used == set(SHIPPED["categories"])


def test_shipped_lexicon_is_cached():
    assert shipped_lexicon() is shipped_lexicon()


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "crisis.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _broken(change):
    data = copy.deepcopy(SHIPPED)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("threshold"), "threshold"),
        (lambda d: d.update(max_gap=9), "max_gap"),
        (lambda d: d["phrases"]["id"][0].update(category="sadness"), "phrases.id[0].category"),
        (lambda d: d["phrases"]["en"][1].pop("phrase"), "phrases.en[1].phrase"),
        (lambda d: d["phrases"]["id"][0].update(weight=2), "phrases.id[0].weight"),
        (lambda d: d["phrases"]["id"][8].pop("weight"), "phrases.id[8].weight"),
        (lambda d: d["phrases"]["id"][2].update(phrase="ingin {nothing}"), "phrases.id[2].phrase"),
        (lambda d: d["phrases"].pop("en"), "phrases.en"),
        (lambda d: d["exceptions"]["id"][0].update(max_gap="1"), "exceptions.id[0].max_gap"),
        (lambda d: d["groups"]["device"].append("obat tidur"), "groups.device["),
        (lambda d: d["normalisation"]["aliases"]["tidak"].append("mau"), "normalisation.aliases"),
        (lambda d: d["normalisation"]["leet"].update(x="y"), "normalisation.leet.x"),
    ],
)
def test_load_lexicon_names_the_file_and_the_field(tmp_path, change, field):
    path = _write(tmp_path, _broken(change))

    with pytest.raises(LexiconError) as raised:
        load_lexicon(path=path)

    assert raised.value.file == str(path)
    assert raised.value.field.startswith(field)
    assert str(path) in str(raised.value)
    assert field in str(raised.value)


def test_load_lexicon_reports_invalid_json(tmp_path):
    path = tmp_path / "crisis.json"
    path.write_text('{"threshold": 3,', encoding="utf-8")

    with pytest.raises(LexiconError, match=r"crisis\.json") as raised:
        load_lexicon(path=path)

    assert "invalid JSON at line 1" in raised.value.problem


def test_parse_lexicon_accepts_a_minimal_lexicon():
    data = {
        "threshold": 2,
        "max_gap": 1,
        "categories": {"suicide": "…"},
        "normalisation": {"leet": {}, "suffixes": ["nya"], "keep": ["ok"], "aliases": {}},
        "groups": {},
        "phrases": {"id": [{"phrase": "ingin mati", "category": "suicide", "always": True}]},
        "exceptions": {"id": [], "en": []},
    }
    data["phrases"]["en"] = []

    lexicon = parse_lexicon(data=data, file="mini.json")

    assert detect_crisis(text="ingin banget mati", lexicon=lexicon) is not None
    assert detect_crisis(text="ingin banget sekali mati", lexicon=lexicon) is None


def test_detect_crisis_takes_under_a_millisecond_for_2000_characters():
    base = (
        "Pak, saya mau cerita. Kemarin mati lampu di kantor, deadline bikin mati kutu, "
        "atasan bikin kesel bgt, capek lembur terus sampai malam 😩. HP saya mati, laptop juga. "
    )
    text = (base * 20)[:2000]
    detect_crisis(text=text)

    best = min(_timed(text) for _ in range(20))

    # Measured about 0.4 ms; the margin absorbs a busy CI machine.
    assert best < 0.002


def _timed(text: str) -> float:
    start = time.perf_counter()
    detect_crisis(text=text)
    return time.perf_counter() - start


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_detect_crisis_never_crashes_and_is_deterministic(text):
    first = detect_crisis(text=text)

    assert detect_crisis(text=text) == first
    assert first is None or isinstance(first, CrisisMatch)
    assert normalise_text(text=text) == normalise_text(text=text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["aku", "mau", "mati", "lampu", "hp", "bunuh", "diri", "waktu", "m4ti", "2", "!", "😭"]
        ),
        max_size=30,
    )
)
def test_detect_crisis_never_crashes_on_lexicon_words(words):
    text = " ".join(words)

    assert detect_crisis(text=text) == detect_crisis(text=text)
