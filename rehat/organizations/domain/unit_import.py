"""Planning and writing an import of units (kode_unit, nama_unit, kode_induk)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehat.accounts.models import User
from rehat.audit.domain import build_entry
from rehat.audit.models import Entry
from rehat.organizations.domain.import_report import ErrorCollector, ImportReport, find_cycles
from rehat.organizations.domain.tables import Table
from rehat.organizations.domain.units import rebuild_paths
from rehat.organizations.models import ImportBatch, Unit

COLUMNS = ("kode_unit", "nama_unit", "kode_induk")
REQUIRED = ("kode_unit", "nama_unit")
# Keys without underscores; SIASN ref-unor names (Id, NamaUnor, DiatasanId) map too.
ALIASES = {
    "kodeunit": "kode_unit",
    "namaunit": "nama_unit",
    "kodeinduk": "kode_induk",
    "kodeunitinduk": "kode_induk",
    "id": "kode_unit",
    "unorid": "kode_unit",
    "namaunor": "nama_unit",
    "diatasanid": "kode_induk",
}
EXAMPLES = (
    ("DINKES", "Dinas Kesehatan", ""),
    ("DINKES.P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES"),
)
HELP = {
    "kode_unit": gettext_lazy("Kode unik unit kerja, misalnya kode unor SIASN."),
    "nama_unit": gettext_lazy("Nama unit kerja."),
    "kode_induk": gettext_lazy(
        "Kode unit induk. Kosongkan untuk unit tertinggi. Boleh unit di berkas ini "
        "atau unit yang sudah ada."
    ),
}
CODE_MAX = Unit._meta.get_field("code").max_length or 40
NAME_MAX = Unit._meta.get_field("name").max_length or 200


@dataclass
class UnitRow:
    number: int
    code: str
    name: str
    parent: str | None  # None when the file has no kode_induk column; "" for a root


@dataclass(frozen=True)
class ExistingUnit:
    pk: int
    name: str
    parent: str | None


@dataclass
class UnitPlan:
    report: ImportReport
    existing: dict[str, ExistingUnit]
    new: list[UnitRow] = field(default_factory=list)
    updated: list[UnitRow] = field(default_factory=list)


def plan_units(table: Table, actor: User | None = None) -> UnitPlan:
    """`actor` is not used: units carry no roles (same signature as plan_employees)."""
    existing = {
        code: ExistingUnit(pk, name, parent)
        for pk, code, name, parent in Unit.objects.values_list("pk", "code", "name", "parent__code")
    }
    errors = ErrorCollector(table.cell_errors)
    valid = _check_rows(table, errors)
    _drop_unknown_parents(valid, existing, table, errors)
    _drop_cycles(valid, existing, table, errors)
    plan = UnitPlan(
        report=ImportReport(kind=ImportBatch.Kind.UNITS, rows=len(table.rows)), existing=existing
    )
    for row in valid.values():
        old = existing.get(row.code)
        if old is None:
            plan.new.append(row)
        elif row.name != old.name or (
            row.parent is not None and (row.parent or None) != old.parent
        ):
            plan.updated.append(row)
        else:
            plan.report.unchanged += 1
    plan.report.new, plan.report.updated = len(plan.new), len(plan.updated)
    plan.report.invalid = len(errors.bad)
    plan.report.errors = errors.sorted()
    return plan


def _check_rows(table: Table, errors: ErrorCollector) -> dict[str, UnitRow]:
    head = table.headers
    first_row: dict[str, int] = {}
    valid: dict[str, UnitRow] = {}
    for number, values in table.rows:
        code, name = values["kode_unit"], values["nama_unit"]
        parent = values["kode_induk"] if "kode_induk" in head else None
        if not code:
            errors.add(number, head["kode_unit"], _("Kode unit wajib diisi."))
        elif len(code) > CODE_MAX:
            errors.add(number, head["kode_unit"], _too_long(CODE_MAX))
        elif code in first_row:
            errors.add(
                number,
                head["kode_unit"],
                _(
                    "Kode unit %(code)s sudah dipakai di baris %(row)s. "
                    "Setiap unit cukup muncul sekali."
                )
                % {"code": code, "row": first_row[code]},
            )
        else:
            first_row[code] = number
        if not name:
            errors.add(number, head["nama_unit"], _("Nama unit wajib diisi."))
        elif len(name) > NAME_MAX:
            errors.add(number, head["nama_unit"], _too_long(NAME_MAX))
        if parent and parent == code:
            errors.add(
                number,
                head["kode_induk"],
                _("Unit tidak boleh menjadi induk bagi dirinya sendiri."),
            )
        if number not in errors.bad:
            valid[code] = UnitRow(number, code, name, parent)
    return valid


def _drop_unknown_parents(
    valid: dict[str, UnitRow],
    existing: dict[str, ExistingUnit],
    table: Table,
    errors: ErrorCollector,
) -> None:
    """Drop rows whose parent is neither a valid row nor an existing unit, until none is left."""
    rows_by_code = {values["kode_unit"]: number for number, values in table.rows}
    dropped = True
    while dropped:
        dropped = False
        for code, row in list(valid.items()):
            if not row.parent or row.parent in valid or row.parent in existing:
                continue
            if row.parent in rows_by_code:
                message = _(
                    "Unit induk %(code)s di baris %(row)s bermasalah. "
                    "Perbaiki baris itu terlebih dahulu."
                ) % {"code": row.parent, "row": rows_by_code[row.parent]}
            else:
                message = _(
                    "Kode induk %(code)s tidak ditemukan, baik di berkas ini maupun di unit kerja "
                    "yang sudah ada."
                ) % {"code": row.parent}
            errors.add(row.number, table.headers["kode_induk"], message)
            del valid[code]
            dropped = True


def _drop_cycles(
    valid: dict[str, UnitRow],
    existing: dict[str, ExistingUnit],
    table: Table,
    errors: ErrorCollector,
) -> None:
    while True:
        parent_of = {code: unit.parent for code, unit in existing.items()}
        for code, row in valid.items():
            if row.parent is not None:
                parent_of[code] = row.parent or None
        cycles = find_cycles(parent_of, list(valid))
        if not cycles:
            return
        for cycle in cycles:
            chain = " → ".join([*cycle[:10], cycle[0]])
            for code in cycle:
                if code in valid:
                    errors.add(
                        valid.pop(code).number,
                        table.headers["kode_induk"],
                        _(
                            "Kode induk membuat struktur unit berputar: %(chain)s. "
                            "Periksa kode induk unit-unit ini."
                        )
                        % {"chain": chain},
                    )
        _drop_unknown_parents(valid, existing, table, errors)


def write_units(plan: UnitPlan, actor: User | None) -> list[Entry]:
    """Create and update the planned units, then rebuild the tree paths; returns audit entries."""
    created = [Unit(code=row.code, name=row.name) for row in plan.new]
    Unit.objects.bulk_create(created, batch_size=1000)
    pk_of = {code: unit.pk for code, unit in plan.existing.items()}
    pk_of.update({unit.code: unit.pk for unit in created})
    entries = []
    for unit, row in zip(created, plan.new, strict=True):
        unit.parent_id = pk_of[row.parent] if row.parent else None
        created_fields = {"code": row.code, "name": row.name, "parent": row.parent or None}
        entries.append(
            build_entry(
                actor=actor, action=Entry.Action.CREATE, target=unit, changes=created_fields
            )
        )
    changed = [unit for unit in created if unit.parent_id]
    for row in plan.updated:
        old = plan.existing[row.code]
        parent = old.parent if row.parent is None else (row.parent or None)
        unit = Unit(
            pk=old.pk, code=row.code, name=row.name, parent_id=pk_of[parent] if parent else None
        )
        changes: dict[str, list[str | None]] = {}
        if row.name != old.name:
            changes["name"] = [old.name, row.name]
        if parent != old.parent:
            changes["parent"] = [old.parent, parent]
        changed.append(unit)
        entries.append(
            build_entry(actor=actor, action=Entry.Action.UPDATE, target=unit, changes=changes)
        )
    Unit.objects.bulk_update(changed, ["name", "parent"], batch_size=500)
    rebuild_paths()
    return entries


def _too_long(limit: int) -> str:
    return _("Terlalu panjang: paling banyak %(max)s karakter.") % {"max": limit}
