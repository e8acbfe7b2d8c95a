"""How counseling objects are fetched. Every view goes through these helpers.

Nobody but the booking's employee and its counselor can open a booking: supervisors,
HR and admins get 403 from the decorators and 404 from these helpers. A booking is
found for its employee by the keyed hash of their account, never by a stored name.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rehat.accounts.models import User
from rehat.counseling.domain.sealed import holder_for_user
from rehat.counseling.models import Booking, Circle, Counselor, ServiceConfig
from rehat.organizations.models import Employee
from rehat.organizations.permissions import COUNSELOR, has_role


def employee_of(user: User) -> Employee:
    employee = Employee.objects.select_related("unit", "user").filter(user=user).first()
    if employee is None:
        raise PermissionDenied
    return employee


def profile_of(user: User) -> Counselor:
    """The counselor profile of a user holding the counselor role, made on first use."""
    if not has_role(user, COUNSELOR):
        raise PermissionDenied
    counselor, _created = Counselor.objects.get_or_create(user=user)
    return counselor


def get_counselor_for_booking(code: UUID) -> Counselor:
    counselor = Counselor.objects.select_related("user").filter(code=code, active=True).first()
    if counselor is None:
        raise Http404
    return counselor


def get_booking_for_employee(user: User, code: UUID) -> Booking:
    """A named booking, for the employee who made it."""
    booking = (
        Booking.objects.select_related("counselor__user")
        .filter(code=code, mode=Booking.Mode.NAMED)
        .first()
    )
    if booking is None:
        raise Http404
    if bytes(booking.holder) != holder_for_user(user=user):
        raise Http404
    return booking


def get_booking_for_counselor(user: User, code: UUID, config: ServiceConfig) -> Booking:
    """The booking's own counselor; the clinical lead (notes only, see the view)."""
    booking = Booking.objects.select_related("counselor__user").filter(code=code).first()
    if booking is None:
        raise Http404
    if booking.counselor.user_id == user.pk:
        return booking
    if config.clinical_lead_id is not None and config.clinical_lead_id == user.pk:
        return booking
    raise Http404


def get_circle(code: UUID) -> Circle:
    circle = Circle.objects.select_related("facilitator__user").filter(code=code).first()
    if circle is None:
        raise Http404
    return circle
