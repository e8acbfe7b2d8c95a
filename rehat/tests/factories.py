"""One boring factory per model. Each call makes a new, valid object."""

import datetime
import itertools
from typing import Any

from rehat.accounts.models import User
from rehat.organizations.domain.nip import build_nip
from rehat.organizations.domain.units import rebuild_paths
from rehat.organizations.models import Employee, Role, Unit

_counter = itertools.count(1)
PASSWORD = "rahasia-uji-123"  # every test user's, unless a test gives another


def make_user(**fields: Any) -> User:
    n = next(_counter)
    fields.setdefault("name", f"Pengguna {n}")
    fields.setdefault("email", f"user{n}@contoh.go.id")
    password = fields.pop("password", PASSWORD)
    return User.objects.create_user(password=password, **fields)


def make_unit(*, parent: Unit | None = None, **fields: Any) -> Unit:
    n = next(_counter)
    fields.setdefault("code", f"U{n:05d}")
    fields.setdefault("name", f"Unit {n}")
    unit = Unit.objects.create(parent=parent, **fields)
    rebuild_paths()
    unit.refresh_from_db()
    return unit


def make_employee(*, unit: Unit | None = None, user: User | None = None, **fields: Any) -> Employee:
    n = next(_counter)
    kind = fields.pop("kind", "PNS")
    fields.setdefault(
        "nip",
        build_nip(
            kind=kind,
            birth=datetime.date(1985, 1 + n % 12, 1 + n % 28),
            year=2010 if kind == "PNS" else 2022,
            month=3,
            sex="M" if n % 2 else "F",
            seq=1 + n % 999,
        ),
    )
    return Employee.objects.create(
        user=user or make_user(),
        unit=unit or make_unit(),
        kind=kind,
        **fields,
    )


def make_role(*, user: User, kind: str, unit: Unit | None = None) -> Role:
    return Role.objects.create(user=user, kind=kind, unit=unit)
