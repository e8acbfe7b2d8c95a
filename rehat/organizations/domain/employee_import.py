"""Planning and writing an import of employees, keyed by NIP / NI PPPK."""

import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehat.accounts.models import User
from rehat.audit.domain import build_entry
from rehat.audit.models import Entry
from rehat.organizations.domain.import_report import ErrorCollector, ImportReport, find_cycles
from rehat.organizations.domain.nip import check_nip, normalize_nip
from rehat.organizations.domain.tables import Table
from rehat.organizations.models import Employee, ImportBatch, Role, Unit

COLUMNS = (
    "nip",
    "jenis_pegawai",
    "nama",
    "email",
    "kode_unit",
    "jabatan",
    "nip_atasan",
    "peran",
)
REQUIRED = ("nip", "jenis_pegawai", "nama", "kode_unit")
# Keys without underscores; SIASN data-utama names (nipBaru, unorId, jabatanNama) map too.
ALIASES = {
    "jenispegawai": "jenis_pegawai",
    "kodeunit": "kode_unit",
    "nipatasan": "nip_atasan",
    "nipbaru": "nip",
    "nipnipppk": "nip",
    "nipppk": "nip",
    "namapegawai": "nama",
    "unorid": "kode_unit",
    "jabatannama": "jabatan",
    "namajabatan": "jabatan",
}
EXAMPLES = (
    (
        "19860926 201505 1 001",
        "PNS",
        "Siti Rahmawati",
        "siti.rahmawati@contoh.go.id",
        "DINKES",
        "Kepala Dinas",
        "",
        "pimpinan",
    ),
    (
        "199009132022212014",
        "PPPK",
        "Budi Santoso",
        "",
        "DINKES.P2P",
        "Perawat Ahli Pertama",
        "198609262015051001",
        "konselor",
    ),
)
HELP = {
    "nip": gettext_lazy("NIP PNS atau NI PPPK, 18 angka; spasi dan titik boleh."),
    "jenis_pegawai": gettext_lazy("PNS atau PPPK."),
    "nama": gettext_lazy("Nama lengkap."),
    "email": gettext_lazy(
        "Email kantor untuk masuk (kata sandi dibuat lewat Lupa kata sandi). "
        "Sel kosong tidak mengubah email yang ada."
    ),
    "kode_unit": gettext_lazy("Kode unit kerja yang sudah diimpor."),
    "jabatan": gettext_lazy("Nama jabatan."),
    "nip_atasan": gettext_lazy(
        "NIP atasan langsung: pegawai di berkas ini atau yang sudah ada. Sel kosong = tanpa atasan."
    ),
    "peran": gettext_lazy(
        "Daftar lengkap peran, dipisah koma: pimpinan (unit pada kode_unit), konselor, sdm. "
        "Peran yang tidak disebut dicabut; sel kosong mencabut semuanya. Admin tidak dapat diimpor, "
        "dan peran sdm Anda sendiri tidak dicabut lewat impor Anda."
    ),
}
KINDS = {"PNS": "PNS", "CPNS": "PNS", "PPPK": "PPPK", "P3K": "PPPK"}
ROLE_NAMES = {
    "pimpinan": Role.Kind.LEADER.value,
    "konselor": Role.Kind.COUNSELOR.value,
    "sdm": Role.Kind.HR.value,
    "leader": Role.Kind.LEADER.value,
    "counselor": Role.Kind.COUNSELOR.value,
    "hr": Role.Kind.HR.value,
}
IMPORTABLE_ROLES = (Role.Kind.LEADER, Role.Kind.COUNSELOR, Role.Kind.HR)
NAME_MAX = User._meta.get_field("name").max_length or 200
POSITION_MAX = Employee._meta.get_field("position").max_length or 200
EMAIL_MAX = 254

RoleKey = tuple[str, int | None]


@dataclass
class EmployeeRow:
    number: int
    nip: str
    kind: str
    name: str
    unit_id: int
    # None when the file has no such column: the field is left alone.
    email: str | None
    position: str | None
    supervisor: str | None  # NIP, "" for none
    roles: frozenset[RoleKey] | None


class ExistingEmployee(NamedTuple):
    pk: int
    user_id: int
    kind: str
    unit_id: int
    position: str
    supervisor: str | None
    name: str
    email: str | None


@dataclass
class EmployeePlan:
    report: ImportReport
    existing: dict[str, ExistingEmployee]
    roles: dict[int, dict[RoleKey, int]]
    unit_codes: dict[int, str]
    new: list[EmployeeRow] = field(default_factory=list)
    updated: list[EmployeeRow] = field(default_factory=list)


@dataclass
class _Context:
    table: Table
    errors: ErrorCollector
    units: dict[str, int]
    existing: dict[str, ExistingEmployee]
    emails: dict[str, int]
    today: datetime.date
    first_nip: dict[str, int] = field(default_factory=dict)
    first_email: dict[str, int] = field(default_factory=dict)

    def column(self, name: str) -> str:
        return self.table.headers[name]


def plan_employees(table: Table, actor: User | None = None) -> EmployeePlan:
    """`actor`: the person importing, whose own HR role the file may not take away."""
    units = dict(Unit.objects.values_list("code", "pk"))
    existing = {
        row[1]: ExistingEmployee(row[0], *row[2:])
        for row in Employee.objects.values_list(
            "pk",
            "nip",
            "user_id",
            "kind",
            "unit_id",
            "position",
            "supervisor__nip",
            "user__name",
            "user__email",
        )
    }
    emails = {
        email.lower(): pk
        for email, pk in User.objects.filter(email__isnull=False).values_list("email", "pk")
        if email
    }
    roles: dict[int, dict[RoleKey, int]] = {}
    for pk, user_id, kind, unit_id in Role.objects.filter(kind__in=IMPORTABLE_ROLES).values_list(
        "pk", "user_id", "kind", "unit_id"
    ):
        roles.setdefault(user_id, {})[(kind, unit_id)] = pk
    context = _Context(
        table=table,
        errors=ErrorCollector(table.cell_errors),
        units=units,
        existing=existing,
        emails=emails,
        today=timezone.localdate(),
    )
    valid: dict[str, EmployeeRow] = {}
    for number, values in table.rows:
        row = _check_row(context, number, values)
        if row is not None and number not in context.errors.bad:
            valid[row.nip] = row
    _drop_unknown_supervisors(context, valid)
    _drop_cycles(context, valid)
    if actor is not None:
        _keep_own_hr_role(context, valid, roles.get(actor.pk, {}), actor)
    plan = EmployeePlan(
        report=ImportReport(kind=ImportBatch.Kind.EMPLOYEES, rows=len(table.rows)),
        existing=existing,
        roles=roles,
        unit_codes={pk: code for code, pk in units.items()},
    )
    _classify(plan, valid)
    plan.report.invalid = len(context.errors.bad)
    plan.report.errors = context.errors.sorted()
    return plan


def _check_row(context: _Context, number: int, values: dict[str, str]) -> EmployeeRow | None:
    errors, head = context.errors, context.table.headers
    kind = _check_kind(context, number, values["jenis_pegawai"])
    # A leading apostrophe is how Excel users force text; it is not part of the number.
    nip = _check_nip(context, number, values["nip"].lstrip("'"), kind)
    name = values["nama"]
    if not name:
        errors.add(number, context.column("nama"), _("Nama wajib diisi."))
    elif len(name) > NAME_MAX:
        errors.add(number, context.column("nama"), _too_long(NAME_MAX))
    email = _check_email(context, number, values["email"], nip) if "email" in head else None
    unit_id = _check_unit(context, number, values["kode_unit"])
    position = values["jabatan"] if "jabatan" in head else None
    if position and len(position) > POSITION_MAX:
        errors.add(number, context.column("jabatan"), _too_long(POSITION_MAX))
    supervisor = None
    if "nip_atasan" in head:
        supervisor = _check_supervisor(context, number, values["nip_atasan"], nip)
    roles = _check_roles(context, number, values["peran"], unit_id) if "peran" in head else None
    if nip is None or kind is None or unit_id is None:
        return None
    return EmployeeRow(number, nip, kind, name, unit_id, email, position, supervisor, roles)


def _check_kind(context: _Context, number: int, raw: str) -> str | None:
    if not raw:
        context.errors.add(number, context.column("jenis_pegawai"), _("Jenis pegawai wajib diisi."))
        return None
    kind = KINDS.get(raw.upper().replace(" ", ""))
    if kind is None:
        context.errors.add(
            number,
            context.column("jenis_pegawai"),
            _("Jenis pegawai %(value)s tidak dikenal. Isi dengan PNS atau PPPK.") % {"value": raw},
        )
    return kind


def _check_nip(context: _Context, number: int, raw: str, kind: str | None) -> str | None:
    column = context.column("nip")
    if not raw:
        context.errors.add(number, column, _("NIP / NI PPPK wajib diisi."))
        return None
    check = check_nip(raw, kind or "PNS", today=context.today)
    if kind is None:
        # Without a known kind only the shape can be checked.
        shape_ok = re.fullmatch(r"\d{18}", check.nip) is not None
        check.errors = [] if shape_ok else check.errors[:1]
    for message in check.errors:
        context.errors.add(number, column, message)
    if check.errors:
        return None
    if check.nip in context.first_nip:
        context.errors.add(
            number,
            column,
            _("NIP %(nip)s sudah muncul di baris %(row)s. Setiap pegawai cukup muncul sekali.")
            % {"nip": check.nip, "row": context.first_nip[check.nip]},
        )
        return None
    context.first_nip[check.nip] = number
    return check.nip


def _check_email(context: _Context, number: int, raw: str, nip: str | None) -> str | None:
    """The normalised address, or None to leave the user's email as it is."""
    if not raw:
        return None
    column = context.column("email")
    try:
        validate_email(raw)
    except ValidationError:
        context.errors.add(
            number, column, _("Alamat email %(value)s tidak valid.") % {"value": raw}
        )
        return None
    if len(raw) > EMAIL_MAX:
        context.errors.add(number, column, _too_long(EMAIL_MAX))
        return None
    email = BaseUserManager.normalize_email(raw)
    key = email.lower()
    if key in context.first_email:
        context.errors.add(
            number,
            column,
            _("Email ini sudah dipakai di baris %(row)s. Setiap orang memerlukan email sendiri.")
            % {"row": context.first_email[key]},
        )
        return None
    context.first_email[key] = number
    owner = context.emails.get(key)
    person = context.existing.get(nip) if nip else None
    if owner is not None and (person is None or person.user_id != owner):
        context.errors.add(number, column, _("Email ini sudah dipakai oleh pengguna lain."))
        return None
    return email


def _check_unit(context: _Context, number: int, code: str) -> int | None:
    column = context.column("kode_unit")
    if not code:
        context.errors.add(number, column, _("Kode unit wajib diisi."))
        return None
    unit_id = context.units.get(code)
    if unit_id is None:
        context.errors.add(
            number,
            column,
            _(
                "Kode unit %(code)s tidak ditemukan. Impor unit kerja terlebih dahulu "
                "atau periksa kodenya."
            )
            % {"code": code},
        )
    return unit_id


def _check_supervisor(context: _Context, number: int, raw: str, nip: str | None) -> str:
    supervisor = normalize_nip(raw.lstrip("'"))
    column = context.column("nip_atasan")
    if supervisor and not re.fullmatch(r"\d{18}", supervisor):
        context.errors.add(number, column, _("NIP atasan harus 18 angka (spasi dan titik boleh)."))
    elif supervisor and supervisor == nip:
        context.errors.add(
            number, column, _("Pegawai tidak boleh menjadi atasan bagi dirinya sendiri.")
        )
    return supervisor


def _check_roles(
    context: _Context, number: int, raw: str, unit_id: int | None
) -> frozenset[RoleKey]:
    column = context.column("peran")
    roles: set[RoleKey] = set()
    for token in re.split(r"[,;]", raw):
        name = token.strip().lower()
        if not name:
            continue
        kind = ROLE_NAMES.get(name)
        if name == "admin":
            context.errors.add(
                number,
                column,
                _("Peran admin tidak dapat diimpor. Admin memberikannya lewat halaman pegawai."),
            )
        elif kind is None:
            context.errors.add(
                number,
                column,
                _(
                    "Peran %(role)s tidak dikenal. Pilihan: pimpinan, konselor, sdm "
                    "(pisahkan dengan koma)."
                )
                % {"role": token.strip()},
            )
        else:
            roles.add((kind, unit_id if kind == Role.Kind.LEADER else None))
    return frozenset(roles)


def _drop_unknown_supervisors(context: _Context, valid: dict[str, EmployeeRow]) -> None:
    """Drop rows whose supervisor is neither a valid row nor an employee, until none is left."""
    dropped = True
    while dropped:
        dropped = False
        for nip, row in list(valid.items()):
            supervisor = row.supervisor
            if not supervisor or supervisor in valid or supervisor in context.existing:
                continue
            if supervisor in context.first_nip:
                message = _(
                    "Atasan dengan NIP %(nip)s di baris %(row)s bermasalah. "
                    "Perbaiki baris itu terlebih dahulu."
                ) % {"nip": supervisor, "row": context.first_nip[supervisor]}
            else:
                message = _(
                    "Atasan dengan NIP %(nip)s tidak ditemukan, baik di berkas ini maupun di "
                    "data pegawai."
                ) % {"nip": supervisor}
            context.errors.add(row.number, context.column("nip_atasan"), message)
            del valid[nip]
            dropped = True


def _drop_cycles(context: _Context, valid: dict[str, EmployeeRow]) -> None:
    while True:
        supervisor_of = {nip: person.supervisor for nip, person in context.existing.items()}
        for nip, row in valid.items():
            if row.supervisor is not None:
                supervisor_of[nip] = row.supervisor or None
        cycles = find_cycles(supervisor_of, list(valid))
        if not cycles:
            return
        for cycle in cycles:
            chain = " → ".join([*cycle[:10], cycle[0]])
            for nip in cycle:
                if nip in valid:
                    context.errors.add(
                        valid.pop(nip).number,
                        context.column("nip_atasan"),
                        _(
                            "Rantai atasan berputar: %(chain)s. "
                            "Periksa kolom nip_atasan pegawai-pegawai ini."
                        )
                        % {"chain": chain},
                    )
        _drop_unknown_supervisors(context, valid)


def _keep_own_hr_role(
    context: _Context, valid: dict[str, EmployeeRow], held: dict[RoleKey, int], actor: User
) -> None:
    """An import cannot take the HR role from the person running it: the file is often an
    export in which nobody has roles, and they would lose the import page itself. Another
    HR officer or an admin can, on the employee's page."""
    hr: RoleKey = (Role.Kind.HR, None)
    if hr not in held:
        return
    for nip, row in list(valid.items()):
        old = context.existing.get(nip)
        if old is None or old.user_id != actor.pk or row.roles is None or hr in row.roles:
            continue
        context.errors.add(
            row.number,
            context.column("peran"),
            _(
                "Baris ini mencabut peran sdm Anda sendiri. Tambahkan sdm di kolom peran, "
                "atau minta petugas SDM lain atau admin mencabutnya di halaman pegawai."
            ),
        )
        del valid[nip]


def _classify(plan: EmployeePlan, valid: dict[str, EmployeeRow]) -> None:
    report = plan.report
    for row in valid.values():
        old = plan.existing.get(row.nip)
        if old is None:
            plan.new.append(row)
            report.roles_granted += len(row.roles or ())
            continue
        current = set(plan.roles.get(old.user_id, {}))
        role_change = row.roles is not None and row.roles != current
        if role_change and row.roles is not None:
            report.roles_granted += len(row.roles - current)
            report.roles_revoked += len(current - row.roles)
        if role_change or _employee_changes(row, old):
            plan.updated.append(row)
        else:
            report.unchanged += 1
    report.new, report.updated = len(plan.new), len(plan.updated)


def _employee_changes(row: EmployeeRow, old: ExistingEmployee) -> dict[str, list[object]]:
    """Field changes of a person, as {field: [old, new]}; roles are compared separately."""
    changes: dict[str, list[object]] = {}
    if row.name != old.name:
        changes["name"] = [old.name, row.name]
    if row.email is not None and row.email != old.email:
        changes["email"] = [old.email, row.email]
    if row.kind != old.kind:
        changes["kind"] = [old.kind, row.kind]
    if row.unit_id != old.unit_id:
        changes["unit"] = [old.unit_id, row.unit_id]
    if row.position is not None and row.position != old.position:
        changes["position"] = [old.position, row.position]
    if row.supervisor is not None and (row.supervisor or None) != old.supervisor:
        changes["supervisor"] = [old.supervisor, row.supervisor or None]
    return changes


def write_employees(plan: EmployeePlan, actor: User | None) -> list[Entry]:
    """Create and update the planned people and their roles; returns the audit entries."""
    users = _write_users(plan)
    pk_of = {nip: person.pk for nip, person in plan.existing.items()}
    entries = _create_employees(plan, users, pk_of, actor)
    entries += _update_employees(plan, pk_of, actor)
    entries += _write_roles(plan, users, actor)
    return entries


def _write_users(plan: EmployeePlan) -> dict[str, User]:
    """New users (no usable password: they set one by email) and changed names and emails."""
    created = {}
    for row in plan.new:
        user = User(name=row.name, email=row.email or None)
        user.set_unusable_password()
        created[row.nip] = user
    User.objects.bulk_create(created.values(), batch_size=1000)
    changed = []
    for row in plan.updated:
        old = plan.existing[row.nip]
        email = old.email if row.email is None else row.email
        if row.name != old.name or email != old.email:
            changed.append(User(pk=old.user_id, name=row.name, email=email))
    User.objects.bulk_update(changed, ["name", "email"], batch_size=500)
    return created


def _create_employees(
    plan: EmployeePlan, users: dict[str, User], pk_of: dict[str, int], actor: User | None
) -> list[Entry]:
    """Insert new employees level by level, so every supervisor has its pk before its reports."""
    entries = []
    pending = plan.new
    while pending:
        ready = [row for row in pending if not row.supervisor or row.supervisor in pk_of]
        if not ready:
            raise RuntimeError("supervisor links of new employees form a cycle")
        pending = [row for row in pending if row.supervisor and row.supervisor not in pk_of]
        created = [
            Employee(
                user=users[row.nip],
                nip=row.nip,
                kind=row.kind,
                unit_id=row.unit_id,
                position=row.position or "",
                supervisor_id=pk_of[row.supervisor] if row.supervisor else None,
            )
            for row in ready
        ]
        Employee.objects.bulk_create(created, batch_size=1000)
        for employee, row in zip(created, ready, strict=True):
            pk_of[row.nip] = employee.pk
            changes = {
                "name": row.name,
                "email": row.email or None,
                "kind": row.kind,
                "unit": plan.unit_codes[row.unit_id],
                "position": row.position or "",
                "supervisor": row.supervisor or None,
            }
            entries.append(
                build_entry(
                    actor=actor, action=Entry.Action.CREATE, target=employee, changes=changes
                )
            )
    return entries


def _update_employees(plan: EmployeePlan, pk_of: dict[str, int], actor: User | None) -> list[Entry]:
    entries, changed = [], []
    for row in plan.updated:
        old = plan.existing[row.nip]
        changes = _employee_changes(row, old)
        if not changes:
            continue  # only the roles change
        if "unit" in changes:
            changes["unit"] = [plan.unit_codes.get(old.unit_id), plan.unit_codes[row.unit_id]]
        supervisor = old.supervisor if row.supervisor is None else (row.supervisor or None)
        employee = Employee(
            pk=old.pk,
            user=User(pk=old.user_id, name=row.name),
            nip=row.nip,
            kind=row.kind,
            unit_id=row.unit_id,
            position=old.position if row.position is None else row.position,
            supervisor_id=pk_of[supervisor] if supervisor else None,
        )
        changed.append(employee)
        entries.append(
            build_entry(actor=actor, action=Entry.Action.UPDATE, target=employee, changes=changes)
        )
    Employee.objects.bulk_update(
        changed, ["kind", "unit", "position", "supervisor"], batch_size=500
    )
    return entries


def _write_roles(plan: EmployeePlan, users: dict[str, User], actor: User | None) -> list[Entry]:
    grants: list[Role] = []
    revoked: list[int] = []
    entries = []

    def log(action: str, user: User, key: RoleKey) -> None:
        kind, unit_id = key
        unit = plan.unit_codes.get(unit_id) if unit_id else None
        entries.append(
            build_entry(
                actor=actor, action=action, target=user, changes={"role": kind, "unit": unit}
            )
        )

    for row in plan.new:
        for key in sorted(row.roles or (), key=str):
            grants.append(Role(user=users[row.nip], kind=key[0], unit_id=key[1]))
            log(Entry.Action.GRANT, users[row.nip], key)
    for row in plan.updated:
        if row.roles is None:
            continue
        old = plan.existing[row.nip]
        user = User(pk=old.user_id, name=row.name)
        current = plan.roles.get(old.user_id, {})
        for key in sorted(row.roles - set(current), key=str):
            grants.append(Role(user=user, kind=key[0], unit_id=key[1]))
            log(Entry.Action.GRANT, user, key)
        for key in sorted(set(current) - row.roles, key=str):
            revoked.append(current[key])
            log(Entry.Action.REVOKE, user, key)
    for start in range(0, len(revoked), 500):
        Role.objects.filter(pk__in=revoked[start : start + 500]).delete()
    Role.objects.bulk_create(grants, batch_size=1000)
    return entries


def _too_long(limit: int) -> str:
    return _("Terlalu panjang: paling banyak %(max)s karakter.") % {"max": limit}
