"""One boring factory per model of the workload app."""

from decimal import Decimal
from typing import Any

from rehat.organizations.models import Unit
from rehat.workload.models import Duty, Position


def make_position(*, unit: Unit, name: str = "Analis SDM Aparatur", **fields: Any) -> Position:
    return Position.objects.create(unit=unit, name=name, **fields)


def make_duty(
    *, position: Position, volume: str = "12", minutes: str = "2400", **fields: Any
) -> Duty:
    fields.setdefault("description", "Menyusun laporan")
    fields.setdefault("result_unit", "Laporan")
    fields.setdefault("order", position.duties.count() + 1)
    return Duty.objects.create(
        position=position, volume=Decimal(volume), minutes=Decimal(minutes), **fields
    )
