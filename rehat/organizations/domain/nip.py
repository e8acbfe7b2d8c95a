"""Structural validation of NIP (PNS) and NI PPPK numbers.

Neither number has a check digit (shared/domain/indonesia.md §4), so a number can
only be checked for shape and plausible dates; BKN/SIASN is the authority. Each
error names the part of the number that is wrong.

    PNS   YYYYMMDD YYYYMM G NNN   birth date, TMT CPNS year-month, sex, sequence
    PPPK  YYYYMMDD YYYY CC G NNN  birth date, appointment year, contract code, sex, sequence
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-]")
MIN_AGE_AT_APPOINTMENT = 18
FIRST_PPPK_YEAR = 2019


@dataclass
class NipCheck:
    nip: str
    errors: list[str] = field(default_factory=list)
    birth_date: datetime.date | None = None
    sex: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_nip(raw: str) -> str:
    return _SEPARATORS.sub("", raw)


def _birth_date(digits: str, check: NipCheck, today: datetime.date) -> None:
    try:
        born = datetime.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        check.errors.append(
            _("Digit 1–8 (tanggal lahir) %(part)s bukan tanggal yang valid.")
            % {"part": digits[0:8]}
        )
        return
    if born.year < 1900 or born > today:
        check.errors.append(
            _("Digit 1–8 (tanggal lahir) %(part)s berada di luar rentang yang mungkin.")
            % {"part": digits[0:8]}
        )
        return
    check.birth_date = born


def _sex_and_sequence(digits: str, check: NipCheck) -> None:
    if digits[14] not in "12":
        check.errors.append(
            _("Digit 15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), bukan %(part)s.")
            % {"part": digits[14]}
        )
    else:
        check.sex = "M" if digits[14] == "1" else "F"
    if digits[15:18] == "000":
        check.errors.append(_("Digit 16–18 (nomor urut) harus 001–999, bukan 000."))


def check_nip(raw: str, kind: str, *, today: datetime.date | None = None) -> NipCheck:
    """Check a PNS NIP (kind "PNS") or an NI PPPK (kind "PPPK")."""
    today = today or datetime.date.today()
    digits = normalize_nip(raw)
    check = NipCheck(nip=digits)
    if not re.fullmatch(r"\d{18}", digits):
        check.errors.append(
            _("Harus 18 angka (spasi dan titik boleh); yang diberikan: %(value)s.")
            % {"value": raw[:40]}
        )
        return check
    _birth_date(digits, check, today)
    if kind == "PNS":
        _check_tmt(digits, check, today)
    elif kind == "PPPK":
        _check_pppk_year(digits, check, today)
    else:
        check.errors.append(_("Jenis pegawai harus PNS atau PPPK."))
    _sex_and_sequence(digits, check)
    return check


def _check_tmt(digits: str, check: NipCheck, today: datetime.date) -> None:
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        check.errors.append(
            _("Digit 9–14 (TMT CPNS) %(part)s: bulan harus 01–12.") % {"part": digits[8:14]}
        )
        return
    if (year, month) > (today.year, today.month):
        check.errors.append(
            _("Digit 9–14 (TMT CPNS) %(part)s berada di masa depan.") % {"part": digits[8:14]}
        )
        return
    born = check.birth_date
    if born and (year, month) < (born.year + MIN_AGE_AT_APPOINTMENT, born.month):
        check.errors.append(
            _("Digit 9–14 (TMT CPNS) %(part)s: sebelum usia 18 tahun menurut tanggal lahir.")
            % {"part": digits[8:14]}
        )


def _check_pppk_year(digits: str, check: NipCheck, today: datetime.date) -> None:
    year = int(digits[8:12])
    if year < FIRST_PPPK_YEAR or year > today.year:
        check.errors.append(
            _("Digit 9–12 (tahun pengangkatan PPPK) %(part)s harus antara %(first)s dan %(last)s.")
            % {"part": digits[8:12], "first": FIRST_PPPK_YEAR, "last": today.year}
        )
        return
    born = check.birth_date
    if born and year < born.year + MIN_AGE_AT_APPOINTMENT:
        check.errors.append(
            _("Digit 9–12 (tahun pengangkatan PPPK) %(part)s: sebelum usia 18 tahun.")
            % {"part": digits[8:12]}
        )


def build_nip(
    *,
    kind: str,
    birth: datetime.date,
    year: int,
    month: int = 1,
    code: int = 21,
    sex: str,
    seq: int,
) -> str:
    """Compose a structurally valid number (for demo data and tests)."""
    sex_digit = "1" if sex == "M" else "2"
    middle = f"{year:04d}{month:02d}" if kind == "PNS" else f"{year:04d}{code:02d}"
    return f"{birth:%Y%m%d}{middle}{sex_digit}{seq:03d}"
