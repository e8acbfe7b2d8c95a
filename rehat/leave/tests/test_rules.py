import pytest
from django.core.exceptions import ValidationError

from rehat.leave.domain.rules import (
    adjustable_rules,
    check_adjustment,
    get_rule,
    legal_rule,
    list_rules,
    validate_adjustment,
)
from rehat.leave.models import LeavePolicy, LeaveType, RuleAdjustment


@pytest.mark.django_db
def test_pns_has_the_seven_types_of_pp_11_2017_plus_recovery_leave():
    kinds = {rule.leave_type for rule in list_rules(regime="PNS")}
    assert kinds == set(LeaveType.values)


@pytest.mark.django_db
def test_pppk_has_only_the_four_types_of_pp_49_2018_plus_recovery_leave():
    kinds = {rule.leave_type for rule in list_rules(regime="PPPK")}
    assert kinds == {"tahunan", "sakit", "melahirkan", "bersama", "pemulihan"}


@pytest.mark.parametrize("regime", ["PNS", "PPPK"])
def test_every_legal_rule_cites_its_regulation(regime):
    for kind in LeaveType.values:
        rule = legal_rule(regime=regime, leave_type=kind)
        if rule is not None:
            assert rule.citation.startswith(("PP ", "PP 11", "PP 49")), kind
            assert rule.confidence in {"V", "P", "M"}


def test_annual_leave_numbers_follow_the_regulation():
    for regime in ["PNS", "PPPK"]:
        rule = legal_rule(regime=regime, leave_type="tahunan")
        assert (rule.annual_workdays, rule.min_service_months) == (12, 12)
        assert (rule.carry_max, rule.carry_max_total, rule.carry_two_year_total) == (6, 18, 24)


def test_sick_leave_limits_differ_between_pns_and_pppk():
    assert legal_rule(regime="PNS", leave_type="sakit").max_months == 12
    assert legal_rule(regime="PPPK", leave_type="sakit").max_months == 1
    assert legal_rule(regime="PPPK", leave_type="sakit").government_doctor_from_days == 15


def test_cuti_bersama_cannot_be_requested():
    assert legal_rule(regime="PNS", leave_type="bersama").requestable is False


@pytest.mark.django_db
def test_recovery_leave_follows_the_agency_policy_and_is_recorded_as_sick_leave():
    LeavePolicy.objects.create(pk=1, recovery_workdays=3, recovery_letter="psychologist")
    rule = get_rule(regime="PPPK", leave_type="pemulihan")
    assert rule.annual_workdays == 3
    assert rule.letter == "psychologist"
    assert rule.recorded_as == "sakit"


@pytest.mark.django_db
def test_an_agency_may_narrow_a_rule():
    RuleAdjustment.objects.create(
        regime="PNS", leave_type="alasan_penting", field="max_months", value=1
    )
    RuleAdjustment.objects.create(regime="PNS", leave_type="cltn", field="max_months", value=24)
    assert get_rule(regime="PNS", leave_type="cltn").max_months == 24


@pytest.mark.django_db
def test_an_adjustment_beyond_the_law_is_ignored():
    RuleAdjustment.objects.create(regime="PNS", leave_type="besar", field="max_months", value=6)
    assert get_rule(regime="PNS", leave_type="besar").max_months == 3


@pytest.mark.parametrize(
    ("regime", "kind", "field", "value", "allowed"),
    [
        ("PNS", "besar", "max_months", 3, True),
        ("PNS", "besar", "max_months", 4, False),
        ("PNS", "besar", "max_months", 0, False),
        ("PNS", "besar", "min_service_months", 72, True),
        ("PNS", "besar", "min_service_months", 59, False),
        ("PPPK", "besar", "max_months", 1, False),
        ("PNS", "sakit", "letter_from_workdays", 1, True),
        ("PNS", "tahunan", "max_months", 1, False),
    ],
)
def test_check_adjustment_keeps_the_agency_within_the_law(regime, kind, field, value, allowed):
    problem = check_adjustment(regime=regime, leave_type=kind, field=field, value=value)
    assert (problem is None) is allowed


@pytest.mark.parametrize(
    ("rule_key", "value"),
    [
        ("PNS.besar.max_months", 3),
        ("PNS.besar.max_months", 1),
        ("PNS.besar.min_service_months", 60),
        ("PNS.besar.min_service_months", 72),
        ("PNS.tahunan.remote_extra_days", 0),
        ("PNS.tahunan.remote_extra_days", 12),
        ("PPPK.tahunan.remote_extra_days", 6),
        ("PPPK.tahunan.early_workdays", 1),
        ("PPPK.tahunan.early_workdays", 6),
        ("PPPK.sakit.max_months", 1),
    ],
)
def test_validate_adjustment_accepts_rules_kept_within_the_law(rule_key, value):
    assert validate_adjustment(rule_key, value) is None


@pytest.mark.parametrize(
    ("rule_key", "value", "message"),
    [
        ("PNS.besar.max_months", 4, "Nilai harus antara 1 dan 3 (batas peraturan)."),
        ("PNS.besar.max_months", 0, "Nilai harus antara 1 dan 3 (batas peraturan)."),
        (
            "PNS.besar.min_service_months",
            59,
            "Nilai tidak boleh kurang dari 60 (batas peraturan).",
        ),
        ("PNS.tahunan.remote_extra_days", 13, "Nilai harus antara 0 dan 12 (batas peraturan)."),
        ("PPPK.tahunan.remote_extra_days", 7, "Nilai harus antara 0 dan 6 (batas peraturan)."),
        ("PPPK.tahunan.early_workdays", 0, "Nilai harus antara 1 dan 6 (batas peraturan)."),
        ("PPPK.tahunan.early_workdays", 7, "Nilai harus antara 1 dan 6 (batas peraturan)."),
        ("PNS.tahunan.early_workdays", 6, "Aturan ini tidak ada untuk jenis cuti tersebut."),
        ("PPPK.besar.max_months", 1, "Jenis cuti ini tidak berlaku bagi PPPK."),
        ("PNS.besar", 1, "Aturan cuti tidak dikenal."),
        ("TNI.besar.max_months", 1, "Aturan cuti tidak dikenal."),
    ],
)
def test_validate_adjustment_refuses_anything_wider_than_the_law(rule_key, value, message):
    with pytest.raises(ValidationError) as refused:
        validate_adjustment(rule_key, value)
    assert refused.value.messages == [message]


def test_adjustable_rules_list_each_key_with_its_legal_limit():
    rules = dict(adjustable_rules())
    assert rules["PNS.tahunan.remote_extra_days"] == 12
    assert rules["PPPK.tahunan.remote_extra_days"] == 6
    assert rules["PPPK.tahunan.early_workdays"] == 6
    assert rules["PNS.besar.min_service_months"] == 60
    assert "PPPK.besar.max_months" not in rules
    for key, limit in rules.items():
        validate_adjustment(key, limit)


def test_the_special_rules_cite_their_articles():
    pns = legal_rule(regime="PNS", leave_type="tahunan")
    pppk = legal_rule(regime="PPPK", leave_type="tahunan")
    assert (pns.remote_extra_days, pppk.remote_extra_days) == (12, 6)
    assert (pns.early_workdays, pppk.early_workdays) == (None, 6)
    assert pppk.early_letter_reasons == ("family_ill",)
    assert pns.holiday_staff_used and pppk.holiday_staff_used
    assert "Pasal 312" in " ".join(pns.notes) and "Pasal 315" in " ".join(pns.notes)
    assert "Pasal 80" in " ".join(pppk.notes) and "Pasal 81" in " ".join(pppk.notes)
    besar = legal_rule(regime="PNS", leave_type="besar")
    assert (besar.hajj_waives_service, besar.birth_from_order, besar.forfeits_rest) == (
        True,
        4,
        True,
    )
    sick = legal_rule(regime="PNS", leave_type="sakit")
    assert (sick.max_months, sick.extension_months) == (12, 6)
    assert (sick.miscarriage_months, sick.miscarriage_extra_days) == (1, 15)
    assert legal_rule(regime="PPPK", leave_type="sakit").extension_months is None
