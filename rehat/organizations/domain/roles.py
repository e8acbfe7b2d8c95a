from django.db import transaction

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.organizations.models import Role, Unit


@transaction.atomic
def grant_role(*, actor: User | None, user: User, kind: str, unit: Unit | None) -> Role:
    role, created = Role.objects.get_or_create(user=user, kind=kind, unit=unit)
    if created:
        log_action(
            actor=actor,
            action=Entry.Action.GRANT,
            target=user,
            changes={"role": kind, "unit": unit.code if unit else None},
        )
    return role


class LastAdminError(Exception):
    pass


@transaction.atomic
def revoke_role(*, actor: User | None, user: User, kind: str, unit: Unit | None) -> bool:
    if kind == Role.Kind.ADMIN and not Role.objects.filter(kind=kind).exclude(user=user).exists():
        # Nobody could administer the installation any more.
        raise LastAdminError
    deleted, _ = Role.objects.filter(user=user, kind=kind, unit=unit).delete()
    if deleted:
        log_action(
            actor=actor,
            action=Entry.Action.REVOKE,
            target=user,
            changes={"role": kind, "unit": unit.code if unit else None},
        )
    return bool(deleted)
