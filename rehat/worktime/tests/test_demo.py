"""The demo agency's worktime reports: every dashboard unit has figures."""

import pytest
from django.utils import timezone

from rehat.organizations.domain.demo import list_demo_logins, seed_demo
from rehat.organizations.models import Unit
from rehat.worktime.demo import DemoWorktimeError, seed_demo_worktime
from rehat.worktime.domain.summary import leader_footprint, unit_after_hours
from rehat.worktime.models import Report


@pytest.mark.django_db
def test_demo_worktime_gives_every_tagged_unit_figures(settings):
    settings.REHAT_MIN_GROUP = 10
    today = timezone.localdate()
    with pytest.raises(DemoWorktimeError):
        seed_demo_worktime(today=today)
    seed_demo(seed=2026, size=300)

    counts = seed_demo_worktime(today=today)

    shared = Report.objects.filter(kind="chat", private=False)
    tagged = list(shared.values_list("unit_id", flat=True))
    assert counts == {"chats": shared.count() + 1, "calendars": 1}
    assert len(tagged) >= 5
    figures = unit_after_hours(tagged, subtree=False)
    assert sorted(figures) == sorted(tagged)
    assert all(0 < f.after_hours_share < 1 for f in figures.values())
    assert all(f.leader_after_hours_share is not None for f in figures.values())
    logins = {login.role: login.email for login in list_demo_logins()}
    leader_unit = Unit.objects.get(roles__user__email=logins["leader"], roles__kind="leader")
    subtree = unit_after_hours([leader_unit.pk])[leader_unit.pk]
    assert subtree.reports == shared.filter(unit__path__startswith=leader_unit.path).count()
    for role in ("leader", "employee"):
        mine = leader_footprint(
            Report.objects.filter(uploaded_by__email=logins[role]).first().uploaded_by
        )
        assert mine is not None and mine.messages > 0
    calendar = Report.objects.get(kind="calendar")
    assert sum(map(sum, calendar.heatmap)) == round(calendar.metrics["meeting_hours"] * 60)
    with pytest.raises(DemoWorktimeError):
        seed_demo_worktime(today=today)
