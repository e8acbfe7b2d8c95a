"""Who sees which worktime report.

A private report is its uploader's alone. A shared report is seen by HR and by the leaders
of the unit it is tagged with (and its parents' leaders); its uploader always sees it.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from rehat.accounts.models import User
from rehat.organizations.models import Unit
from rehat.organizations.permissions import HR, LEADER, has_role, led_units
from rehat.worktime.models import Report


def visible_reports(user: User) -> QuerySet[Report]:
    mine = Q(uploaded_by=user)
    if has_role(user, HR):
        return Report.objects.filter(mine | Q(private=False))
    if has_role(user, LEADER):
        return Report.objects.filter(mine | Q(private=False, unit__in=led_units(user)))
    return Report.objects.filter(mine)


def get_report_for_user(user: User, code: str) -> Report:
    try:
        report = Report.objects.select_related("unit", "uploaded_by").get(code=code)
    except (Report.DoesNotExist, ValueError):
        raise Http404 from None
    if report.uploaded_by_id == user.pk:
        return report
    if report.private:
        raise Http404
    if has_role(user, HR):
        return report
    if (
        has_role(user, LEADER)
        and report.unit_id is not None
        and led_units(user).filter(pk=report.unit_id).exists()
    ):
        return report
    raise Http404


def summary_units(user: User, unit_ids: list[int]) -> list[int]:
    """The units whose shared reports the user sees all of, so may see their summary."""
    if not unit_ids:
        return []
    if has_role(user, HR):
        return unit_ids
    if has_role(user, LEADER):
        led = set(led_units(user).filter(pk__in=unit_ids).values_list("pk", flat=True))
        return [pk for pk in unit_ids if pk in led]
    return []


def upload_units(user: User) -> QuerySet[Unit] | None:
    """Units an upload may be tagged with; None for employees (private view only)."""
    if has_role(user, HR):
        return Unit.objects.all()
    if has_role(user, LEADER):
        return led_units(user)
    return None
