"""The demo agency "Pemerintah Kota Contoh", generated deterministically from a seed.

`plan_demo` computes everything (units, people, roles) without touching the database,
so the same seed always gives the same agency; `seed_demo` writes a plan in one
transaction with bulk inserts.

Sekretariat Daerah is the root of the unit tree: the Sekretaris Daerah is the highest
career official of a Pemda and the one who assesses the heads of the Dinas, Badan and
Kecamatan, so a single tree gives HR one agency-wide subtree and every head a supervisor
except the Sekda. The job mix, share of women and PPPK share follow
shared/domain/indonesia.md §9.
"""

import dataclasses
import datetime
import random
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import build_entry, log_many
from rehat.audit.models import Entry
from rehat.organizations.domain.nip import build_nip
from rehat.organizations.domain.units import rebuild_paths
from rehat.organizations.models import Agency, Employee, Role, Unit

AGENCY_NAME = "Pemerintah Kota Contoh"
AGENCY_SHORT_NAME = "Kota Contoh"
EMAIL_DOMAIN = "kotacontoh.go.id"
DEMO_PASSWORD = "rehat-demo-2026"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
ADMIN_NAME = "Admin Sistem"
# Birth dates and appointment years are drawn relative to this date, not today, so a
# seed gives the same agency in every year.
REFERENCE_YEAR = 2026

STRUKTURAL, FUNGSIONAL, PELAKSANA = "struktural", "fungsional", "pelaksana"


class DemoError(Exception):
    """The demo cannot be created here (for example, the database already has people)."""


# ---------------------------------------------------------------------------
# Positions (jabatan) per kind of unit.


@dataclass(frozen=True)
class _Profile:
    fungsional_share: float
    pppk_share: float  # of the staff; heads are PNS
    fungsional: tuple[tuple[str, str, float], ...]  # (position, ladder, weight)


_OFFICE_STAFF = (
    "Pengadministrasi Perkantoran",
    "Penata Layanan Operasional",
    "Pengelola Layanan Operasional",
    "Operator Layanan Operasional",
)
# Kind of unit, share of fungsional staff (the rest are pelaksana from _OFFICE_STAFF),
# share of PPPK, then "position:ladder:weight" (ladder ahli, terampil or both; weight 1
# when left out). "general" stands for the positions every office has. Indented lines
# continue the line above.
_PROFILE_TABLE = """
office 0.35 0.35 general
setda 0.40 0.20 general, Analis Hukum:ahli, Perancang Peraturan Perundang-undangan:ahli,
  Pengelola Pengadaan Barang/Jasa:ahli, Pranata Hubungan Masyarakat:both
school 0.93 0.50 Guru:ahli
clinic 0.88 0.45 Perawat:both:5, Bidan:both:4, Dokter:ahli:1.5, Dokter Gigi:ahli:0.5,
  Apoteker:ahli:0.5, Asisten Apoteker:terampil:0.5, Sanitarian:both:0.7, Nutrisionis:both:0.7,
  Pranata Laboratorium Kesehatan:both:0.7, Penyuluh Kesehatan Masyarakat:ahli:0.6,
  Perekam Medis:terampil:0.5
hospital 0.88 0.40 Perawat:both:9, Bidan:both:1.5, Dokter:ahli:2, Apoteker:ahli:0.6,
  Pranata Laboratorium Kesehatan:both:0.8, Radiografer:both:0.5, Fisioterapis:both:0.5,
  Nutrisionis:both:0.4, Perekam Medis:terampil:0.8
health 0.50 0.35 general, Epidemiolog Kesehatan:ahli, Penyuluh Kesehatan Masyarakat:ahli,
  Administrator Kesehatan:ahli, Sanitarian:both:0.5, Nutrisionis:both:0.5
education 0.35 0.35 general, Pengawas Sekolah:ahli:2, Penilik:ahli
works 0.40 0.35 general, Teknik Jalan dan Jembatan:both:2, Teknik Pengairan:both:1.5,
  Teknik Tata Bangunan dan Perumahan:both:1.5, Penata Ruang:ahli
social 0.45 0.35 general, Pekerja Sosial:both:2, Penyuluh Sosial:both
transport 0.35 0.35 general, Penguji Kendaraan Bermotor:both:2
registry 0.35 0.35 general, Administrator Database Kependudukan:both:3
environment 0.35 0.35 general, Pengendali Dampak Lingkungan:ahli:2,
  Pengawas Lingkungan Hidup:ahli
informatics 0.50 0.35 Pranata Komputer:both:3, Statistisi:both, Sandiman:both,
  Pranata Hubungan Masyarakat:both:1.5
family 0.50 0.35 general, Penyuluh Keluarga Berencana:both:3, Pekerja Sosial:both
hr 0.50 0.20 Analis SDM Aparatur:ahli:3, Pranata SDM Aparatur:terampil:2,
  Asesor SDM Aparatur:ahli, Pranata Komputer:both:0.5
planning 0.60 0.35 Perencana:ahli:4, Peneliti:ahli, Analis Kebijakan:ahli
finance 0.40 0.35 general, Analis Keuangan Pusat dan Daerah:ahli:3, Analis Anggaran:ahli
audit 0.80 0.10 Auditor:both:5, Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah:ahli:3
police 0.70 0.35 Polisi Pamong Praja:both
district 0.15 0.35 general
"""
_GENERAL = "Analis Kebijakan:ahli:2, Perencana:ahli, Pranata Komputer:both, Arsiparis:both"


def _profiles() -> dict[str, _Profile]:
    profiles = {}
    for line in re.sub(r"\n\s+", " ", _PROFILE_TABLE.strip()).splitlines():
        kind, fungsional_share, pppk_share, positions = line.split(" ", 3)
        items = []
        for item in positions.replace("general", _GENERAL).split(", "):
            name, ladder, *weight = item.split(":")
            items.append((name, ladder, float(weight[0]) if weight else 1.0))
        profiles[kind] = _Profile(float(fungsional_share), float(pppk_share), tuple(items))
    return profiles


_PROFILES = _profiles()

# Share of women per position (default 0.5). Heads of units are more often men.
_FEMALE_SHARE = {
    "Guru": 0.7, "Perawat": 0.75, "Bidan": 1.0, "Dokter": 0.62, "Dokter Gigi": 0.75,
    "Apoteker": 0.8, "Asisten Apoteker": 0.8, "Nutrisionis": 0.9, "Perekam Medis": 0.7,
    "Psikolog Klinis": 0.8, "Penyuluh Keluarga Berencana": 0.7, "Sanitarian": 0.6,
    "Pranata Laboratorium Kesehatan": 0.75, "Polisi Pamong Praja": 0.2,
    "Teknik Jalan dan Jembatan": 0.2, "Teknik Pengairan": 0.2, "Penguji Kendaraan Bermotor": 0.1,
    "Teknik Tata Bangunan dan Perumahan": 0.3, "Sandiman": 0.3,
    "Kepala Sekolah": 0.55, "Kepala Puskesmas": 0.55,
}  # fmt: skip
_HEAD_FEMALE_SHARE = 0.35
_PELAKSANA_FEMALE_SHARE = 0.48

# ---------------------------------------------------------------------------
# The unit tree.


# The unit tree, one unit a line, indented by level: "CODE Name [*staff] [@profile] [= head]".
# Without "*", the typical staff size follows the kind of unit; without "@", a unit takes
# its parent's profile (a Sekretariat takes "office"); without "=", the head's position
# follows the name ("Kepala Bidang …", "Sekretaris Dinas …", "Lurah …").
# Codes are stable and readable: a unit inside an organisation starts with its code.
_OUTLINE = """
SETDA Sekretariat Daerah *5 @setda = Sekretaris Daerah
  SETDA.ASISTEN-1 Asisten Pemerintahan dan Kesejahteraan Rakyat
    SETDA.BAG-PEM Bagian Tata Pemerintahan
    SETDA.BAG-HUKUM Bagian Hukum
      SETDA.SUBBAG-PUU Subbagian Perundang-undangan
      SETDA.SUBBAG-BANKUM Subbagian Bantuan Hukum
    SETDA.BAG-KESRA Bagian Kesejahteraan Rakyat
  SETDA.ASISTEN-2 Asisten Perekonomian dan Pembangunan
    SETDA.BAG-EKO Bagian Perekonomian dan Sumber Daya Alam
    SETDA.BAG-ADPEM Bagian Administrasi Pembangunan
    SETDA.BAG-PBJ Bagian Pengadaan Barang dan Jasa
  SETDA.ASISTEN-3 Asisten Administrasi Umum
    SETDA.BAG-UMUM Bagian Umum
      SETDA.SUBBAG-TUPIM Subbagian Tata Usaha Pimpinan
      SETDA.SUBBAG-RT Subbagian Rumah Tangga
    SETDA.BAG-ORG Bagian Organisasi
      SETDA.SUBBAG-KELEMBAGAAN Subbagian Kelembagaan dan Analisis Jabatan
      SETDA.SUBBAG-RB Subbagian Reformasi Birokrasi dan Tata Laksana
    SETDA.BAG-PROKOPIM Bagian Protokol dan Komunikasi Pimpinan
  DISDIK Dinas Pendidikan @education
    DISDIK.SEKRETARIAT Sekretariat Dinas Pendidikan
      DISDIK.SUBBAG-UMPEG Subbagian Umum dan Kepegawaian
      DISDIK.SUBBAG-KEU Subbagian Keuangan
    DISDIK.BID-PAUD Bidang Pembinaan PAUD dan Pendidikan Nonformal
    DISDIK.BID-SD Bidang Pembinaan Sekolah Dasar
    DISDIK.BID-SMP Bidang Pembinaan Sekolah Menengah Pertama
  DINKES Dinas Kesehatan @health
    DINKES.SEKRETARIAT Sekretariat Dinas Kesehatan
      DINKES.SUBBAG-UMPEG Subbagian Umum dan Kepegawaian
      DINKES.SUBBAG-KEU Subbagian Keuangan
    DINKES.BID-KESMAS Bidang Kesehatan Masyarakat
    DINKES.BID-P2P Bidang Pencegahan dan Pengendalian Penyakit
      DINKES.SEKSI-SURVEILANS Seksi Surveilans dan Imunisasi
      DINKES.SEKSI-PTM Seksi Penyakit Tidak Menular dan Kesehatan Jiwa
    DINKES.BID-YANKES Bidang Pelayanan dan Sumber Daya Kesehatan
    DINKES.PKM-SUKAMAJU UPTD Puskesmas Sukamaju *22 @clinic = Kepala Puskesmas
    DINKES.PKM-MEKARSARI UPTD Puskesmas Mekarsari *22 @clinic = Kepala Puskesmas
    DINKES.PKM-SIDOMULYO UPTD Puskesmas Sidomulyo *22 @clinic = Kepala Puskesmas
    DINKES.PKM-KARANGANYAR UPTD Puskesmas Karanganyar *22 @clinic = Kepala Puskesmas
    DINKES.PKM-TANJUNG-HARAPAN UPTD Puskesmas Tanjung Harapan *22 @clinic = Kepala Puskesmas
    DINKES.PKM-SUKAJADI UPTD Puskesmas Sukajadi *22 @clinic = Kepala Puskesmas
    DINKES.PKM-MARGASARI UPTD Puskesmas Margasari *22 @clinic = Kepala Puskesmas
    DINKES.PKM-SUMBERSARI UPTD Puskesmas Sumbersari *22 @clinic = Kepala Puskesmas
    DINKES.RSUD RSUD Kota Contoh *5 @hospital = Direktur RSUD Kota Contoh
      DINKES.RSUD-YANMED Bidang Pelayanan Medis *6
        DINKES.RSUD-IGD Instalasi Gawat Darurat *24
        DINKES.RSUD-RANAP Instalasi Rawat Inap *32
        DINKES.RSUD-RAJAL Instalasi Rawat Jalan *24
      DINKES.RSUD-KEP Bidang Keperawatan *6
      DINKES.RSUD-PENUNJANG Bidang Penunjang Medis *10
      DINKES.RSUD-UMUM Bagian Umum dan Keuangan *14 @office
  DPUPR Dinas Pekerjaan Umum dan Penataan Ruang @works
    DPUPR.SEKRETARIAT Sekretariat Dinas Pekerjaan Umum dan Penataan Ruang
    DPUPR.BID-BM Bidang Bina Marga
      DPUPR.SEKSI-JALAN Seksi Pembangunan Jalan dan Jembatan
      DPUPR.SEKSI-PEMELIHARAAN Seksi Pemeliharaan Jalan dan Jembatan
    DPUPR.BID-SDA Bidang Sumber Daya Air
    DPUPR.BID-CK Bidang Cipta Karya
    DPUPR.BID-TR Bidang Penataan Ruang
  DINSOS Dinas Sosial @social
    DINSOS.SEKRETARIAT Sekretariat Dinas Sosial
    DINSOS.BID-REHSOS Bidang Rehabilitasi Sosial
    DINSOS.BID-LINJAMSOS Bidang Perlindungan, Jaminan dan Pemberdayaan Sosial
  DISHUB Dinas Perhubungan @transport
    DISHUB.SEKRETARIAT Sekretariat Dinas Perhubungan
    DISHUB.BID-LALIN Bidang Lalu Lintas
    DISHUB.BID-ANGKUTAN Bidang Angkutan
    DISHUB.BID-SARPRAS Bidang Sarana dan Prasarana
    DISHUB.UPTD-PKB UPTD Pengujian Kendaraan Bermotor *10
  DISDUKCAPIL Dinas Kependudukan dan Pencatatan Sipil @registry
    DISDUKCAPIL.SEKRETARIAT Sekretariat Dinas Kependudukan dan Pencatatan Sipil
    DISDUKCAPIL.BID-DAFDUK Bidang Pelayanan Pendaftaran Penduduk
    DISDUKCAPIL.BID-CAPIL Bidang Pelayanan Pencatatan Sipil
    DISDUKCAPIL.BID-PIAK Bidang Pengelolaan Informasi Administrasi Kependudukan dan Pemanfaatan Data
  DLH Dinas Lingkungan Hidup @environment
    DLH.SEKRETARIAT Sekretariat Dinas Lingkungan Hidup
    DLH.BID-TL Bidang Tata Lingkungan
    DLH.BID-SAMPAH Bidang Pengelolaan Sampah dan Limbah B3
    DLH.BID-PPKL Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan
  DISKOMINFO Dinas Komunikasi dan Informatika @informatics
    DISKOMINFO.SEKRETARIAT Sekretariat Dinas Komunikasi dan Informatika
    DISKOMINFO.BID-IKP Bidang Informasi dan Komunikasi Publik
    DISKOMINFO.BID-APTIKA Bidang Aplikasi Informatika
    DISKOMINFO.BID-STATSAN Bidang Statistik dan Persandian
  DPMPTSP Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu @office
    DPMPTSP.SEKRETARIAT Sekretariat Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu
    DPMPTSP.BID-PM Bidang Penanaman Modal
    DPMPTSP.BID-PERIZINAN Bidang Pelayanan Perizinan dan Pengawasan
  DP3AP2KB Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB @family
    DP3AP2KB.SEKRETARIAT Sekretariat Dinas Pemberdayaan Perempuan dan Perlindungan Anak
    DP3AP2KB.BID-PPA Bidang Perlindungan Perempuan dan Anak
    DP3AP2KB.BID-KB Bidang Pengendalian Penduduk dan Keluarga Berencana
  BKPSDM Badan Kepegawaian dan Pengembangan Sumber Daya Manusia @hr
    BKPSDM.SEKRETARIAT Sekretariat Badan Kepegawaian dan Pengembangan Sumber Daya Manusia
    BKPSDM.BID-PPI Bidang Pengadaan, Pemberhentian dan Informasi
    BKPSDM.BID-MUTASI Bidang Mutasi dan Promosi
    BKPSDM.BID-PKA Bidang Pengembangan Kompetensi Aparatur
    BKPSDM.BID-PKP Bidang Penilaian Kinerja dan Penghargaan
  BAPPEDA Badan Perencanaan Pembangunan Daerah @planning
    BAPPEDA.SEKRETARIAT Sekretariat Badan Perencanaan Pembangunan Daerah
    BAPPEDA.BID-PPM Bidang Pemerintahan dan Pembangunan Manusia
    BAPPEDA.BID-EKOSDA Bidang Perekonomian dan Sumber Daya Alam
    BAPPEDA.BID-IPW Bidang Infrastruktur dan Pengembangan Wilayah
  BPKAD Badan Pengelola Keuangan dan Aset Daerah @finance
    BPKAD.SEKRETARIAT Sekretariat Badan Pengelola Keuangan dan Aset Daerah
    BPKAD.BID-ANGGARAN Bidang Anggaran
    BPKAD.BID-PERBEN Bidang Perbendaharaan dan Akuntansi
    BPKAD.BID-ASET Bidang Aset
  BAPENDA Badan Pendapatan Daerah @finance
    BAPENDA.SEKRETARIAT Sekretariat Badan Pendapatan Daerah
    BAPENDA.BID-PENDATAAN Bidang Pendataan dan Penetapan
    BAPENDA.BID-PENAGIHAN Bidang Penagihan dan Keberatan
    BAPENDA.BID-PBB Bidang Pajak Bumi dan Bangunan
  BPBD Badan Penanggulangan Bencana Daerah @office = Kepala Pelaksana BPBD
    BPBD.SEKRETARIAT Sekretariat Badan Penanggulangan Bencana Daerah
    BPBD.BID-PK Bidang Pencegahan dan Kesiapsiagaan
    BPBD.BID-KL Bidang Kedaruratan dan Logistik
    BPBD.BID-RR Bidang Rehabilitasi dan Rekonstruksi
  INSPEKTORAT Inspektorat Daerah @audit = Inspektur Daerah
    INSPEKTORAT.SEKRETARIAT Sekretariat Inspektorat Daerah
    INSPEKTORAT.IRBAN-I Inspektur Pembantu Wilayah I
    INSPEKTORAT.IRBAN-II Inspektur Pembantu Wilayah II
    INSPEKTORAT.IRBAN-III Inspektur Pembantu Wilayah III
  SATPOLPP Satuan Polisi Pamong Praja @police
    SATPOLPP.SEKRETARIAT Sekretariat Satuan Polisi Pamong Praja
    SATPOLPP.BID-GAKPERDA Bidang Penegakan Peraturan Daerah
    SATPOLPP.BID-TIBUM Bidang Ketertiban Umum dan Ketenteraman Masyarakat
      SATPOLPP.SEKSI-OPS Seksi Operasi dan Pengendalian
      SATPOLPP.SEKSI-KERJASAMA Seksi Kerja Sama
    SATPOLPP.BID-LINMAS Bidang Perlindungan Masyarakat
"""
_DISTRICTS = {
    "Utara": ("Sukamaju", "Mekarsari", "Sidomulyo"),
    "Selatan": ("Karanganyar", "Tanjung Harapan", "Sukajadi"),
    "Timur": ("Margasari", "Sumbersari"),
    "Barat": ("Tegalrejo", "Kampung Baru"),
}
_SCHOOLS = (("SD", 24, 15), ("SMP", 8, 29))  # (level, how many, typical teachers)


def _outline() -> str:
    """The outline with the schools and the Kecamatan, which follow a pattern."""
    lines = [_OUTLINE.rstrip()]
    for level, count, staff in _SCHOOLS:
        at = lines[0].index("  DINKES ")
        schools = "".join(
            f"    DISDIK.{level}N-{i:02d} {level} Negeri {i} Contoh *{staff} @school"
            " = Kepala Sekolah\n"
            for i in range(1, count + 1)
        )
        lines[0] = lines[0][:at] + schools + lines[0][at:]
    for direction, villages in _DISTRICTS.items():
        code = f"KEC-{direction.upper()}"
        lines += [
            f"  {code} Kecamatan Contoh {direction} @district",
            f"    {code}.SEKCAM Sekretariat Kecamatan",
            f"    {code}.SEKSI-PEM Seksi Pemerintahan",
            f"    {code}.SEKSI-TRANTIB Seksi Ketenteraman dan Ketertiban Umum",
        ]
        lines += [f"    {code}.KEL-{_slug(v)} Kelurahan {v}" for v in villages]
    return "\n".join(lines)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Z]+", "-", name.upper()).strip("-")


@dataclass
class _Node:
    code: str  # full code
    name: str
    parent: "_Node | None"
    profile: str
    weight: float  # typical number of staff besides the head
    head: str
    head_job: str
    children: list["_Node"] = field(default_factory=list)


_FUNGSIONAL_HEADS = ("Kepala Sekolah", "Kepala Puskesmas", "Kepala Instalasi")


def _head_of(name: str) -> str:
    for prefix, title in (("Sekretariat ", "Sekretaris "), ("Kelurahan ", "Lurah ")):
        if name.startswith(prefix):
            return title + name.removeprefix(prefix)
    if name.startswith("Kecamatan "):
        return "Camat " + name.removeprefix("Kecamatan ")
    if name.startswith(("Asisten ", "Inspektur ")):
        return name
    return f"Kepala {name}"


def _default_weight(node: _Node) -> float:
    if node.parent is None or node.parent.parent is None:
        return 5  # the office of a Sekda, Kepala Dinas or Camat
    for prefix, alone, with_children in (
        ("Asisten", 4, 4),
        ("Sekretariat", 9, 4),
        ("Bagian", 8, 4),
        ("Subbagian", 6, 6),
        ("Seksi", 5, 5),
    ):
        if node.name.startswith(prefix):
            return with_children if node.children else alone
    return 7  # Bidang, Inspektur Pembantu, Kelurahan


def _tree() -> list[_Node]:
    """Units in tree order (parents before children)."""
    nodes: list[_Node] = []
    stack: list[_Node] = []
    for line in _outline().strip("\n").splitlines():
        level = (len(line) - len(line.lstrip())) // 2
        text, _sep, head = line.strip().partition(" = ")
        words = text.split()
        weight = next((float(w[1:]) for w in words if w.startswith("*")), 0.0)
        profile = next((w[1:] for w in words if w.startswith("@")), "")
        code, *name_words = (w for w in words if w[0] not in "*@")
        name = " ".join(name_words)
        del stack[level:]
        parent = stack[-1] if stack else None
        if not profile:
            inherited = parent.profile if parent else "office"
            profile = "office" if name.startswith("Sekretariat ") and level > 1 else inherited
        head = head or _head_of(name)
        job = FUNGSIONAL if head.startswith(_FUNGSIONAL_HEADS) else STRUKTURAL
        node = _Node(code, name, parent, profile, weight, head, job)
        if parent is not None:
            parent.children.append(node)
        stack.append(node)
        nodes.append(node)
    for node in nodes:
        node.weight = node.weight or _default_weight(node)
    return nodes


# ---------------------------------------------------------------------------
# Names.

# Given names per sex and family names ("last" is shared by both sexes, as Batak marga are).
_NAMES: dict[str, dict[str, str]] = {
    "jawa": {
        "M": "Agus Budi Bambang Joko Slamet Heru Eko Wahyu Teguh Bayu Hadi Sigit Yudi Arief Rudi "
        "Aris Dimas Sutrisno Haryanto Wibisono Purwanto Dwi Tri",
        "F": "Sri Endang Tri Dwi Siti Rini Wulan Ratna Dewi Yuni Retno Ayu Putri Indah Nining "
        "Puji Lestari Kartika Ani Tutik",
        "M_last": "Santoso Susanto Wibowo Setiawan Prasetyo Nugroho Kurniawan Purnomo Saputro "
        "Hidayat Wijaya Handoko Sutrisno Riyanto Gunawan Pambudi Utomo Raharjo Suryono "
        "Widodo",
        "F_last": "Rahayu Lestari Wulandari Handayani Susanti Setyowati Puspitasari Rahmawati "
        "Astuti Utami Wahyuningsih Pratiwi Anggraini Sulistyowati Purwanti Mulyani "
        "Hartati Ningsih Kusumawati",
    },
    "sunda": {
        "M": "Asep Ujang Dadang Cecep Ade Dede Yayan Iwan Deden Acep Engkus Ridwan",
        "F": "Euis Neneng Iis Lilis Yeni Imas Tati Rina Nenden Cucu Elis Enung",
        "M_last": "Sunarya Suryana Permana Hidayat Kusnadi Saepudin Supriatna Rahmat Hermawan "
        "Setiadi Sukmana Ruhiyat",
        "F_last": "Nurhayati Kurniasih Rosmiati Komariah Maryani Suryani Sumiati Nurjanah Mulyani "
        "Rohaeti",
    },
    "batak": {
        "M": "Tigor Parlindungan Maruli Hotman Binsar Sahat Togar Poltak Martua Hendra Roy Daniel",
        "F": "Rosmawati Lamria Ruth Tiurma Erlina Sondang Rosalina Debora Friska Nurmala",
        "last": "Simanjuntak Siregar Nasution Harahap Sitompul Hutapea Panjaitan Sihombing "
        "Situmorang Pardede Lubis Tambunan Sinaga Manurung Silalahi Napitupulu Hutagalung",
    },
    "minang": {
        "M": "Rizal Afrizal Syafrizal Yusrizal Fadli Hendri Zulkifli Irwan Dedi Ferdi Andri "
        "Yulhendri",
        "F": "Yusnita Rahmi Fitri Yenni Elvira Desrita Yulia Nurmaini Syafrida Zurniati",
        "M_last": "Putra Effendi Amir Yunus Anwar Malik Hamzah Nurdin Syafei Chaniago",
        "F_last": "Yanti Fitria Rahmadani Hayati Syafitri Yuliani Novianti Ramadhani Nelwati "
        "Zulhayati",
    },
    "bugis": {
        "M": "Andi Muhammad Syamsul Abdul Arifin Haris Akbar Ilham Rahman Basri",
        "F": "Andi Nurhayati Hasnah Rosmini Sitti Hasmawati Nurlina Kartini Irmawati Jumriah",
        "M_last": "Baharuddin Syamsuddin Tahir Amiruddin Saleh Hasanuddin Rahim Kadir Jamaluddin "
        "Pawellangi",
        "F_last": "Ramlah Hasnawati Nurjannah Rahmatia Syamsiah Suriani Hamsinah Kasmawati",
    },
    "melayu": {
        "M": "Muhammad Ahmad Zulkarnain Hamdan Firdaus Syahrul Azhar Fauzi Hasan Rizki Iskandar "
        "Faisal",
        "F": "Nur Siti Aisyah Fatimah Zubaidah Mariana Noraini Salmah Halimah Rosita Aminah "
        "Khadijah",
        "M_last": "Syahputra Hamid Ismail Abdullah Ibrahim Harun Yusuf Aziz Sulaiman Rahman",
        "F_last": "Hasanah Aini Fadhilah Zahara Amalia Safitri Maharani Azizah Rahmah Wardah",
    },
}
_ETHNIC_WEIGHTS = {"jawa": 40, "sunda": 15, "batak": 10, "minang": 10, "bugis": 10, "melayu": 15}

_GENERIC_DEGREES = ("S.E.", "S.Sos.", "S.H.", "S.Kom.", "S.T.", "S.IP.", "S.Ak.", "S.AP.")
_HEAD_DEGREES = (
    "S.Sos., M.Si.",
    "S.E., M.M.",
    "S.T., M.T.",
    "S.H., M.H.",
    "S.STP., M.Si.",
    "S.IP., M.AP.",
)


def _bare_name(rng: random.Random, sex: str) -> str:
    ethnic = rng.choices(list(_ETHNIC_WEIGHTS), weights=list(_ETHNIC_WEIGHTS.values()))[0]
    pool = _NAMES[ethnic]
    given = pool[sex].split()
    family = (pool.get("last") or pool[f"{sex}_last"]).split()
    first = rng.choice(given)
    last = rng.choice(family)
    while last == first:
        last = rng.choice(family)
    if ethnic == "jawa" and rng.random() < 0.25:
        middle = rng.choice(given)
        if middle not in (first, last):
            return f"{first} {middle} {last}"
    return f"{first} {last}"


_PUBLIC_HEALTH = ("Epidemiolog", "Penyuluh Kesehatan", "Administrator Kesehatan", "Sanitarian")


def _titled(rng: random.Random, name: str, position: str, job: str) -> str:
    """Add the academic and professional titles an official record would carry."""
    if position.startswith("Dokter Gigi"):
        return f"drg. {name}"
    if position.startswith(("Dokter", "Kepala Instalasi", "Kepala Puskesmas")):
        return f"dr. {name}"
    if position.startswith("Direktur RSUD"):
        return f"dr. {name}, M.Kes."
    terampil = any(position.endswith(j) for j in ("Terampil", "Mahir", "Penyelia"))
    suffix = ""
    if job == STRUKTURAL:
        suffix = rng.choice(_HEAD_DEGREES)
    elif position.startswith(("Guru", "Kepala Sekolah")):
        suffix = "M.Pd." if rng.random() < 0.15 else "S.Pd."
    elif position.startswith("Perawat"):
        suffix = "A.Md.Kep." if terampil else "S.Kep., Ns."
    elif position.startswith("Bidan"):
        suffix = "A.Md.Keb." if terampil else "S.Tr.Keb."
    elif position.startswith("Apoteker"):
        suffix = "S.Farm., Apt."
    elif position.startswith("Psikolog"):
        suffix = "M.Psi., Psikolog"
    elif position.startswith(_PUBLIC_HEALTH) and not terampil:
        suffix = "S.K.M."
    elif terampil:
        suffix = "A.Md."
    elif job == FUNGSIONAL:
        suffix = rng.choice(_GENERIC_DEGREES)
    elif rng.random() < 0.5:
        suffix = rng.choice((*_GENERIC_DEGREES[:3], "A.Md."))
    return f"{name}, {suffix}" if suffix else name


# ---------------------------------------------------------------------------
# The plan.


@dataclass(frozen=True)
class PlannedUnit:
    code: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class PlannedPerson:
    nip: str
    kind: str  # "PNS" or "PPPK"
    name: str
    email: str
    sex: str  # "M" or "F"
    unit: str
    position: str
    job: str  # struktural, fungsional or pelaksana
    supervisor: str | None  # NIP of the supervisor
    roles: tuple[str, ...] = ()  # "leader" (of their unit), "counselor", "hr"


@dataclass(frozen=True)
class DemoPlan:
    units: tuple[PlannedUnit, ...]
    people: tuple[PlannedPerson, ...]


@dataclass(frozen=True)
class DemoLogin:
    role: str  # "employee", "leader", "counselor", "hr" or "admin"
    name: str
    email: str
    nip: str | None


@dataclass(frozen=True)
class DemoSummary:
    units: int
    employees: int
    pppk: int
    women: int
    logins: tuple[DemoLogin, ...]


@dataclass(frozen=True)
class _Fixed:
    role: str
    unit: str
    position: str
    name: str  # with titles
    sex: str
    birth: datetime.date
    tmt: tuple[int, int]  # TMT CPNS year, month


# The well-known demo accounts: the same for every seed and size, so the printed
# logins never change.
FIXED_PEOPLE = (
    _Fixed(
        "leader",
        "DINKES",
        "Kepala Dinas Kesehatan",
        "dr. Bambang Sutrisno, M.Kes.",
        "M",
        datetime.date(1971, 6, 14),
        (1999, 3),
    ),
    _Fixed(
        "employee",
        "DINKES.PKM-SUKAMAJU",
        "Perawat Ahli Pertama",
        "Siti Rahmawati, S.Kep., Ns.",
        "F",
        datetime.date(1992, 3, 15),
        (2019, 3),
    ),
    _Fixed(
        "counselor",
        "DINKES.RSUD-RAJAL",
        "Psikolog Klinis Ahli Muda",
        "Dewi Lestari, M.Psi., Psikolog",
        "F",
        datetime.date(1988, 11, 2),
        (2014, 12),
    ),
    _Fixed(
        "hr",
        "BKPSDM.BID-PKP",
        "Analis SDM Aparatur Ahli Muda",
        "Andi Pratama, S.Psi.",
        "M",
        datetime.date(1990, 4, 21),
        (2018, 3),
    ),
)
# More counselors and HR officers, drawn like everyone else: (unit, position base, ladder, role).
_EXTRA_ROLES = (
    ("DINKES.PKM-MEKARSARI", "Psikolog Klinis", "ahli", "counselor"),
    ("DINKES.SEKSI-PTM", "Psikolog Klinis", "ahli", "counselor"),
    ("BKPSDM.BID-PKA", "Asesor SDM Aparatur", "ahli", "counselor"),
    ("BKPSDM.BID-PPI", "Analis SDM Aparatur", "ahli", "hr"),
    ("BKPSDM.BID-MUTASI", "Analis SDM Aparatur", "ahli", "hr"),
)
_JENJANG = {
    "ahli": ("Ahli Pertama", "Ahli Muda", "Ahli Madya"),
    "terampil": ("Terampil", "Mahir", "Penyelia"),
}
# Years with large CPNS intakes weigh more; TMT CPNS falls in the year after a test.
_TMT_YEARS = [*range(1993, 2026)]
_TMT_WEIGHTS = [3 if y in (2009, 2010, 2014, 2019, 2022, 2024) else 1 for y in _TMT_YEARS]
_TMT_MONTHS = (1, 1, 1, 2, 3, 3, 4, 12, 12, 6)
_PPPK_YEARS = (2019, 2021, 2022, 2023, 2024, 2025)
_PPPK_WEIGHTS = (1, 3, 4, 4, 3, 4)


def _allocate(rng: random.Random, weights: list[float], total: int) -> list[int]:
    """Split total into parts proportional to jittered weights (largest remainder).

    Each part gets at least 4 when the total allows it, so units have 5 people or more.
    """
    minimum = min(4, total // (2 * len(weights)))
    jittered = [max(w * rng.uniform(0.85, 1.2) - minimum, 0.1) for w in weights]
    scale = (total - minimum * len(weights)) / sum(jittered)
    quotas = [minimum + w * scale for w in jittered]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _People:
    """Draws people one by one, keeping NIPs and emails unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nip_prefixes: Counter[str] = Counter()
        self.emails: Counter[str] = Counter()

    def nip(self, *, kind: str, birth: datetime.date, year: int, month: int, sex: str) -> str:
        prefix = build_nip(kind=kind, birth=birth, year=year, month=month, sex=sex, seq=1)[:15]
        self.nip_prefixes[prefix] += 1
        return build_nip(
            kind=kind, birth=birth, year=year, month=month, sex=sex, seq=self.nip_prefixes[prefix]
        )

    def email(self, titled_name: str) -> str:
        base = _email_base(titled_name)
        self.emails[base] += 1
        n = self.emails[base]
        return f"{base}@{EMAIL_DOMAIN}" if n == 1 else f"{base}.{n}@{EMAIL_DOMAIN}"

    def birth(self, *, youngest: int, oldest: int) -> datetime.date:
        year = REFERENCE_YEAR - self.rng.randint(youngest, oldest)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def draw(
        self, *, unit: str, position: str, job: str, kind: str, female_share: float, head: bool
    ) -> PlannedPerson:
        rng = self.rng
        sex = "F" if rng.random() < female_share else "M"
        if kind == "PPPK":
            birth = self.birth(youngest=24, oldest=55)
            year = max(rng.choices(_PPPK_YEARS, weights=_PPPK_WEIGHTS)[0], birth.year + 21)
            month = 1  # an NI PPPK has a contract code where a NIP has the month
        else:
            birth = self.birth(youngest=40 if head else 23, oldest=57)
            year, month = self.tmt(birth=birth, head=head)
        nip = self.nip(kind=kind, birth=birth, year=year, month=month, sex=sex)
        if job == FUNGSIONAL and "|" in position:
            position = self.rank(position, nip=nip, kind=kind)
        name = _titled(rng, _bare_name(rng, sex), position, job)
        return PlannedPerson(nip, kind, name, self.email(name), sex, unit, position, job, None)

    def tmt(self, *, birth: datetime.date, head: bool) -> tuple[int, int]:
        """TMT CPNS: after school or university; a head has served at least 8 years."""
        earliest = birth.year + (22 if head else 21)
        latest = min(birth.year + (32 if head else 35), REFERENCE_YEAR - (8 if head else 1))
        years = [y for y in _TMT_YEARS if earliest <= y <= latest] or [earliest]
        weights = [_TMT_WEIGHTS[_TMT_YEARS.index(y)] if y in _TMT_YEARS else 1 for y in years]
        return self.rng.choices(years, weights=weights)[0], self.rng.choice(_TMT_MONTHS)

    def rank(self, spec: str, *, nip: str, kind: str) -> str:
        """Turn "Perawat|both" into "Perawat Ahli Muda": the jenjang follows years of service."""
        base, ladder = spec.split("|")
        if ladder == "both":
            ladder = "ahli" if self.rng.random() < 0.65 else "terampil"
        service = REFERENCE_YEAR - int(nip[8:12])
        step = 0 if service < 8 or kind == "PPPK" else (1 if service < 18 else 2)
        return f"{base} {_JENJANG[ladder][step]}"


def plan_demo(*, seed: int = 2026, size: int = 2000) -> DemoPlan:
    """Everything the demo agency holds, computed without the database."""
    rng = random.Random(seed)
    units = _tree()
    reserved = Counter(f.unit for f in FIXED_PEOPLE if f.role != "leader")
    reserved.update(code for code, *_rest in _EXTRA_ROLES)
    free = size - len(units) - sum(reserved.values())
    if free < 0:
        raise DemoError(
            _("Ukuran demo minimal %(minimum)s pegawai.")
            % {"minimum": len(units) + sum(reserved.values())}
        )
    staff_counts = _allocate(rng, [node.weight for node in units], free)
    people = _People(rng)
    fixed = {(f.unit, f.role): f for f in FIXED_PEOPLE}
    for f in FIXED_PEOPLE:  # claim their NIPs and emails first
        people.nip_prefixes[_fixed_nip(f)[:15]] += 1
        people.email(f.name)

    planned: list[PlannedPerson] = []
    head_of: dict[str, str] = {}
    for node, staff in zip(units, staff_counts, strict=True):
        code, parent = node.code, node.parent
        profile = _PROFILES[node.profile]
        if (code, "leader") in fixed:
            head = _fixed_person(fixed[(code, "leader")])
        else:
            share = _FEMALE_SHARE.get(node.head, _HEAD_FEMALE_SHARE)
            head = people.draw(
                unit=code,
                position=node.head,
                job=node.head_job,
                kind="PNS",
                female_share=share,
                head=True,
            )
        supervisor = head_of[parent.code] if parent else None
        head = dataclasses.replace(head, supervisor=supervisor, roles=("leader",))
        head_of[code] = head.nip
        planned.append(head)
        for person in _staff(rng, people, code, profile, staff, fixed):
            planned.append(dataclasses.replace(person, supervisor=head.nip))
    planned_units = (
        PlannedUnit(n.code, n.name, n.parent.code if n.parent else None) for n in units
    )
    return DemoPlan(tuple(planned_units), tuple(planned))


def _staff(
    rng: random.Random,
    people: _People,
    code: str,
    profile: _Profile,
    count: int,
    fixed: dict[tuple[str, str], _Fixed],
) -> list[PlannedPerson]:
    staff = [
        _fixed_person(f) for (unit, role), f in fixed.items() if unit == code and role != "leader"
    ]
    for unit, base, ladder, role in _EXTRA_ROLES:
        if unit == code:
            person = people.draw(
                unit=code,
                position=f"{base}|{ladder}",
                job=FUNGSIONAL,
                kind="PNS",
                female_share=_FEMALE_SHARE.get(base, 0.5),
                head=False,
            )
            staff.append(dataclasses.replace(person, roles=(role,)))
    fungsional = round(count * profile.fungsional_share)
    names, weights = zip(
        *((f"{p}|{ladder}", w) for p, ladder, w in profile.fungsional), strict=True
    )
    for i in range(count):
        if i < fungsional:
            position, job = rng.choices(names, weights=weights)[0], FUNGSIONAL
            share = _FEMALE_SHARE.get(position.split("|")[0], 0.5)
        else:
            position, job, share = rng.choice(_OFFICE_STAFF), PELAKSANA, _PELAKSANA_FEMALE_SHARE
        kind = "PPPK" if rng.random() < profile.pppk_share else "PNS"
        staff.append(
            people.draw(
                unit=code, position=position, job=job, kind=kind, female_share=share, head=False
            )
        )
    return staff


def _fixed_nip(f: _Fixed) -> str:
    return build_nip(kind="PNS", birth=f.birth, year=f.tmt[0], month=f.tmt[1], sex=f.sex, seq=1)


def _fixed_person(f: _Fixed) -> PlannedPerson:
    email = f"{_email_base(f.name)}@{EMAIL_DOMAIN}"
    job = STRUKTURAL if f.role == "leader" else FUNGSIONAL
    roles = () if f.role in ("leader", "employee") else (f.role,)
    return PlannedPerson(
        _fixed_nip(f), "PNS", f.name, email, f.sex, f.unit, f.position, job, None, roles
    )


def _email_base(titled_name: str) -> str:
    """Turn "dr. Bambang Adi Sutrisno, M.Kes." into "bambang.sutrisno"."""
    bare = re.sub(r"^(dr|drg)\. ", "", titled_name.split(",")[0])
    words = [re.sub(r"[^a-z]", "", word) for word in bare.lower().split()]
    return f"{words[0]}.{words[-1]}"


# ---------------------------------------------------------------------------
# Writing the plan.


@transaction.atomic
def seed_demo(*, seed: int = 2026, size: int = 2000) -> DemoSummary:
    """Create the demo agency in an empty identity database, in one transaction."""
    if Employee.objects.exists():
        raise DemoError(
            _(
                "Basis data sudah berisi data pegawai. Data demo hanya dibuat di basis data "
                "yang belum berisi pegawai, agar tidak bercampur dengan data sungguhan."
            )
        )
    plan = plan_demo(seed=seed, size=size)
    taken = list(
        Unit.objects.filter(code__in=[u.code for u in plan.units]).values_list("code", flat=True)[
            :5
        ]
    )
    if taken:
        raise DemoError(
            _("Kode unit berikut sudah dipakai: %(codes)s. Data demo tidak dibuat.")
            % {"codes": ", ".join(taken)}
        )
    entries: list[Entry] = []
    agency = Agency.objects.first()
    if agency is None:
        agency = Agency.objects.create(name=AGENCY_NAME, short_name=AGENCY_SHORT_NAME)
        entries.append(_created(agency, {"name": agency.name}))
    units = _create_units(plan, entries)
    # One hash for everyone: hashing 2,000 passwords one by one would take minutes.
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [User(email=p.email, name=p.name, password=password) for p in plan.people]
        + [User(email=ADMIN_EMAIL, name=ADMIN_NAME, password=password)],
        batch_size=1000,
    )
    admin = users.pop()
    employees = Employee.objects.bulk_create(
        [
            Employee(user=user, nip=p.nip, kind=p.kind, unit=units[p.unit], position=p.position)
            for user, p in zip(users, plan.people, strict=True)
        ],
        batch_size=1000,
    )
    by_nip = {e.nip: e for e in employees}
    for employee, p in zip(employees, plan.people, strict=True):
        employee.supervisor = by_nip[p.supervisor] if p.supervisor else None
    Employee.objects.bulk_update(employees, ["supervisor"], batch_size=1000)
    roles = [
        Role(user=e.user, kind=kind, unit=e.unit if kind == Role.Kind.LEADER else None)
        for e, p in zip(employees, plan.people, strict=True)
        for kind in p.roles
    ] + [Role(user=admin, kind=Role.Kind.ADMIN, unit=None)]
    Role.objects.bulk_create(roles, batch_size=1000)

    entries += [_created(u, {"email": u.email}) for u in [*users, admin]]
    entries += [
        _created(e, {"kind": e.kind, "unit": e.unit.code, "position": e.position})
        for e in employees
    ]
    entries += [
        _created(r, {"role": r.kind, "unit": r.unit.code if r.unit else None}) for r in roles
    ]
    log_many(entries)
    return DemoSummary(
        units=len(units),
        employees=len(employees),
        pppk=sum(p.kind == "PPPK" for p in plan.people),
        women=sum(p.sex == "F" for p in plan.people),
        logins=list_demo_logins(),
    )


def _create_units(plan: DemoPlan, entries: list[Entry]) -> dict[str, Unit]:
    """Insert units level by level, so that every parent has its pk before its children."""
    units: dict[str, Unit] = {}
    level = [u for u in plan.units if u.parent is None]
    while level:
        created = Unit.objects.bulk_create(
            [Unit(code=u.code, name=u.name, parent=units.get(u.parent or "")) for u in level]
        )
        units.update((unit.code, unit) for unit in created)
        codes = {u.code for u in level}
        level = [u for u in plan.units if u.parent in codes]
    rebuild_paths()
    entries += [
        _created(unit, {"code": code, "parent": unit.parent.code if unit.parent else None})
        for code, unit in units.items()
    ]
    return units


def _created(target: Agency | Unit | User | Employee | Role, changes: dict[str, object]) -> Entry:
    return build_entry(
        actor=None, action=Entry.Action.CREATE, target=target, changes={**changes, "source": "demo"}
    )


def list_demo_logins() -> tuple[DemoLogin, ...]:
    """The well-known demo accounts that exist in this database, one per role."""
    emails = {f.role: f"{_email_base(f.name)}@{EMAIL_DOMAIN}" for f in FIXED_PEOPLE}
    emails["admin"] = ADMIN_EMAIL
    found = {
        u.email: u
        for u in User.objects.filter(email__in=emails.values()).select_related("employee")
    }
    logins = []
    for role in ("employee", "leader", "counselor", "hr", "admin"):
        user = found.get(emails[role])
        if user is None:
            continue
        employee = getattr(user, "employee", None)
        logins.append(DemoLogin(role, user.name, emails[role], employee.nip if employee else None))
    return tuple(logins)
