"""Who may see what. Every view fetches its objects through these helpers.

Each helper returns the object or raises Http404 (not visible to this user) or
PermissionDenied (visible but not allowed); each condition stands on its own line.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from rehat.accounts.models import User
from rehat.organizations.models import Employee, Role, Unit

EMPLOYEE = "employee"
LEADER = Role.Kind.LEADER.value
COUNSELOR = Role.Kind.COUNSELOR.value
LEAD_COUNSELOR = Role.Kind.LEAD_COUNSELOR.value
HR = Role.Kind.HR.value
ADMIN = Role.Kind.ADMIN.value

View = TypeVar("View", bound=Callable[..., HttpResponse])


def roles_of(user: Any) -> frozenset[str]:
    """The role names a user holds, "employee" included; cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_rehat_roles", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names = set(Role.objects.filter(user=user).values_list("kind", flat=True))
    if Employee.objects.filter(user=user).exists():
        names.add(EMPLOYEE)
    user._rehat_roles = frozenset(names)
    return user._rehat_roles  # type: ignore[no-any-return]


def has_role(user: Any, role: str) -> bool:
    return role in roles_of(user)


def role_required(*allowed: str) -> Callable[[View], View]:
    """Signed in (else redirect to login) and holding one of `allowed` (else 403)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not roles_of(request.user) & set(allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def led_units(user: User) -> QuerySet[Unit]:
    """Every unit in the subtrees the user leads."""
    roots = Unit.objects.filter(roles__user=user, roles__kind=LEADER).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in roots:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def get_unit_for_user(user: User, code: str) -> Unit:
    """HR and admins see every unit; a leader sees the units of the subtree they lead."""
    try:
        unit = Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
    if has_role(user, HR) or has_role(user, ADMIN):
        return unit
    if has_role(user, LEADER) and led_units(user).filter(pk=unit.pk).exists():
        return unit
    raise Http404


def get_employee_for_hr(user: User, code: str) -> Employee:
    """Employee records (NIP, roles) are HR's and admins' to read and change."""
    if not (has_role(user, HR) or has_role(user, ADMIN)):
        raise PermissionDenied
    try:
        return Employee.objects.select_related("user", "unit", "supervisor__user").get(
            user__code=code
        )
    except (Employee.DoesNotExist, ValueError):
        raise Http404 from None
