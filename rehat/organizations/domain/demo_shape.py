"""The shape of the demo agency: positions per kind of unit, the unit tree, names.

Data tables and the small functions that read them; rehat.organizations.domain.demo
plans and writes the agency from these.
"""

import random
import re
from dataclasses import dataclass, field

STRUKTURAL, FUNGSIONAL, PELAKSANA = "struktural", "fungsional", "pelaksana"

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
