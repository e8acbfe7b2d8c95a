from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from rehat.accounts.models import User
from rehat.audit.models import Entry

# Never written to the log, whatever a caller passes.
_FORBIDDEN_KEYS = frozenset({"password", "password_hash", "reason", "note", "answers"})


def _clean(changes: Mapping[str, Any] | None) -> dict[str, Any]:
    if not changes:
        return {}
    return {k: v for k, v in changes.items() if k not in _FORBIDDEN_KEYS}


def build_entry(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
) -> Entry:
    if action not in Entry.Action.values:
        # SQLite would store anything; PostgreSQL would refuse a long one at commit.
        raise ValueError(f"unknown audit action {action!r}; use Entry.Action")
    return Entry(
        actor=actor,
        actor_name=actor.name if actor else "",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=_clean(changes),
    )


def log_action(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
) -> Entry:
    entry = build_entry(actor=actor, action=action, target=target, changes=changes)
    entry.save()
    return entry


def log_many(entries: Iterable[Entry]) -> None:
    Entry.objects.bulk_create(entries, batch_size=2000)


def diff(obj: models.Model, new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Field changes between obj and new values, as {field: [old, new]}."""
    changes = {}
    for field, value in new.items():
        old = getattr(obj, field)
        if old != value:
            changes[field] = [_plain(old), _plain(value)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
