"""One boring factory per leave model."""

import datetime
from typing import Any

from django.conf import settings

from rehat.leave.models import LeaveRequest
from rehat.lib.sealing import seal
from rehat.organizations.models import Employee
from rehat.schedule.domain.calendar import count_working_days


def make_request(
    *,
    employee: Employee,
    leave_type: str = "tahunan",
    start: datetime.date,
    end: datetime.date | None = None,
    status: str = LeaveRequest.Status.APPROVED,
    reason: str = "Urusan keluarga",
    **fields: Any,
) -> LeaveRequest:
    end = end or start
    workdays, _skipped = count_working_days(start=start, end=end, unit=employee.unit)
    supervisor = employee.supervisor.user if employee.supervisor else None
    return LeaveRequest.objects.create(
        employee=employee,
        leave_type=leave_type,
        start=start,
        end=end,
        workdays=workdays,
        status=status,
        sealed_reason=seal(reason.encode(), secret=settings.MASTER_KEY, purpose="leave-reason"),
        supervisor=supervisor,
        **fields,
    )
