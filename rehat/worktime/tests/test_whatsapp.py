import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehat.worktime.domain import whatsapp
from rehat.worktime.domain.whatsapp import (
    ChatUnreadable,
    classify_notice,
    open_chat_text,
    parse_chat,
    pseudonym,
    second_of,
)

FIXTURES = Path(__file__).parent / "fixtures"
VARIANTS = sorted(path.stem for path in FIXTURES.glob("*.txt"))
MONTH_FIRST = {
    "en_us_android",
    "en_us_android_2023",
    "en_us_ios",
    "en_us_ios_2023",
    "id_ios_2018",
    "id_ios_region_us",
    "ja_era_ios",
    "legacy_12h",
    "th_buddhist_ios",
}
TWELVE_HOUR = {
    "ar_digits_ios",
    "en_us_android",
    "en_us_android_2023",
    "en_us_ios",
    "en_us_ios_2023",
    "en_in_android",
    "es_android",
    "es_ios",
    "id_ios_2018",
    "legacy_12h",
}


def _parse(text: str, **options: object):
    return parse_chat(text=io.StringIO(text), salt=b"salt", **options)  # type: ignore[arg-type]


def _parse_file(path: Path):
    with path.open("rb") as source:
        return parse_chat(text=open_chat_text(source=source, name=path.name), salt=b"salt")


@pytest.mark.parametrize("variant", VARIANTS)
def test_fixture_variant_reads_every_entry(variant):
    activity = _parse_file(FIXTURES / f"{variant}.txt")

    detection = activity.detection
    assert activity.message_count() == 6
    assert activity.notice_count() == 2
    assert activity.active_authors() == 3
    assert activity.bounds() == (
        datetime.datetime(2022, 3, 14, 8, 5),
        datetime.datetime(2022, 3, 20, 9, 30),
    )
    assert detection.platform == (
        "ios" if "ios" in variant else "whatsapp_viewer" if "viewer" in variant else "android"
    )
    expected_order = (
        "ymd" if variant.startswith("ymd") else "mdy" if variant in MONTH_FIRST else "dmy"
    )
    assert detection.date_order == expected_order
    assert detection.ambiguous is False
    assert detection.clock == ("12h" if variant in TWELVE_HOUR else "24h")
    assert dict(activity.activity_kinds) == {"deleted": 1, "media_omitted": 1}
    assert sum(len(v) for v in activity.requests.values()) == 1


def test_indonesian_android_notices_do_not_glue_onto_the_next_message():
    text = (
        "01/02/23 21.40 - Dewi menambahkan +62 812-3456-7890\n"
        "02/01/23 21.42 - Dewi: Halo\n"
        "02/01/23 21.43 - Budi keluar\n"
        "02/01/23 21.44 - Ani: Hai\n"
    )

    activity = _parse(text)

    assert activity.message_count() == 2
    assert activity.active_authors() == 2
    assert dict(activity.notice_kinds) == {"added": 1, "left": 1}


def test_ios_notice_from_the_chat_name_is_not_a_message():
    text = (
        "[14/03/22 08.05.00] Kantor: Messages and calls are end-to-end encrypted. Tap.\n"
        "[14/03/22 08.06.00] Kantor: \u200eAni menambahkan Budi\n"
        "[14/03/22 08.07.00] Ani: Ani menambahkan Budi ke daftar\n"
    )

    activity = _parse(text)

    assert activity.message_count() == 1
    assert activity.notice_count() == 2


def test_android_notice_with_colon_in_subject_is_a_notice():
    text = '14/03/22 08.05 - Ani mengubah subjek dari "Rapat: Senin" menjadi "Rapat"\n'

    activity = _parse(text)

    assert activity.message_count() == 0
    assert dict(activity.notice_kinds) == {"subject": 1}


def test_ambiguous_dates_are_reported_not_guessed_silently():
    text = "03/04/23 10.00 - Ani: a\n03/04/23 10.05 - Budi: b\n05/04/23 11.00 - Ani: c\n"

    activity = _parse(text)

    assert activity.detection.ambiguous is True
    assert activity.detection.decided_by == "default"
    assert activity.detection.date_order == "dmy"


def test_declared_order_settles_an_ambiguous_file():
    text = "03/04/23 10.00 - Ani: a\n05/04/23 11.00 - Budi: c\n"

    activity = _parse(text, date_order="mdy")

    assert activity.detection.ambiguous is False
    assert activity.detection.decided_by == "declared"
    assert sorted(activity.messages) == [datetime.date(2023, 3, 4), datetime.date(2023, 5, 4)]


def test_declared_order_cannot_contradict_a_day_above_12():
    activity = _parse("25/04/23 10.00 - Ani: a\n", date_order="mdy")

    assert activity.detection.date_order == "dmy"
    assert activity.detection.decided_by == "value_above_12"


def test_decreasing_first_field_within_a_year_means_day_first():
    text = "10/01/23 10.00 - Ani: a\n11/01/23 10.00 - Ani: b\n02/02/23 10.00 - Ani: c\n"

    activity = _parse(text)

    assert (activity.detection.date_order, activity.detection.decided_by) == ("dmy", "decreasing")


def test_equal_day_and_month_need_no_decision():
    activity = _parse("05/05/23 10.00 - Ani: a\n")

    assert activity.detection.decided_by == "not_needed"
    assert activity.detection.ambiguous is False


def test_out_of_order_lines_give_true_first_and_last():
    text = (
        "20/03/22 09.30 - Ani: later\n14/03/22 08.05 - Budi: earlier\n15/03/22 07.00 - Ani: mid\n"
    )

    activity = _parse(text)

    assert activity.bounds() == (
        datetime.datetime(2022, 3, 14, 8, 5),
        datetime.datetime(2022, 3, 20, 9, 30),
    )


def test_impossible_times_are_read_or_skipped_without_crashing():
    text = (
        "1/29/18, 23:59 PM - Ani: a\n"
        "1/29/18, 00:23 AM - Budi: b\n"
        "1/29/18, 25:10 - Ani: c\n"
        "2/30/18, 10:10 AM - Ani: d\n"
    )

    activity = _parse(text)

    seconds = sorted(second_of(v) for v in activity.messages[datetime.date(2018, 1, 29)])
    assert seconds == [23 * 60, 23 * 3600 + 59 * 60]
    assert activity.skipped == {"impossible_am_pm": 1, "impossible_time": 1, "impossible_date": 1}


def test_multi_line_message_and_header_shaped_continuations_stay_in_the_message():
    text = (
        "14/03/22 16.45 - Ani: Mohon\n"
        "2016-04-29 10:30:00 contoh\n"
        "08.00 rapat\n"
        "dikirim malam ini\n"
        "14/03/22 16.50 - Budi: ok\n"
    )

    activity = _parse(text)

    assert activity.message_count() == 2
    assert sum(len(v) for v in activity.requests.values()) == 1


def test_window_keeps_dates_from_inclusive_to_exclusive():
    text = "13/03/22 10.00 - Ani: a\n14/03/22 10.00 - Ani: b\n15/03/22 10.00 - Ani: c\n"

    activity = _parse(text, start=datetime.date(2022, 3, 14), end=datetime.date(2022, 3, 15))

    assert list(activity.messages) == [datetime.date(2022, 3, 14)]


def test_zip_is_opened_by_member_name():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("__MACOSX/._chat.txt", b"\x00\x05\x16\x07binary")
        archive.writestr("IMG-20220314-WA0001.jpg", b"\xff\xd8\xff")
        archive.writestr("_chat.txt", (FIXTURES / "id_ios.txt").read_bytes())
    buffer.seek(0)

    activity = parse_chat(text=open_chat_text(source=buffer, name="chat.zip"), salt=b"s")

    assert activity.message_count() == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tidak ada baris"),
        (b"hello\nworld\n", "Tidak ada baris"),
        (b"\x00\x01\x02binary" * 10, "biner"),
        (b"PK\x03\x04broken", "zip"),
        (b"10:35 PM, 07 20 - Ani: no year\n9:12 AM, 07 20 - Budi: ok\n", "tanpa tahun"),
    ],
)
def test_unreadable_files_get_a_clear_message(content, message):
    with pytest.raises(ChatUnreadable) as raised:
        parse_chat(text=open_chat_text(source=io.BytesIO(content), name="x.txt"), salt=b"s")

    assert message in raised.value.message


def test_zip_without_chat_text_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("IMG-1.jpg", b"\xff\xd8")
    buffer.seek(0)

    with pytest.raises(ChatUnreadable):
        open_chat_text(source=buffer, name="x.zip")


def test_pseudonym_ignores_invisible_marks_and_depends_on_the_salt():
    plain = pseudonym(salt=b"a", name="+62 812 3456")

    assert pseudonym(salt=b"a", name="\u202a+62\u00a0812 3456\u202c") == plain
    assert pseudonym(salt=b"b", name="+62 812 3456") != plain


def test_notice_templates_need_trust():
    assert classify_notice(text="Ani added Budi", trusted=True) == "added"
    assert classify_notice(text="Ani added Budi", trusted=False) is None


HEADERS = st.sampled_from(
    [
        "14/03/22 08.05 - ",
        "[3/18/22 14.56.01] ",
        "1/29/18, 12:24\u202fPM - ",
        "\ufeff[",
        "99/99/99 99.99 - ",
    ]
)
LINES = st.lists(
    st.one_of(st.text(max_size=40), st.builds(lambda h, t: h + t, HEADERS, st.text(max_size=30))),
    max_size=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_any_text_gives_a_result_or_a_clear_error(lines):
    try:
        activity = _parse("\n".join(lines))
    except ChatUnreadable as error:
        assert error.message
    else:
        assert activity.message_count() + activity.notice_count() >= 0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_result_or_a_clear_error(content):
    try:
        parse_chat(text=open_chat_text(source=io.BytesIO(content), name="x"), salt=b"s")
    except ChatUnreadable as error:
        assert error.message


@pytest.mark.parametrize(
    ("variant", "shape"),
    [
        ("whatsapp_viewer", "DD.MM.YYYY - HH:MM:SS; Name: text"),
        ("ar_digits_ios", "[DD/MM/YYYY h:MM:SS AM/PM] Name: text"),
        ("th_buddhist_ios", "[MM/DD/YYYY HH:MM:SS] Name: text"),
        ("ja_era_ios", "[MM/DD/YY HH:MM:SS] Name: text"),
        ("legacy_12h", "MM/DD/YY h:MM:SS AM/PM: Name: text"),
        ("legacy_24h", "DD/MM/YYYY HH:MM:SS: Name: text"),
        ("id_android", "DD/MM/YY HH.MM - Name: text"),
    ],
)
def test_detection_reports_the_header_shape(variant, shape):
    activity = _parse_file(FIXTURES / f"{variant}.txt")

    assert activity.detection.format == shape


def test_arabic_digits_and_marks_read_as_day_first_twelve_hours():
    activity = _parse_file(FIXTURES / "ar_digits_ios.txt")

    day = datetime.date(2022, 3, 14)
    assert sorted(second_of(v) for v in activity.messages[day]) == [
        8 * 3600 + 5 * 60,
        16 * 3600 + 45 * 60,
        21 * 3600 + 30 * 60,
    ]
    assert activity.notice_kinds == {"encryption": 1, "added": 1}


def _chat(entries: int) -> str:
    """A chat with new authors arriving late, notices, multi-line and out-of-order lines."""
    lines = []
    for i in range(entries):
        day, minute = divmod(i * 37, 24 * 60)
        stamp = f"{1 + day % 28:02d}/{1 + day // 28 % 12:02d}/23 {minute // 60:02d}.{minute % 60:02d} - "
        if i % 97 == 0:
            lines.append(f"{stamp}Orang{i % 5} menambahkan Orang{i % 7}")
        elif i % 41 == 0:
            lines.append(f"{stamp}Orang{i // 500}: mohon dikirim segera\nbaris kedua\n")
        elif i % 53 == 0:
            lines.append(f"{stamp}Orang{i % 3}: <Media tidak disertakan>")
        else:
            lines.append(f"{stamp}Orang{(i * 7) % (3 + i // 400)}: pesan {i}")
    lines.insert(5, lines.pop(-1))  # a line far out of order
    return "\n".join(lines) + "\n"


def test_chunk_boundaries_change_nothing(monkeypatch):
    text = _chat(3000)
    whole = _parse(text)
    monkeypatch.setattr(whatsapp, "CHUNK", 300)

    pieces = _parse(text)

    assert pieces.messages == whole.messages
    assert pieces.notices == whole.notices
    assert pieces.requests == whole.requests
    assert pieces.authors == whole.authors
    assert (pieces.notice_kinds, pieces.activity_kinds) == (
        whole.notice_kinds,
        whole.activity_kinds,
    )
    assert whole.message_count() + whole.notice_count() == 3000
    assert whole.active_authors() == 10


def test_android_lines_in_other_digits_are_read_by_the_general_pattern():
    # The short Android pattern only knows ASCII digits: a chunk holding a header in
    # Eastern Arabic digits must go to the general pattern and lose nothing.
    arabic = str.maketrans(
        "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    )
    lines = [f"14/03/22 {h:02d}.05 - Budi: pesan {h}" for h in range(8, 12)]
    lines.insert(2, "14/03/22 21.30 - Siti: malam".translate(arabic))

    activity = _parse("\n".join(lines) + "\n")

    day = datetime.date(2022, 3, 14)
    assert sorted(second_of(v) for v in activity.messages[day]) == [
        8 * 3600 + 5 * 60,
        9 * 3600 + 5 * 60,
        10 * 3600 + 5 * 60,
        11 * 3600 + 5 * 60,
        21 * 3600 + 30 * 60,
    ]
    assert activity.active_authors() == 2


def test_more_people_than_the_author_limit_are_refused_clearly():
    def chat(people: int) -> str:
        return "".join(f"14/03/22 09.{i % 60:02d} - Orang {i}: halo\n" for i in range(people))

    assert _parse(chat(whatsapp.MAX_AUTHORS)).active_authors() == 4096
    with pytest.raises(ChatUnreadable) as refused:
        _parse(chat(whatsapp.MAX_AUTHORS + 1))
    assert refused.value.message.startswith(
        "Terlalu banyak pengirim dalam satu berkas: lebih dari 4.096 orang."
    )


def test_the_hint_fold_covers_every_letter_ignorecase_matches():
    letters = re.compile("[a-z]", re.IGNORECASE)
    folded = [
        chr(c)
        for c in range(0x80, 0x110000)
        if not 0xD800 <= c <= 0xDFFF and letters.fullmatch(chr(c))
    ]

    assert {c: c.translate(whatsapp._HINT_FOLD).lower() for c in folded} == {
        "\u0130": "i",
        "\u0131": "i",
        "\u017f": "s",
        "\u212a": "k",
    }


def test_short_notice_words_match_without_regard_to_case():
    text = (
        "14/03/22 16.45 - Ani: MOHON laporan SEGERA\n"
        "14/03/22 16.46 - Ani: Tolong kirim BESOK PAGI\n"
        "14/03/22 16.47 - Ani: besok pagi saja\n"
        "14/03/22 16.48 - Ani: mohonnya segeranya\n"
        "14/03/22 14.00 - Ani: mohon segera\n"
    )

    activity = _parse(text)

    assert sum(len(v) for v in activity.requests.values()) == 2
