"""Explain a leave request before it is sent: what breaks a rule, what to know."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehat.leave.domain.balances import (
    Balance,
    add_months,
    compute_annual_balance,
    compute_recovery_balance,
    count_service_months,
    sum_sick_days,
)
from rehat.leave.domain.rules import LeaveRule, get_rule
from rehat.leave.models import LeavePolicy, LeaveRequest, LeaveType
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
    check.workdays, check.skipped = count_working_days(start=start, end=end, unit=employee.unit)
    _check_dates(check, start, end, today, leave_type)
    _check_service(check, employee, rule, start)
    _check_length(check, rule, start, end)
    _check_letter(check, rule, has_letter)
    _check_birth(check, rule, birth_order)
    _check_balance(check, employee, rule, start, end)
    _check_overlap(check, employee, start, end)
    _add_warnings(check, employee, rule, start, end)
    return check


def _check_dates(
    check: Check, start: datetime.date, end: datetime.date, today: datetime.date, kind: str
) -> None:
    if check.workdays == 0:
        check.problems.append(
            _("Tidak ada hari kerja pada tanggal itu; cuti paling sedikit 1 hari kerja.")
        )
    if start < today and kind not in BACKDATED:
        check.problems.append(_("Cuti ini diajukan sebelum tanggal mulainya."))


def _check_service(check: Check, employee: Employee, rule: LeaveRule, start: datetime.date) -> None:
    if not rule.min_service_months:
        return
    months = count_service_months(employee=employee, on=start)
    if months is None or months < rule.min_service_months:
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


def _check_length(check: Check, rule: LeaveRule, start: datetime.date, end: datetime.date) -> None:
    if rule.max_months is None:
        return
    last = add_months(start, rule.max_months) - datetime.timedelta(days=1)
    if end > last:
        check.problems.append(
            _("%(type)s paling lama %(months)d bulan: paling lambat sampai %(last)s.")
            % {
                "type": LeaveType(rule.leave_type).label,
                "months": rule.max_months,
                "last": last.isoformat(),
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


def _check_overlap(
    check: Check, employee: Employee, start: datetime.date, end: datetime.date
) -> None:
    overlapping = LeaveRequest.objects.filter(
        employee=employee, status__in=LeaveRequest.ACTIVE, start__lte=end, end__gte=start
    )
    if overlapping.exists():
        check.problems.append(_("Tanggal ini bertumpuk dengan permohonan cuti Anda yang lain."))


def _add_warnings(
    check: Check, employee: Employee, rule: LeaveRule, start: datetime.date, end: datetime.date
) -> None:
    calendar_days = (end - start).days + 1
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
    if rule.recorded_as == LeaveType.SAKIT and risk and risk.contract_risk_months:
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
