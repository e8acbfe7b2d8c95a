"""The leave rules of each regime (PNS, PPPK), read from rules.json, narrowed by the agency.

rules.json holds the law as shared/domain/indonesia.md §2 gives it, with the citation and
its confidence mark. RuleAdjustment rows may only make a rule stricter; cuti pemulihan comes
from the agency's LeavePolicy and is recorded legally as cuti sakit.
"""

import dataclasses
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rehat.leave.models import LeavePolicy, LeaveType, RuleAdjustment

RULES_FILE = Path(__file__).resolve().parent.parent / "rules.json"
PNS, PPPK = "PNS", "PPPK"
# Fields where a smaller value is stricter; for the others a larger value is stricter.
_NARROW_DOWN = {"max_months", "letter_from_workdays", "remote_extra_days", "early_workdays"}
# The remote-place extension "dapat ditambah" (may be granted): an agency may grant none.
# The others are rights ("berhak"), which an agency may shorten but not remove.
_MAY_BE_ZERO = {"remote_extra_days"}


@dataclasses.dataclass(frozen=True)
class LeaveRule:
    regime: str
    leave_type: str
    citation: str
    confidence: str
    notes: tuple[str, ...] = ()
    requestable: bool = True
    annual_workdays: int | None = None
    max_months: int | None = None
    min_service_months: int | None = None
    carry_max: int | None = None
    carry_max_total: int | None = None
    carry_two_year_total: int | None = None
    letter: str = ""  # "", "doctor", "psychologist", "doctor_or_psychologist", "any"
    letter_from_workdays: int | None = None
    government_doctor_from_days: int | None = None
    contract_risk_months: int | None = None
    max_birth_order: int | None = None
    cancels_annual: bool = False
    unpaid: bool = False
    legal_type: str = ""  # the type the law records it as, when it differs
    # Cuti tahunan: calendar days added for a place hard to reach (PNS 12, PPPK 6).
    remote_extra_days: int | None = None
    # PPPK cuti tahunan before one year of service (PP 49/2018 Pasal 80): at most this many
    # working days, for these reasons; the reasons in early_letter_reasons need a letter.
    early_workdays: int | None = None
    early_letter_reasons: tuple[str, ...] = ()
    # Teachers and lecturers who get the school holidays count as having used cuti tahunan.
    holiday_staff_used: bool = False
    # Cuti besar: the service rule is waived for a first hajj and from the 4th birth.
    hajj_waives_service: bool = False
    birth_from_order: int | None = None
    forfeits_rest: bool = False
    # Cuti sakit: extension on a Tim Penguji Kesehatan certificate, and the special causes.
    extension_months: int | None = None
    miscarriage_months: int | None = None
    miscarriage_extra_days: int = 0
    work_accident_until_recovered: bool = False

    @property
    def recorded_as(self) -> str:
        return self.legal_type or self.leave_type

    @property
    def letter_required(self) -> bool:
        return self.letter_from_workdays is not None


@lru_cache(maxsize=1)
def _legal() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


def legal_rule(*, regime: str, leave_type: str) -> LeaveRule | None:
    """The rule as the law sets it, without the agency's adjustments."""
    raw = _legal()["regimes"].get(regime, {}).get(leave_type)
    if raw is None:
        return None
    fields = {
        **raw,
        "notes": tuple(raw.get("notes", ())),
        "early_letter_reasons": tuple(raw.get("early_letter_reasons", ())),
    }
    return LeaveRule(regime=regime, leave_type=leave_type, **fields)


def get_policy() -> LeavePolicy:
    policy, _created = LeavePolicy.objects.get_or_create(pk=1)
    return policy


def _recovery_rule(regime: str, policy: LeavePolicy) -> LeaveRule:
    return LeaveRule(
        regime=regime,
        leave_type=LeaveType.PEMULIHAN,
        citation=_legal()["sources"]["AGENCY"],
        confidence="V",
        notes=(
            _("Kebijakan instansi: %(days)d hari kerja setahun, dicatat sebagai cuti sakit.")
            % {"days": policy.recovery_workdays},
        ),
        annual_workdays=policy.recovery_workdays,
        letter=policy.recovery_letter,
        letter_from_workdays=policy.recovery_letter_from_workdays,
        legal_type=LeaveType.SAKIT,
    )


def get_rule(*, regime: str, leave_type: str) -> LeaveRule | None:
    """The rule that applies in this agency, or None when the type is not open to the regime."""
    if leave_type == LeaveType.PEMULIHAN:
        if legal_rule(regime=regime, leave_type=LeaveType.SAKIT) is None:
            return None
        return _recovery_rule(regime, get_policy())
    rule = legal_rule(regime=regime, leave_type=leave_type)
    if rule is None:
        return None
    changes = {
        row.field: row.value
        for row in RuleAdjustment.objects.filter(regime=regime, leave_type=leave_type)
        if check_adjustment(regime=regime, leave_type=leave_type, field=row.field, value=row.value)
        is None
    }
    return dataclasses.replace(rule, **changes) if changes else rule  # type: ignore[arg-type]


def list_rules(*, regime: str) -> list[LeaveRule]:
    rules = [get_rule(regime=regime, leave_type=kind) for kind in LeaveType.values]
    return [rule for rule in rules if rule is not None]


def check_adjustment(*, regime: str, leave_type: str, field: str, value: int) -> str | None:
    """Why an agency adjustment would go beyond the law, or None when it stays within it."""
    rule = legal_rule(regime=regime, leave_type=leave_type)
    if rule is None:
        return _("Jenis cuti ini tidak berlaku bagi %(regime)s.") % {"regime": regime}
    legal = getattr(rule, field, None)
    if field not in RuleAdjustment.Field.values or legal is None:
        return _("Aturan ini tidak ada untuk jenis cuti tersebut.")
    lowest = 0 if field in _MAY_BE_ZERO else 1
    if field in _NARROW_DOWN and not lowest <= value <= legal:
        return _("Nilai harus antara %(lowest)d dan %(legal)d (batas peraturan).") % {
            "lowest": lowest,
            "legal": legal,
        }
    if field not in _NARROW_DOWN and value < legal:
        return _("Nilai tidak boleh kurang dari %(legal)d (batas peraturan).") % {"legal": legal}
    return None


def adjustment_key(*, regime: str, leave_type: str, field: str) -> str:
    """The rule key the HR pages use: "REGIME.leave_type.field", e.g. "PNS.besar.max_months"."""
    return f"{regime}.{leave_type}.{field}"


def adjustable_rules() -> list[tuple[str, int]]:
    """Every rule an agency may adjust, as (rule key, the legal limit)."""
    keys = []
    for regime, kinds in _legal()["regimes"].items():
        for leave_type, raw in kinds.items():
            for field in RuleAdjustment.Field.values:
                if raw.get(field) is not None:
                    keys.append(
                        (
                            adjustment_key(regime=regime, leave_type=leave_type, field=field),
                            raw[field],
                        )
                    )
    return keys


def validate_adjustment(rule_key: str, value: int) -> None:
    """Raise ValidationError (in Indonesian) unless `value` keeps the rule `rule_key`
    ("PNS.besar.max_months") within the law: an agency may only make a rule stricter."""
    parts = rule_key.split(".")
    if len(parts) != 3:
        raise ValidationError(_("Aturan cuti tidak dikenal."), code="unknown_rule")
    regime, leave_type, field = parts
    if regime not in (PNS, PPPK):
        raise ValidationError(_("Aturan cuti tidak dikenal."), code="unknown_rule")
    problem = check_adjustment(regime=regime, leave_type=leave_type, field=field, value=value)
    if problem is not None:
        raise ValidationError(problem, code="beyond_law")
