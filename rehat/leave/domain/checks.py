"""Explain a leave request before it is sent: what breaks a rule, what to know."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehat.leave.domain.balances import (
    Balance,
    add_months,
    compute_annual_balance,
    compute_recovery_balance,
    count_early_annual_days,
    count_service_months,
    get_service_start,
    sum_sick_days,
    sum_sick_days_between,
)
from rehat.leave.domain.rules import LeaveRule, get_rule
from rehat.leave.models import HolidayStaff, LeavePolicy, LeaveRequest, LeaveType
from rehat.organizations.models import Employee
from rehat.schedule.domain.calendar import count_working_days

# Sick leave (and recovery leave) may be reported after the fact; other leave is asked ahead.
BACKDATED = {LeaveType.SAKIT, LeaveType.PEMULIHAN}
LETTERS = {
    "doctor": gettext_lazy("surat keterangan dokter"),
    "psychologist": gettext_lazy("surat keterangan psikolog"),
    "doctor_or_psychologist": gettext_lazy("surat keterangan dokter atau psikolog"),
    "any": gettext_lazy("surat pendukung"),
}


class EarlyReason(models.TextChoices):
    """Why a PPPK may take cuti tahunan before one year of service (PP 49/2018 Pasal 80(1))."""

    FAMILY_ILL = "family_ill", gettext_lazy("ibu, bapak, istri/suami, anak atau mertua sakit keras")
    FAMILY_DIED = (
        "family_died",
        gettext_lazy("ibu, bapak, istri/suami, anak atau mertua meninggal dunia"),
    )
    FAMILY_AFFAIRS = (
        "family_affairs",
        gettext_lazy("mengurus hak-hak anggota keluarga yang meninggal dunia"),
    )
    FIRST_MARRIAGE = "first_marriage", gettext_lazy("melangsungkan perkawinan pertama")


class SickCause(models.TextChoices):
    """Sick leave with its own length (PP 11/2017 Pasal 321-322; PP 49/2018)."""

    MISCARRIAGE = "miscarriage", gettext_lazy("gugur kandungan")
    WORK_ACCIDENT = "work_accident", gettext_lazy("kecelakaan dalam dan karena menjalankan tugas")


@dataclass(frozen=True)
class RequestDetails:
    """What the form asks beyond type and dates. None of it is stored except the travel days
    and place: the hajj (religion), the sick cause and the Tim Penguji Kesehatan certificate
    (health) are specific personal data (UU PDP), needed only to check the request; the
    letter that proves them is sealed with the request."""

    hajj_first: bool = False  # cuti besar for the employee's first hajj
    travel_days: int = 0  # cuti tahunan: calendar days added for a place hard to reach
    travel_place: str = ""
    early_reason: str = ""  # EarlyReason: PPPK cuti tahunan before one year of service
    sick_cause: str = ""  # SickCause
    health_board: bool = False  # the letter includes a Tim Penguji Kesehatan certificate


NO_DETAILS = RequestDetails()


@dataclass
class Check:
    rule: LeaveRule | None
    workdays: int = 0
    skipped: list[tuple[datetime.date, str]] = field(default_factory=list)
    balance: Balance | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def balance_after(self) -> int | None:
        return None if self.balance is None else self.balance.available - self.workdays


def check_request(
    *,
    employee: Employee,
    leave_type: str,
    start: datetime.date,
    end: datetime.date,
    has_letter: bool,
    today: datetime.date,
    birth_order: int | None = None,
    details: RequestDetails = NO_DETAILS,
) -> Check:
    rule = get_rule(regime=employee.kind, leave_type=leave_type)
    check = Check(rule=rule)
    if rule is None:
        check.problems.append(
            _("%(type)s tidak tersedia bagi pegawai %(kind)s.")
            % {"type": LeaveType(leave_type).label, "kind": employee.kind}
        )
        return check
    if not rule.requestable:
        check.problems.append(
            _("Cuti bersama ditetapkan Keputusan Presiden dan tidak perlu diajukan.")
        )
        return check
    if end < start:
        check.problems.append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return check
    if not _check_details(check, rule, start, end, details):
        return check
    annual_end = end - datetime.timedelta(days=details.travel_days)
    check.workdays, check.skipped = count_working_days(
        start=start, end=annual_end, unit=employee.unit
    )
    _check_dates(check, start, end, today, leave_type)
    known = len(check.problems)
    early = _check_service(check, employee, rule, start, birth_order, details)
    eligible = len(check.problems) == known  # else a balance of 0 would only repeat it
    _check_holiday_staff(check, employee, rule)
    _check_length(check, rule, start, end, details)
    _check_sick_total(check, employee, rule, start, end, details)
    _check_besar_again(check, employee, rule, start, birth_order, details)
    _check_letter(check, rule, has_letter)
    if early and details.early_reason in rule.early_letter_reasons and not has_letter:
        check.problems.append(
            _("Lampirkan surat keterangan rawat inap dari unit pelayanan kesehatan.")
        )
    _check_birth(check, rule, birth_order)
    if early:
        _check_early_balance(check, employee, rule, start, annual_end)
    elif eligible:
        _check_balance(check, employee, rule, start, annual_end)
    _check_overlap(check, employee, start, end)
    _add_warnings(check, employee, rule, start, end, details)
    return check


def _check_details(
    check: Check, rule: LeaveRule, start: datetime.date, end: datetime.date, details: RequestDetails
) -> bool:
    """Details that do not fit the leave type. False when the dates cannot be counted."""
    kind = LeaveType(rule.leave_type).label
    if details.hajj_first and rule.leave_type != LeaveType.BESAR:
        check.problems.append(_("Pengecualian ibadah haji pertama hanya berlaku untuk cuti besar."))
    if details.early_reason and rule.early_workdays is None:
        check.problems.append(
            _("%(type)s sebelum 1 tahun masa kerja tidak berlaku bagi Anda.") % {"type": kind}
        )
    if details.sick_cause and rule.leave_type != LeaveType.SAKIT:
        check.problems.append(_("Sebab khusus hanya untuk cuti sakit."))
    if details.health_board and rule.extension_months is None:
        check.problems.append(
            _("Perpanjangan dengan surat Tim Penguji Kesehatan tidak berlaku untuk %(type)s.")
            % {"type": kind.lower()}
        )
    if not details.travel_days:
        return True
    limit = rule.remote_extra_days
    if limit is None:
        check.problems.append(
            _("Tambahan hari untuk tempat yang sulit dijangkau hanya untuk cuti tahunan.")
        )
        return False
    if details.travel_days > limit:
        check.problems.append(
            _("Tambahan untuk tempat yang sulit dijangkau paling lama %(days)d hari kalender.")
            % {"days": limit}
            if limit
            else _(
                "Instansi Anda tidak memberikan tambahan hari untuk tempat yang sulit dijangkau."
            )
        )
        return False
    if not details.travel_place.strip():
        check.problems.append(_("Sebutkan tempat yang sulit dijangkau itu."))
    if details.travel_days > (end - start).days:
        check.problems.append(
            _("Tambahan hari perjalanan harus lebih pendek dari seluruh masa cuti.")
        )
        return False
    return True


def _check_dates(
    check: Check, start: datetime.date, end: datetime.date, today: datetime.date, kind: str
) -> None:
    if check.workdays == 0:
        check.problems.append(
            _("Tidak ada hari kerja pada tanggal itu; cuti paling sedikit 1 hari kerja.")
        )
    if start < today and kind not in BACKDATED:
        check.problems.append(_("Cuti ini diajukan sebelum tanggal mulainya."))


def _check_service(
    check: Check,
    employee: Employee,
    rule: LeaveRule,
    start: datetime.date,
    birth_order: int | None,
    details: RequestDetails,
) -> bool:
    """Check the service minimum. True when this is a PPPK's early cuti tahunan."""
    if not rule.min_service_months or _service_waived(rule, birth_order, details):
        return False
    months = count_service_months(employee=employee, on=start)
    if months is not None and months >= rule.min_service_months:
        if details.early_reason:
            check.problems.append(_("Masa kerja Anda sudah 1 tahun: ajukan cuti tahunan biasa."))
        return False
    if rule.early_workdays is not None and months is not None:
        if details.early_reason in EarlyReason.values:
            return True
        check.problems.append(
            _(
                "Sebelum 1 tahun masa kerja, cuti tahunan hanya dapat diberikan paling lama "
                "%(days)d hari kerja bila keluarga inti sakit keras atau meninggal dunia, atau "
                "untuk perkawinan pertama. Pilih alasannya."
            )
            % {"days": rule.early_workdays}
        )
        return False
    check.problems.append(
        _(
            "%(type)s dapat diambil setelah bekerja terus-menerus paling sedikit "
            "%(months)d bulan; pada tanggal mulai masa kerja Anda %(have)s bulan."
        )
        % {
            "type": LeaveType(rule.leave_type).label,
            "months": rule.min_service_months,
            "have": "?" if months is None else months,
        }
    )
    return False


def _service_waived(rule: LeaveRule, birth_order: int | None, details: RequestDetails) -> bool:
    """Cuti besar without five years: a first hajj (PP 11/2017 Pasal 316(2) says "untuk
    kepentingan agama"; indonesia.md §2.3 and Peraturan BKN 24/2017 name the first hajj, which
    is what is encoded), or a 4th or later birth (Pasal 327)."""
    if rule.hajj_waives_service and details.hajj_first:
        return True
    return (
        rule.birth_from_order is not None
        and birth_order is not None
        and birth_order >= rule.birth_from_order
    )


def _check_holiday_staff(check: Check, employee: Employee, rule: LeaveRule) -> None:
    if rule.holiday_staff_used and HolidayStaff.objects.filter(employee=employee).exists():
        check.problems.append(
            _(
                "Guru dan dosen yang mendapat libur sekolah atau libur akademik disamakan "
                "dengan pegawai yang telah menggunakan hak cuti tahunan."
            )
        )


def _check_length(
    check: Check, rule: LeaveRule, start: datetime.date, end: datetime.date, details: RequestDetails
) -> None:
    months, extra_days = rule.max_months, 0
    if details.sick_cause == SickCause.WORK_ACCIDENT and rule.work_accident_until_recovered:
        return  # until recovered (PNS), or until the contract ends (PPPK)
    if details.sick_cause == SickCause.MISCARRIAGE and rule.miscarriage_months is not None:
        months, extra_days = rule.miscarriage_months, rule.miscarriage_extra_days
    if months is None:
        return
    last = add_months(start, months) + datetime.timedelta(days=extra_days - 1)
    if end <= last:
        return
    if extra_days:
        check.problems.append(
            _(
                "Cuti sakit karena gugur kandungan paling lama 1,5 bulan: paling lambat sampai %(last)s."
            )
            % {"last": last.isoformat()}
        )
    elif rule.extension_months and details.health_board:
        pass  # beyond a year on the Tim Penguji Kesehatan certificate: see _check_sick_total
    else:
        check.problems.append(
            _("%(type)s paling lama %(months)d bulan: paling lambat sampai %(last)s.")
            % {
                "type": LeaveType(rule.leave_type).label,
                "months": months,
                "last": last.isoformat(),
            }
        )


def _check_sick_total(
    check: Check,
    employee: Employee,
    rule: LeaveRule,
    start: datetime.date,
    end: datetime.date,
    details: RequestDetails,
) -> None:
    """PNS cuti sakit: at most 1 year, taken in parts and counted cumulatively, plus at most
    6 months on a Tim Penguji Kesehatan certificate (PP 11/2017 Pasal 320). The regulation
    sets no period for "cumulative"; Rehat counts the sick and recovery leave of the last
    18 months (the longest the law allows) before this request, plus this request. Earlier
    leave for a miscarriage or a work accident counts too (its cause is not stored)."""
    sick = get_rule(regime=rule.regime, leave_type=LeaveType.SAKIT)
    if sick is None or not sick.extension_months or not sick.max_months or details.sick_cause:
        return
    if rule.recorded_as != LeaveType.SAKIT:
        return
    longest = sick.max_months + sick.extension_months
    earlier, first = sum_sick_days_between(
        employee=employee,
        first=add_months(start, -longest),
        last=start - datetime.timedelta(days=1),
    )
    first = min(first or start, start)
    total = earlier + (end - start).days + 1
    base = (add_months(first, sick.max_months) - first).days
    extended = (add_months(first, longest) - first).days
    if total > extended:
        check.problems.append(
            _(
                "Cuti sakit paling lama 1 tahun ditambah 6 bulan. Setelah itu kesehatan Anda "
                "diuji kembali oleh Tim Penguji Kesehatan; bicarakan dengan bagian SDM."
            )
        )
    elif total > base and not details.health_board:
        check.problems.append(
            _(
                "Cuti sakit Anda sudah %(days)d hari kalender, lebih dari 1 tahun. Perpanjangan "
                "paling lama 6 bulan memerlukan surat keterangan Tim Penguji Kesehatan."
            )
            % {"days": total}
        )


def _check_besar_again(
    check: Check,
    employee: Employee,
    rule: LeaveRule,
    start: datetime.date,
    birth_order: int | None,
    details: RequestDetails,
) -> None:
    """The rest of a cuti besar taken shorter than 3 months is forfeited (Peraturan BKN
    24/2017). Rehat reads this as: a new right to cuti besar comes after another five years,
    so a cuti besar may not start within five years of the previous one, unless the service
    rule is waived (first hajj, 4th birth)."""
    if not rule.forfeits_rest or not rule.min_service_months:
        return
    if _service_waived(rule, birth_order, details):
        return
    since = add_months(start, -rule.min_service_months) + datetime.timedelta(days=1)
    previous = (
        LeaveRequest.objects.filter(
            employee=employee,
            leave_type=LeaveType.BESAR,
            status__in=LeaveRequest.ACTIVE,
            start__gte=since,
            start__lte=start,
        )
        .order_by("-start")
        .first()
    )
    if previous is not None:
        check.problems.append(
            _(
                "Cuti besar Anda sebelumnya mulai %(date)s. Hak cuti besar berikutnya timbul "
                "setelah 5 tahun lagi, mulai %(next)s."
            )
            % {
                "date": previous.start.isoformat(),
                "next": add_months(previous.start, rule.min_service_months).isoformat(),
            }
        )


def _check_letter(check: Check, rule: LeaveRule, has_letter: bool) -> None:
    needed = rule.letter_from_workdays
    if needed is None or has_letter or check.workdays < needed:
        return
    check.problems.append(
        _("Lampirkan %(letter)s.") % {"letter": LETTERS.get(rule.letter, LETTERS["any"])}
    )


def _check_birth(check: Check, rule: LeaveRule, birth_order: int | None) -> None:
    if rule.max_birth_order is None:
        return
    if birth_order is None:
        check.problems.append(_("Isi kelahiran ke berapa selama menjadi ASN."))
    elif birth_order > rule.max_birth_order:
        check.problems.append(
            _("Cuti melahirkan berlaku untuk kelahiran pertama sampai ketiga.")
            + (
                " " + _("Untuk kelahiran keempat dan seterusnya ajukan cuti besar.")
                if rule.regime == "PNS"
                else ""
            )
        )


def _check_balance(
    check: Check, employee: Employee, rule: LeaveRule, start: datetime.date, end: datetime.date
) -> None:
    if rule.leave_type == LeaveType.TAHUNAN:
        check.balance = compute_annual_balance(employee=employee, year=start.year)
    elif rule.leave_type == LeaveType.PEMULIHAN:
        check.balance = compute_recovery_balance(employee=employee, year=start.year)
    if check.balance is None:
        return
    if end.year != start.year:
        check.problems.append(
            _("Ajukan cuti ini per tahun: saldo dihitung untuk setiap tahun tersendiri.")
        )
    elif check.workdays > check.balance.available:
        check.problems.append(
            _(
                "Saldo %(type)s tahun %(year)d tinggal %(left)d hari kerja; "
                "permohonan ini %(asked)d hari kerja."
            )
            % {
                "type": LeaveType(rule.leave_type).label.lower(),
                "year": start.year,
                "left": max(0, check.balance.available),
                "asked": check.workdays,
            }
        )


def _check_early_balance(
    check: Check, employee: Employee, rule: LeaveRule, start: datetime.date, end: datetime.date
) -> None:
    """PP 49/2018 Pasal 80(2)-(3): at most `early_workdays` before one year of service, in
    all; those days later reduce the cuti tahunan (see balances.compute_annual_balance)."""
    limit = rule.early_workdays or 0
    service_start = get_service_start(employee=employee)
    assert service_start is not None  # _check_service found the months
    eligible = add_months(service_start, rule.min_service_months or 0)
    used, pending = count_early_annual_days(employee=employee, before=eligible)
    check.balance = Balance(LeaveType.TAHUNAN, start.year, limit, 0, 0, used, pending)
    if end >= eligible:
        check.problems.append(
            _("Cuti ini melewati %(date)s, saat masa kerja Anda genap 1 tahun: ajukan per bagian.")
            % {"date": eligible.isoformat()}
        )
    if check.workdays > check.balance.available:
        check.problems.append(
            _(
                "Sebelum 1 tahun masa kerja cuti tahunan paling lama %(limit)d hari kerja; "
                "tersisa %(left)d hari kerja, permohonan ini %(asked)d hari kerja."
            )
            % {"limit": limit, "left": max(0, check.balance.available), "asked": check.workdays}
        )
        return
    yearly = compute_annual_balance(employee=employee, year=start.year)
    if yearly is not None and yearly.entitlement and check.workdays > yearly.available:
        check.problems.append(
            _("Saldo cuti tahunan tahun %(year)d tinggal %(left)d hari kerja.")
            % {"year": start.year, "left": max(0, yearly.available)}
        )


def _check_overlap(
    check: Check, employee: Employee, start: datetime.date, end: datetime.date
) -> None:
    overlapping = LeaveRequest.objects.filter(
        employee=employee, status__in=LeaveRequest.ACTIVE, start__lte=end, end__gte=start
    )
    if overlapping.exists():
        check.problems.append(_("Tanggal ini bertumpuk dengan permohonan cuti Anda yang lain."))


def _add_warnings(
    check: Check,
    employee: Employee,
    rule: LeaveRule,
    start: datetime.date,
    end: datetime.date,
    details: RequestDetails,
) -> None:
    calendar_days = (end - start).days + 1
    if details.travel_days:
        check.warnings.append(
            _(
                "Tambahan %(days)d hari kalender (%(first)s sampai %(last)s) tidak mengurangi "
                "saldo. Pejabat berwenang menilai apakah tempat itu sulit perhubungannya: sulit "
                "dijangkau dan alat transportasinya sangat terbatas."
            )
            % {
                "days": details.travel_days,
                "first": (end - datetime.timedelta(days=details.travel_days - 1)).isoformat(),
                "last": end.isoformat(),
            }
        )
    if details.hajj_first and rule.hajj_waives_service:
        check.warnings.append(
            _(
                "Cuti besar untuk ibadah haji pertama tidak memerlukan masa kerja 5 tahun. "
                "Lampirkan jadwal keberangkatan (kloter) bila pejabat berwenang memintanya."
            )
        )
    if rule.forfeits_rest and end < add_months(start, rule.max_months or 0) - datetime.timedelta(
        days=1
    ):
        check.warnings.append(_("Cuti besar yang diambil kurang dari 3 bulan: sisa haknya hapus."))
    if details.early_reason:
        check.warnings.append(
            _("Cuti ini nanti mengurangi hak cuti tahunan Anda setelah masa kerja 1 tahun.")
        )
    if details.sick_cause == SickCause.WORK_ACCIDENT and rule.regime == "PPPK":
        check.warnings.append(
            _(
                "Cuti sakit karena kecelakaan kerja berlaku paling lama sampai perjanjian kerja berakhir."
            )
        )
    if rule.cancels_annual:
        check.warnings.append(
            _("Cuti besar menghapus hak cuti tahunan Anda pada tahun %(year)d.")
            % {"year": start.year}
        )
    if rule.unpaid:
        check.warnings.append(_("Selama cuti ini Anda tidak menerima gaji."))
    government = rule.government_doctor_from_days
    if government is not None and calendar_days >= government:
        check.warnings.append(
            _("Lebih dari %(days)d hari: surat keterangan harus dari dokter pemerintah.")
            % {"days": government - 1}
        )
    if rule.recorded_as == LeaveType.SAKIT and rule.leave_type == LeaveType.PEMULIHAN:
        check.warnings.append(
            _(
                "Cuti pemulihan dicatat sebagai cuti sakit. Atasan dan pejabat berwenang "
                "hanya melihat “sakit/pemulihan” dan tanggalnya."
            )
        )
    risk = get_rule(regime=employee.kind, leave_type=LeaveType.SAKIT)
    if (
        rule.recorded_as == LeaveType.SAKIT
        and risk
        and risk.contract_risk_months
        and not details.sick_cause
    ):
        sick = sum_sick_days(employee=employee, year=start.year) + calendar_days
        if sick > 30 * risk.contract_risk_months:
            check.warnings.append(
                _(
                    "Cuti sakit PPPK lebih dari 1 bulan dapat berujung pada berakhirnya "
                    "perjanjian kerja. Bicarakan dulu dengan bagian SDM."
                )
            )


def describe_letter_need(*, check: Check) -> str | None:
    """What letter this request will need (for a preview made before a file is chosen)."""
    rule = check.rule
    if rule is None or rule.letter_from_workdays is None:
        return None
    if check.workdays < rule.letter_from_workdays:
        return None
    return _("Perlu dilampirkan: %(letter)s.") % {
        "letter": LETTERS.get(rule.letter, LETTERS["any"])
    }


def letter_label(*, policy: LeavePolicy) -> str:
    return str(LETTERS[policy.recovery_letter])
