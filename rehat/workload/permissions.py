"""Who may see and change the ABK. HR edits everything; admins and leaders read: admins
every unit, leaders the subtrees they lead. Each helper returns the object or raises
Http404 (not visible) or PermissionDenied (visible, not allowed)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from rehat.accounts.models import User
from rehat.organizations.models import Unit
from rehat.organizations.permissions import ADMIN, HR, LEADER, has_role, led_units
from rehat.workload.models import Position

READERS = (HR, ADMIN, LEADER)
EDITORS = (HR,)


def can_edit(user: User) -> bool:
    return has_role(user, HR)


def visible_units(user: User) -> QuerySet[Unit]:
    if has_role(user, HR) or has_role(user, ADMIN):
        return Unit.objects.all()
    if has_role(user, LEADER):
        return led_units(user)
    return Unit.objects.none()


def get_position_for_user(user: User, code: str) -> Position:
    try:
        position = Position.objects.select_related("unit").get(code=code)
    except (Position.DoesNotExist, ValueError):
        raise Http404 from None
    if not visible_units(user).filter(pk=position.unit_id).exists():
        raise Http404
    return position


def get_rw_position_for_user(user: User, code: str) -> Position:
    position = get_position_for_user(user, code)
    if not can_edit(user):
        raise PermissionDenied
    return position
