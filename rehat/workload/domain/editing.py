"""HR's changes to positions, duties and the ABK policy; each one is audited."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from rehat.accounts.models import User
from rehat.audit.domain import diff, log_action
from rehat.audit.models import Entry
from rehat.organizations.models import Unit
from rehat.workload.models import Duty, Policy, Position

POSITION_FIELDS = ("name", "incumbents", "effective_minutes")
POLICY_FIELDS = (
    "effective_minutes",
    "threshold_a",
    "threshold_b",
    "threshold_c",
    "threshold_d",
    "rounding",
    "ej_definition",
    "grade_scale",
)


@dataclass(frozen=True)
class DutyData:
    """One line of the duty table; `code` is None for a new duty."""

    code: str | None
    description: str
    result_unit: str
    volume: Decimal
    minutes: Decimal


def create_position(
    *,
    actor: User,
    unit: Unit,
    name: str,
    incumbents: int | None = None,
    effective_minutes: int | None = None,
) -> Position:
    position = Position.objects.create(
        unit=unit, name=name, incumbents=incumbents, effective_minutes=effective_minutes
    )
    log_action(
        actor=actor,
        action=Entry.Action.CREATE,
        target=position,
        changes={"unit": unit.code, "name": name, "incumbents": incumbents},
    )
    return position


def update_position(*, actor: User, position: Position, values: Mapping[str, Any]) -> None:
    new = {name: values[name] for name in POSITION_FIELDS if name in values}
    changes = diff(position, new)
    if not changes:
        return
    for name, value in new.items():
        setattr(position, name, value)
    position.save(update_fields=list(changes))
    log_action(actor=actor, action=Entry.Action.UPDATE, target=position, changes=changes)


def delete_position(*, actor: User, position: Position) -> None:
    log_action(
        actor=actor,
        action=Entry.Action.DELETE,
        target=position,
        changes={"unit": position.unit.code, "name": position.name},
    )
    position.delete()


@transaction.atomic
def save_duties(
    *,
    actor: User,
    position: Position,
    duties: Sequence[DutyData],
    incumbents: int | None,
) -> dict[str, int]:
    """Make the position's duties exactly `duties`, in that order; counts what changed."""
    existing = {str(d.code): d for d in position.duties.all()}
    kept: set[str] = set()
    counts = {"created": 0, "updated": 0, "deleted": 0}
    for order, data in enumerate(duties, start=1):
        values = {
            "order": order,
            "description": data.description,
            "result_unit": data.result_unit,
            "volume": data.volume,
            "minutes": data.minutes,
        }
        duty = existing.get(data.code or "")
        if duty is None:
            Duty.objects.create(position=position, **values)
            counts["created"] += 1
            continue
        kept.add(str(duty.code))
        changed = diff(duty, values)
        if changed:
            for name, value in values.items():
                setattr(duty, name, value)
            duty.save(update_fields=list(changed))
            counts["updated"] += 1 if set(changed) != {"order"} else 0
    removed = [d.pk for code, d in existing.items() if code not in kept]
    counts["deleted"] = len(removed)
    Duty.objects.filter(pk__in=removed).delete()
    changes: dict[str, Any] = {k: v for k, v in counts.items() if v}
    if incumbents != position.incumbents:
        changes["incumbents"] = [position.incumbents, incumbents]
        position.incumbents = incumbents
        position.save(update_fields=["incumbents"])
    if changes:
        log_action(actor=actor, action=Entry.Action.UPDATE, target=position, changes=changes)
    return counts


def update_policy(*, actor: User, policy: Policy, values: Mapping[str, Any]) -> None:
    new = {name: values[name] for name in POLICY_FIELDS if name in values}
    changes = diff(policy, new)
    if not changes:
        return
    for name, value in new.items():
        setattr(policy, name, value)
    policy.save(update_fields=list(changes))
    log_action(actor=actor, action=Entry.Action.UPDATE, target=policy, changes=changes)
