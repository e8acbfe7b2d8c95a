"""A synthetic large kabupaten for the import benchmarks (indonesia.md §9).

Units of about 20 people in a tree up to 6 levels deep; 35 % PPPK; each unit's first
person heads it (role pimpinan) and supervises the others; heads report to the head of
the parent unit. Deterministic for a given seed.
"""

import csv
import datetime
import io
import random
from collections.abc import Sequence

from openpyxl import Workbook

from rehat.organizations.domain.nip import build_nip

UNIT_HEADERS = ["kode_unit", "nama_unit", "kode_induk"]
EMPLOYEE_HEADERS = [
    "nip",
    "jenis_pegawai",
    "nama",
    "email",
    "kode_unit",
    "jabatan",
    "nip_atasan",
    "peran",
]
FIRST_NAMES = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Eko", "Wati", "Andi", "Sri", "Joko"]
LAST_NAMES = ["Rahmawati", "Santoso", "Lestari", "Saputra", "Wijaya", "Hidayat", "Kurniawan"]
POSITIONS = ["Analis", "Pengelola Data", "Guru Ahli Pertama", "Perawat", "Pranata Komputer"]


def build_units(count: int, rng: random.Random) -> list[list[str]]:
    rows = [["U0000", "Sekretariat Daerah", ""]]
    depth = {"U0000": 0}
    can_have_children = ["U0000"]
    for n in range(1, count):
        parent = rng.choice(can_have_children[-200:])
        code = f"U{n:04d}"
        depth[code] = depth[parent] + 1
        if depth[code] < 5:
            can_have_children.append(code)
        rows.append([code, f"Unit Kerja {n}", parent])
    return rows


def build_employees(
    count: int, units: Sequence[Sequence[str]], rng: random.Random
) -> list[list[str]]:
    per_unit = max(1, count // len(units))
    parent_of = {code: parent for code, _, parent in units}
    head_of: dict[str, str] = {}
    seen: set[str] = set()
    rows = []
    for n in range(count):
        code = units[min(n // per_unit, len(units) - 1)][0]
        kind = "PPPK" if rng.random() < 0.35 else "PNS"
        nip = _unique_nip(kind, rng, seen)
        is_head = code not in head_of
        if is_head:
            head_of[code] = nip
            supervisor = head_of.get(parent_of[code], "")
            roles = "pimpinan"
        else:
            supervisor = head_of[code]
            roles = "konselor" if n % 997 == 0 else ("sdm" if n % 1499 == 0 else "")
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}"
        email = f"pegawai{n}@contoh.go.id"
        position = "Kepala Unit" if is_head else rng.choice(POSITIONS)
        rows.append([nip, kind, name, email, code, position, supervisor, roles])
    return rows


def _unique_nip(kind: str, rng: random.Random, seen: set[str]) -> str:
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(35 * 365))
    year = (
        rng.randint(birth.year + 19, min(birth.year + 40, 2024))
        if kind == "PNS"
        else rng.randint(max(2019, birth.year + 18), 2025)
    )
    sex = rng.choice("MF")
    for seq in range(1, 1000):
        nip = build_nip(
            kind=kind, birth=birth, year=year, month=rng.randint(1, 12), sex=sex, seq=seq
        )
        if nip not in seen:
            seen.add(nip)
            return nip
    raise RuntimeError("no free sequence number")


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
