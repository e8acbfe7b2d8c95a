"""The ABK of stored positions: incumbents from the employee records, results per unit.

A fixed number of queries whatever the number of units and positions: the policy,
the units, the positions with their duties, and the employees' (unit, jabatan) pairs.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from rehat.organizations.models import Employee, Unit
from rehat.workload.domain import abk
from rehat.workload.models import Duty, Policy, Position


@dataclass
class PositionRow:
    position: Position
    incumbents_counted: int  # from the employee records
    result: abk.Result
    effective_minutes: int

    @property
    def incumbents_overridden(self) -> bool:
        return self.position.incumbents is not None


@dataclass
class UnitRow:
    unit: Unit
    positions: list[PositionRow] = field(default_factory=list)
    total: abk.Result | None = None
    figures: Any = None  # released wellbeing figures, set by the overview
    after_hours: Any = None  # worktime's UnitAfterHours, set by the pages that show it


def get_policy() -> Policy:
    policy, _created = Policy.objects.get_or_create(pk=1)
    return policy


def thresholds_of(*, policy: Policy) -> abk.Thresholds:
    values = (policy.threshold_a, policy.threshold_b, policy.threshold_c, policy.threshold_d)
    a, b, c, d = (Decimal(str(value)) for value in values)
    return abk.Thresholds(a=a, b=b, c=c, d=d, scale=policy.grade_scale)


def normalize_position_name(*, name: str) -> str:
    """Jabatan names match ignoring case and repeated spaces ("Analis  SDM" = "analis sdm")."""
    return " ".join(name.split()).casefold()


def count_incumbents(*, unit_ids: Iterable[int]) -> Counter[tuple[int, str]]:
    """Employees per (unit id, normalized jabatan name)."""
    pairs = Employee.objects.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "position")
    return Counter((unit_id, normalize_position_name(name=name)) for unit_id, name in pairs)


def compute_row(
    *,
    position: Position,
    duties: Iterable[abk.DutyInput],
    incumbents_counted: int,
    policy: Policy,
    incumbents: int | None = None,
) -> PositionRow:
    """`incumbents` (a what-if) wins over the stored override, which wins over the count."""
    if incumbents is None:
        incumbents = position.incumbents if position.incumbents is not None else incumbents_counted
    effective = position.effective_minutes or policy.effective_minutes
    result = abk.compute_position(
        duties=duties,
        incumbents=incumbents,
        effective_minutes=effective,
        thresholds=thresholds_of(policy=policy),
        rounding=policy.rounding,
        definition=policy.ej_definition,
    )
    return PositionRow(position, incumbents_counted, result, effective)


def duty_inputs(*, duties: Iterable[Duty]) -> list[abk.DutyInput]:
    return [abk.DutyInput(volume=d.volume, minutes=d.minutes) for d in duties]


def build_report(*, units: QuerySet[Unit], policy: Policy) -> list[UnitRow]:
    """Every given unit in tree order with its positions' results and its total.

    Units without positions are kept (with total None) so that the tree reads whole.
    """
    rows = {unit.pk: UnitRow(unit) for unit in units.order_by("path")}
    positions = (
        Position.objects.filter(unit_id__in=list(rows))
        .prefetch_related("duties")
        .order_by("unit__path", "name")
    )
    counted = count_incumbents(unit_ids=rows)
    thresholds = thresholds_of(policy=policy)
    for position in positions:
        key = (position.unit_id, normalize_position_name(name=position.name))
        row = compute_row(
            position=position,
            duties=duty_inputs(duties=position.duties.all()),
            incumbents_counted=counted[key],
            policy=policy,
        )
        rows[position.unit_id].positions.append(row)
    for unit_row in rows.values():
        if unit_row.positions:
            unit_row.total = abk.compute_unit(
                positions=[p.result for p in unit_row.positions],
                thresholds=thresholds,
                definition=policy.ej_definition,
            )
    return list(rows.values())


def sum_units(*, rows: Sequence[UnitRow], policy: Policy) -> abk.Result | None:
    """The grand total over every position of the given units."""
    results = [p.result for row in rows for p in row.positions]
    if not results:
        return None
    return abk.compute_unit(
        positions=results, thresholds=thresholds_of(policy=policy), definition=policy.ej_definition
    )
