"""Who sees which released numbers, and who writes which plans.

HR sees every unit; a leader sees the subtree they lead. Admins and counselors run
the system or listen to people, and see no dashboards. Employees see the action plans
of their own unit and the units above it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rehat.accounts.models import User
from rehat.insights.models import ActionPlan, Report
from rehat.organizations.models import Employee, Unit
from rehat.organizations.permissions import EMPLOYEE, HR, LEADER, has_role, led_units


def get_dashboard_unit(user: User, code: str) -> Unit:
    if not (has_role(user, HR) or has_role(user, LEADER)):
        raise PermissionDenied
    try:
        unit = Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
    if has_role(user, HR):
        return unit
    if led_units(user).filter(pk=unit.pk).exists():
        return unit
    raise Http404


def get_plan_unit(user: User, code: str) -> Unit:
    """Only a leader of the unit's subtree writes its plan; HR reads, not writes."""
    if not has_role(user, LEADER):
        raise PermissionDenied
    try:
        unit = Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
    if not led_units(user).filter(pk=unit.pk).exists():
        raise Http404
    return unit


def units_above(user: User) -> list[int]:
    """The pks of the employee's unit and every unit above it."""
    employee = Employee.objects.select_related("unit").filter(user=user).first()
    if employee is None:
        return []
    return [*employee.unit.ancestor_ids(), employee.unit.pk]


def get_plan_for_employee(user: User, code: str) -> ActionPlan:
    if not has_role(user, EMPLOYEE):
        raise PermissionDenied
    try:
        plan = ActionPlan.objects.select_related("unit").get(code=code)
    except (ActionPlan.DoesNotExist, ValueError):
        raise Http404 from None
    if plan.unit_id not in units_above(user):
        raise Http404
    return plan


def get_report_for_user(user: User, code: str) -> Report:
    if not (has_role(user, HR) or has_role(user, LEADER)):
        raise PermissionDenied
    try:
        report = Report.objects.select_related("unit").get(code=code)
    except (Report.DoesNotExist, ValueError):
        raise Http404 from None
    if report.requested_by_id != user.pk:
        raise Http404
    return report
