"""Who may see and act on a leave request. Views fetch requests only through these helpers.

- The employee sees their own requests.
- The atasan langsung and the pejabat berwenang (or whoever holds their delegation today)
  see the requests assigned to them: dates, status and a category in which sick leave and
  recovery leave look the same ("sakit/pemulihan").
- HR sees every request. The reason and letter of sick and recovery leave are readable only
  by HR officers with the medical flag; of other types, by any HR officer.
- Admins configure the system and see no leave at all: with HR they set who decides leave
  for which unit (Authority), the agency's leave policy and its stricter rules. Who may read
  medical reasons, balances and service dates are HR's alone.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from rehat.accounts.models import User
from rehat.leave.models import (
    Authority,
    Delegation,
    LeaveRequest,
    LeaveType,
    MedicalReader,
    RuleAdjustment,
)
from rehat.organizations.models import Employee
from rehat.organizations.permissions import ADMIN, HR, has_role

CONFIDENTIAL_TYPES = (LeaveType.SAKIT, LeaveType.PEMULIHAN)


def is_hr(user: User) -> bool:
    return has_role(user, HR)


def is_medical_reader(user: User) -> bool:
    cached = getattr(user, "_rehat_medical", None)
    if cached is None:
        cached = is_hr(user) and MedicalReader.objects.filter(user=user).exists()
        user._rehat_medical = cached  # type: ignore[attr-defined]
    return bool(cached)


def delegators_of(user: User, *, on: datetime.date) -> list[int]:
    """Ids of the people whose approvals `user` holds today (and their own id)."""
    ids = Delegation.objects.filter(to_user=user, start__lte=on, end__gte=on).values_list(
        "from_user_id", flat=True
    )
    return [user.pk, *ids]


def acts_for(user: User, assignee_id: int | None, *, on: datetime.date) -> bool:
    return assignee_id is not None and assignee_id in delegators_of(user, on=on)


def requests_to_act_on(user: User, *, on: datetime.date) -> QuerySet[LeaveRequest]:
    ids = delegators_of(user, on=on)
    return LeaveRequest.objects.filter(
        Q(status=LeaveRequest.Status.RECOMMENDATION, supervisor_id__in=ids)
        | Q(status=LeaveRequest.Status.DECISION, approver_id__in=ids)
    )


def get_request_for_user(user: User, code: str, *, on: datetime.date) -> LeaveRequest:
    try:
        leave_request = LeaveRequest.objects.select_related(
            "employee__user", "employee__unit", "supervisor", "approver"
        ).get(code=code)
    except (LeaveRequest.DoesNotExist, ValueError):
        raise Http404 from None
    if leave_request.employee.user_id == user.pk:
        return leave_request
    if is_hr(user):
        return leave_request
    ids = delegators_of(user, on=on)
    if leave_request.supervisor_id in ids:
        return leave_request
    if leave_request.approver_id in ids:
        return leave_request
    raise Http404


def can_recommend(user: User, leave_request: LeaveRequest, *, on: datetime.date) -> bool:
    return leave_request.status == LeaveRequest.Status.RECOMMENDATION and acts_for(
        user, leave_request.supervisor_id, on=on
    )


def can_decide(user: User, leave_request: LeaveRequest, *, on: datetime.date) -> bool:
    return leave_request.status == LeaveRequest.Status.DECISION and acts_for(
        user, leave_request.approver_id, on=on
    )


def can_cancel(user: User, leave_request: LeaveRequest, *, on: datetime.date) -> bool:
    if leave_request.employee.user_id != user.pk:
        return False
    if leave_request.is_pending:
        return True
    return leave_request.status == LeaveRequest.Status.APPROVED and leave_request.start > on


def can_read_reason(user: User, leave_request: LeaveRequest) -> bool:
    if leave_request.leave_type in CONFIDENTIAL_TYPES:
        return is_medical_reader(user)
    return is_hr(user)


def sees_true_type(user: User, leave_request: LeaveRequest) -> bool:
    """Only the employee and medical HR tell recovery leave from sick leave."""
    return leave_request.employee.user_id == user.pk or is_medical_reader(user)


def get_readable_request(user: User, code: str, *, on: datetime.date) -> LeaveRequest:
    leave_request = get_request_for_user(user, code, on=on)
    if not can_read_reason(user, leave_request):
        raise PermissionDenied
    return leave_request


def get_own_request(user: User, code: str, *, on: datetime.date) -> LeaveRequest:
    leave_request = get_request_for_user(user, code, on=on)
    if leave_request.employee.user_id != user.pk:
        raise PermissionDenied
    return leave_request


# HR's and admins' settings pages. The views' role_required already admits only these
# roles; each helper checks again, so that a helper is safe wherever it is called.


def can_configure(user: User) -> bool:
    """Authority, policy and rule adjustments: HR and admins (configuration, no content)."""
    return is_hr(user) or has_role(user, ADMIN)


def get_authority_for_user(user: User, pk: int) -> Authority:
    if not can_configure(user):
        raise PermissionDenied
    try:
        return Authority.objects.select_related("unit", "user").get(pk=pk)
    except Authority.DoesNotExist:
        raise Http404 from None


def get_adjustment_for_user(user: User, pk: int) -> RuleAdjustment:
    if not can_configure(user):
        raise PermissionDenied
    try:
        return RuleAdjustment.objects.get(pk=pk)
    except RuleAdjustment.DoesNotExist:
        raise Http404 from None


def get_medical_reader_for_user(user: User, pk: int) -> MedicalReader:
    if not is_hr(user):
        raise PermissionDenied
    try:
        return MedicalReader.objects.select_related("user").get(pk=pk)
    except MedicalReader.DoesNotExist:
        raise Http404 from None


def get_employee_for_leave_admin(user: User, code: str) -> Employee:
    """Service dates and balance adjustments are HR's: admins see no leave."""
    if not is_hr(user):
        raise PermissionDenied
    try:
        return Employee.objects.select_related("user", "unit").get(user__code=code)
    except (Employee.DoesNotExist, ValueError):
        raise Http404 from None
