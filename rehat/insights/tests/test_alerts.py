import pytest
from django.core import mail

from rehat.insights.domain.alerts import Rule, raise_alerts
from rehat.insights.models import Alert

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])


def test_raise_alerts_after_three_bad_periods_mails_hr_and_the_leader(
    released, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = raise_alerts(rule=Rule(periods=3, who5_below=50.0, burnout_above=0.3))

    # Alfa Satu: WHO-5 40 and everyone burnt out, three weeks running; its share of
    # burnout carries Alfa and the Setda over 30 %. Beta is hidden, so it raises nothing.
    assert sorted((a.unit.code, a.metric) for a in made) == [
        ("ALFA", "high_burnout"),
        ("ALFA1", "high_burnout"),
        ("ALFA1", "low_wellbeing"),
        ("SETDA", "high_burnout"),
    ]
    to = {a.unit.code: m.to for a, m in zip(made, mail.outbox, strict=True)}
    with_leader = sorted([released.hr.user.email, released.leader.user.email])
    # Alfa Satu has no leader of its own: the mail goes to the leader of Alfa above it.
    assert to == {"ALFA": with_leader, "ALFA1": with_leader, "SETDA": [released.hr.user.email]}


def test_raise_alerts_once_per_period(released):
    rule = Rule(periods=3, who5_below=50.0, burnout_above=0.3)
    raise_alerts(rule=rule)

    assert raise_alerts(rule=rule) == []
    assert Alert.objects.count() == 4


def test_raise_alerts_needs_enough_periods(released):
    assert raise_alerts(rule=Rule(periods=4, who5_below=50.0, burnout_above=0.3)) == []


def test_raise_alerts_threshold_edge(released):
    # ALFA1's WHO-5 mean is exactly 40: "below 40" does not fire, "below 40.01" does.
    at = raise_alerts(rule=Rule(periods=3, who5_below=40.0, burnout_above=1.0))
    assert [a.unit.code for a in at] == []
    above = raise_alerts(rule=Rule(periods=3, who5_below=40.01, burnout_above=1.0))
    assert [a.unit.code for a in above] == ["ALFA1"]
