import pytest

from rehat.leave.domain.rules import check_adjustment, get_rule, legal_rule, list_rules
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
