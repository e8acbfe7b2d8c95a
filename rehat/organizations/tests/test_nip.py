"""Structural validation of NIP (PNS) and NI PPPK numbers (indonesia.md §4)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehat.organizations.domain.nip import build_nip, check_nip, normalize_nip

TODAY = datetime.date(2025, 6, 1)


def errors(raw, kind="PNS"):
    return check_nip(raw, kind, today=TODAY).errors


def test_good_pns_nip_gives_birth_date_and_sex():
    check = check_nip("198609262015051001", "PNS", today=TODAY)
    assert (check.ok, check.nip, check.birth_date, check.sex) == (
        True,
        "198609262015051001",
        datetime.date(1986, 9, 26),
        "M",
    )


def test_good_pppk_number():
    check = check_nip("199009132025242014", "PPPK", today=TODAY)
    assert (check.ok, check.birth_date, check.sex) == (True, datetime.date(1990, 9, 13), "F")


@pytest.mark.parametrize(
    "raw", ["19860926 201505 1 001", "19860926.201505.1.001", " 19860926-201505-1-001 "]
)
def test_spaces_dots_and_dashes_are_allowed(raw):
    assert normalize_nip(raw) == "198609262015051001"
    assert errors(raw) == []


@pytest.mark.parametrize("raw", ["12345", "1986092620150510011", "19860926201505100X", ""])
def test_wrong_length_or_non_digits(raw):
    assert errors(raw) == [f"Harus 18 angka (spasi dan titik boleh); yang diberikan: {raw}."]


def test_birth_date_must_be_a_real_date():
    assert errors("198602302015051001") == [
        "Digit 1–8 (tanggal lahir) 19860230 bukan tanggal yang valid."
    ]


def test_birth_date_must_be_plausible():
    assert errors("189901012015051001") == [
        "Digit 1–8 (tanggal lahir) 18990101 berada di luar rentang yang mungkin."
    ]


def test_tmt_month_must_exist():
    assert errors("198609262015131001") == ["Digit 9–14 (TMT CPNS) 201513: bulan harus 01–12."]


def test_tmt_must_not_be_in_the_future():
    assert errors("198609262025071001") == ["Digit 9–14 (TMT CPNS) 202507 berada di masa depan."]


def test_tmt_must_come_after_age_18():
    assert errors("199001012005011001") == [
        "Digit 9–14 (TMT CPNS) 200501: sebelum usia 18 tahun menurut tanggal lahir."
    ]


def test_sex_digit_must_be_1_or_2():
    assert errors("198609262015053001") == [
        "Digit 15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), bukan 3."
    ]


def test_sequence_must_not_be_000():
    assert errors("198609262015051000") == ["Digit 16–18 (nomor urut) harus 001–999, bukan 000."]


def test_each_wrong_part_is_named():
    assert errors("198602302015133000") == [
        "Digit 1–8 (tanggal lahir) 19860230 bukan tanggal yang valid.",
        "Digit 9–14 (TMT CPNS) 201513: bulan harus 01–12.",
        "Digit 15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), bukan 3.",
        "Digit 16–18 (nomor urut) harus 001–999, bukan 000.",
    ]


def test_pppk_year_range():
    assert errors("199009132018212014", "PPPK") == [
        "Digit 9–12 (tahun pengangkatan PPPK) 2018 harus antara 2019 dan 2025."
    ]


def test_pppk_year_after_age_18():
    assert errors("200801012022212014", "PPPK") == [
        "Digit 9–12 (tahun pengangkatan PPPK) 2022: sebelum usia 18 tahun."
    ]


def test_pppk_contract_code_is_not_read_as_a_month():
    # "24" in digits 13–14 is a contract code for PPPK, but no month for a PNS NIP.
    assert errors("199009132025242014", "PPPK") == []
    assert errors("199009132025242014", "PNS") == [
        "Digit 9–14 (TMT CPNS) 202524: bulan harus 01–12."
    ]


def test_unknown_kind():
    assert errors("198609262015051001", "HONORER") == ["Jenis pegawai harus PNS atau PPPK."]


@given(
    kind=st.sampled_from(["PNS", "PPPK"]),
    birth=st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2000, 12, 31)),
    offset=st.integers(min_value=0, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    code=st.integers(min_value=0, max_value=99),
    sex=st.sampled_from(["M", "F"]),
    seq=st.integers(min_value=1, max_value=999),
)
def test_build_nip_output_always_validates(kind, birth, offset, month, code, sex, seq):
    first = birth.year + 19 if kind == "PNS" else max(2019, birth.year + 18)
    year = min(first + offset, TODAY.year - 1)
    if year < first:
        return  # too young to hold this kind of appointment in the test year
    nip = build_nip(kind=kind, birth=birth, year=year, month=month, code=code, sex=sex, seq=seq)
    check = check_nip(nip, kind, today=TODAY)
    assert check.errors == []
    assert (check.birth_date, check.sex) == (birth, sex)
