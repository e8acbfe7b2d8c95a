"""The official leave letter (surat izin cuti) as a PDF, in the customary layout of the
Peraturan BKN 24/2017 annex: letterhead, title and number, the grant with the employee's
particulars, the two conditions, place and date, the pejabat's signature block, copies.

Recovery leave is granted as cuti sakit: the letter never says "pemulihan" or a reason.
"""

import datetime
import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

from rehat.leave.domain.rules import get_policy
from rehat.leave.models import LeaveRequest, LeaveType
from rehat.organizations.models import Agency, Employee

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
_ONES = [
    "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
]  # fmt: skip
LETTER_NAMES = {
    LeaveType.TAHUNAN: "CUTI TAHUNAN",
    LeaveType.BESAR: "CUTI BESAR",
    LeaveType.SAKIT: "CUTI SAKIT",
    LeaveType.MELAHIRKAN: "CUTI MELAHIRKAN",
    LeaveType.ALASAN_PENTING: "CUTI KARENA ALASAN PENTING",
    LeaveType.CLTN: "CUTI DI LUAR TANGGUNGAN NEGARA",
}


def spell_number(n: int) -> str:
    """Indonesian words for 0–999 ("terbilang")."""
    if n < 12:
        return _ONES[n] or "nol"
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
    return head + (f" {spell_number(rest)}" if rest else "")


def format_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _duration(leave_request: LeaveRequest) -> str:
    if leave_request.recorded_type in (LeaveType.TAHUNAN, LeaveType.SAKIT):
        n = leave_request.workdays
        text = f"{n} ({spell_number(n)}) hari kerja"
        if leave_request.travel_days:
            # PP 11/2017 Pasal 312; PP 49/2018 Pasal 79: a place hard to reach.
            m = leave_request.travel_days
            text += (
                f" ditambah {m} ({spell_number(m)}) hari kalender karena dijalankan di "
                f"tempat yang sulit perhubungannya ({escape(leave_request.travel_place)})"
            )
        return text
    n = (leave_request.end - leave_request.start).days + 1
    return f"{n} ({spell_number(n)}) hari kalender"


def build_letter_pdf(*, leave_request: LeaveRequest) -> bytes:
    employee: Employee = leave_request.employee
    agency = Agency.objects.first()
    kind = leave_request.recorded_type
    name = LETTER_NAMES[LeaveType(kind)]
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=11, leading=15)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=center, fontSize=13, leading=17, fontName="Helvetica-Bold")
    signer = leave_request.approver
    decided = leave_request.decided or leave_request.created.date()
    city = get_policy().city
    status = (
        "Pegawai Negeri Sipil"
        if employee.kind == Employee.Kind.PNS
        else "Pegawai Pemerintah dengan Perjanjian Kerja"
    )
    year = f" untuk tahun {leave_request.start.year}" if kind == LeaveType.TAHUNAN else ""
    lowered = name.lower()

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(text, style)

    particulars = Table(
        [
            ["Nama", ":", employee.user.name],
            ["NIP" if employee.kind == Employee.Kind.PNS else "NI PPPK", ":", employee.nip],
            ["Jabatan", ":", employee.position or "-"],
            ["Unit kerja", ":", employee.unit.name],
        ],
        colWidths=[3.5 * cm, 0.5 * cm, 11 * cm],
        hAlign="LEFT",
    )
    story = [
        p(escape((agency.name if agency else "").upper()), head),
        p(escape(employee.unit.name.upper()), center),
        HRFlowable(width="100%", thickness=1.2, spaceBefore=4, spaceAfter=10),
        p(f"<b>SURAT IZIN {escape(name)}</b>", center),
        p(f"Nomor: {escape(leave_request.number)}", center),
        Spacer(1, 12),
        p(f"1. Diberikan {escape(lowered)}{year} kepada {status}:"),
        Spacer(1, 4),
        particulars,
        Spacer(1, 4),
        p(
            f"selama {_duration(leave_request)}, terhitung mulai tanggal "
            f"{format_date(leave_request.start)} sampai dengan tanggal "
            f"{format_date(leave_request.end)}, dengan ketentuan sebagai berikut:"
        ),
        p(
            f"a. Sebelum menjalankan {escape(lowered)} wajib menyerahkan pekerjaannya kepada "
            "atasan langsungnya atau pejabat lain yang ditentukan."
        ),
        p(
            f"b. Setelah selesai menjalankan {escape(lowered)} wajib melaporkan diri kepada "
            "atasan langsungnya dan bekerja kembali sebagaimana biasa."
        ),
        Spacer(1, 6),
        p(
            f"2. Demikian surat izin {escape(lowered)} ini dibuat untuk dapat digunakan "
            "sebagaimana mestinya."
        ),
        Spacer(1, 18),
    ]
    place = f"{escape(city)}, " if city else ""
    signature = [
        f"{place}{format_date(decided)}",
        escape(leave_request.approver_title or "Pejabat yang berwenang memberikan cuti"),
        "",
        "",
        "",
        escape(signer.name if signer else ""),
    ]
    story.append(
        Table([["", p("<br/>".join(signature))]], colWidths=[8 * cm, 8 * cm], hAlign="LEFT")
    )
    story += [
        Spacer(1, 18),
        p("Tembusan:"),
        p("1. Atasan langsung yang bersangkutan;"),
        p("2. Pejabat yang membidangi kepegawaian."),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"Surat izin {lowered}",
        author=agency.name if agency else "Rehat",
    )
    document.build(story)
    return buffer.getvalue()
