"""The demo agency "Pemerintah Kota Contoh", generated deterministically from a seed.

`plan_demo` computes everything (units, people, roles) without touching the database,
so the same seed always gives the same agency; `seed_demo` writes a plan in one
transaction with bulk inserts.

Sekretariat Daerah is the root of the unit tree: the Sekretaris Daerah is the highest
career official of a Pemda and the one who assesses the heads of the Dinas, Badan and
Kecamatan, so a single tree gives HR one agency-wide subtree and every head a supervisor
except the Sekda. The job mix, share of women and PPPK share follow
shared/domain/indonesia.md §9.
"""

import dataclasses
import datetime
import random
import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import build_entry, log_many
from rehat.audit.models import Entry
from rehat.organizations.domain.demo_shape import (
    _FEMALE_SHARE,
    _HEAD_FEMALE_SHARE,
    _OFFICE_STAFF,
    _PELAKSANA_FEMALE_SHARE,
    _PROFILES,
    FUNGSIONAL,
    PELAKSANA,
    STRUKTURAL,
    _bare_name,
    _Profile,
    _titled,
    _tree,
)
from rehat.organizations.domain.nip import build_nip
from rehat.organizations.domain.units import rebuild_paths
from rehat.organizations.models import Agency, Employee, Role, Unit

AGENCY_NAME = "Pemerintah Kota Contoh"
AGENCY_SHORT_NAME = "Kota Contoh"
EMAIL_DOMAIN = "kotacontoh.go.id"
DEMO_PASSWORD = "rehat-demo-2026"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
ADMIN_NAME = "Admin Sistem"
# Birth dates and appointment years are drawn relative to this date, not today, so a
# seed gives the same agency in every year.
REFERENCE_YEAR = 2026


class DemoError(Exception):
    """The demo cannot be created here (for example, the database already has people)."""


# ---------------------------------------------------------------------------
# The plan.


@dataclass(frozen=True)
class PlannedUnit:
    code: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class PlannedPerson:
    nip: str
    kind: str  # "PNS" or "PPPK"
    name: str
    email: str
    sex: str  # "M" or "F"
    unit: str
    position: str
    job: str  # struktural, fungsional or pelaksana
    supervisor: str | None  # NIP of the supervisor
    roles: tuple[str, ...] = ()  # "leader" (of their unit), "counselor", "hr"


@dataclass(frozen=True)
class DemoPlan:
    units: tuple[PlannedUnit, ...]
    people: tuple[PlannedPerson, ...]


@dataclass(frozen=True)
class DemoLogin:
    role: str  # "employee", "leader", "counselor", "hr" or "admin"
    name: str
    email: str
    nip: str | None


@dataclass(frozen=True)
class DemoSummary:
    units: int
    employees: int
    pppk: int
    women: int
    logins: tuple[DemoLogin, ...]


@dataclass(frozen=True)
class _Fixed:
    role: str
    unit: str
    position: str
    name: str  # with titles
    sex: str
    birth: datetime.date
    tmt: tuple[int, int]  # TMT CPNS year, month


# The well-known demo accounts: the same for every seed and size, so the printed
# logins never change.
FIXED_PEOPLE = (
    _Fixed(
        "leader",
        "DINKES",
        "Kepala Dinas Kesehatan",
        "dr. Bambang Sutrisno, M.Kes.",
        "M",
        datetime.date(1971, 6, 14),
        (1999, 3),
    ),
    _Fixed(
        "employee",
        "DINKES.PKM-SUKAMAJU",
        "Perawat Ahli Pertama",
        "Siti Rahmawati, S.Kep., Ns.",
        "F",
        datetime.date(1992, 3, 15),
        (2019, 3),
    ),
    _Fixed(
        "counselor",
        "DINKES.RSUD-RAJAL",
        "Psikolog Klinis Ahli Muda",
        "Dewi Lestari, M.Psi., Psikolog",
        "F",
        datetime.date(1988, 11, 2),
        (2014, 12),
    ),
    _Fixed(
        "hr",
        "BKPSDM.BID-PKP",
        "Analis SDM Aparatur Ahli Muda",
        "Andi Pratama, S.Psi.",
        "M",
        datetime.date(1990, 4, 21),
        (2018, 3),
    ),
)
# More counselors and HR officers, drawn like everyone else: (unit, position base, ladder, role).
_EXTRA_ROLES = (
    ("DINKES.PKM-MEKARSARI", "Psikolog Klinis", "ahli", "counselor"),
    ("DINKES.SEKSI-PTM", "Psikolog Klinis", "ahli", "counselor"),
    ("BKPSDM.BID-PKA", "Asesor SDM Aparatur", "ahli", "counselor"),
    ("BKPSDM.BID-PPI", "Analis SDM Aparatur", "ahli", "hr"),
    ("BKPSDM.BID-MUTASI", "Analis SDM Aparatur", "ahli", "hr"),
)
_JENJANG = {
    "ahli": ("Ahli Pertama", "Ahli Muda", "Ahli Madya"),
    "terampil": ("Terampil", "Mahir", "Penyelia"),
}
# Years with large CPNS intakes weigh more; TMT CPNS falls in the year after a test.
_TMT_YEARS = [*range(1993, 2026)]
_TMT_WEIGHTS = [3 if y in (2009, 2010, 2014, 2019, 2022, 2024) else 1 for y in _TMT_YEARS]
_TMT_MONTHS = (1, 1, 1, 2, 3, 3, 4, 12, 12, 6)
_PPPK_YEARS = (2019, 2021, 2022, 2023, 2024, 2025)
_PPPK_WEIGHTS = (1, 3, 4, 4, 3, 4)


def _allocate(rng: random.Random, weights: list[float], total: int) -> list[int]:
    """Split total into parts proportional to jittered weights (largest remainder).

    Each part gets at least 4 when the total allows it, so units have 5 people or more.
    """
    minimum = min(4, total // (2 * len(weights)))
    jittered = [max(w * rng.uniform(0.85, 1.2) - minimum, 0.1) for w in weights]
    scale = (total - minimum * len(weights)) / sum(jittered)
    quotas = [minimum + w * scale for w in jittered]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _People:
    """Draws people one by one, keeping NIPs and emails unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nip_prefixes: Counter[str] = Counter()
        self.emails: Counter[str] = Counter()

    def nip(self, *, kind: str, birth: datetime.date, year: int, month: int, sex: str) -> str:
        prefix = build_nip(kind=kind, birth=birth, year=year, month=month, sex=sex, seq=1)[:15]
        self.nip_prefixes[prefix] += 1
        return build_nip(
            kind=kind, birth=birth, year=year, month=month, sex=sex, seq=self.nip_prefixes[prefix]
        )

    def email(self, titled_name: str) -> str:
        base = _email_base(titled_name)
        self.emails[base] += 1
        n = self.emails[base]
        return f"{base}@{EMAIL_DOMAIN}" if n == 1 else f"{base}.{n}@{EMAIL_DOMAIN}"

    def birth(self, *, youngest: int, oldest: int) -> datetime.date:
        year = REFERENCE_YEAR - self.rng.randint(youngest, oldest)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def draw(
        self, *, unit: str, position: str, job: str, kind: str, female_share: float, head: bool
    ) -> PlannedPerson:
        rng = self.rng
        sex = "F" if rng.random() < female_share else "M"
        if kind == "PPPK":
            birth = self.birth(youngest=24, oldest=55)
            year = max(rng.choices(_PPPK_YEARS, weights=_PPPK_WEIGHTS)[0], birth.year + 21)
            month = 1  # an NI PPPK has a contract code where a NIP has the month
        else:
            birth = self.birth(youngest=40 if head else 23, oldest=57)
            year, month = self.tmt(birth=birth, head=head)
        nip = self.nip(kind=kind, birth=birth, year=year, month=month, sex=sex)
        if job == FUNGSIONAL and "|" in position:
            position = self.rank(position, nip=nip, kind=kind)
        name = _titled(rng, _bare_name(rng, sex), position, job)
        return PlannedPerson(nip, kind, name, self.email(name), sex, unit, position, job, None)

    def tmt(self, *, birth: datetime.date, head: bool) -> tuple[int, int]:
        """TMT CPNS: after school or university; a head has served at least 8 years."""
        earliest = birth.year + (22 if head else 21)
        latest = min(birth.year + (32 if head else 35), REFERENCE_YEAR - (8 if head else 1))
        years = [y for y in _TMT_YEARS if earliest <= y <= latest] or [earliest]
        weights = [_TMT_WEIGHTS[_TMT_YEARS.index(y)] if y in _TMT_YEARS else 1 for y in years]
        return self.rng.choices(years, weights=weights)[0], self.rng.choice(_TMT_MONTHS)

    def rank(self, spec: str, *, nip: str, kind: str) -> str:
        """Turn "Perawat|both" into "Perawat Ahli Muda": the jenjang follows years of service."""
        base, ladder = spec.split("|")
        if ladder == "both":
            ladder = "ahli" if self.rng.random() < 0.65 else "terampil"
        service = REFERENCE_YEAR - int(nip[8:12])
        step = 0 if service < 8 or kind == "PPPK" else (1 if service < 18 else 2)
        return f"{base} {_JENJANG[ladder][step]}"


def plan_demo(*, seed: int = 2026, size: int = 2000) -> DemoPlan:
    """Everything the demo agency holds, computed without the database."""
    rng = random.Random(seed)
    units = _tree()
    reserved = Counter(f.unit for f in FIXED_PEOPLE if f.role != "leader")
    reserved.update(code for code, *_rest in _EXTRA_ROLES)
    free = size - len(units) - sum(reserved.values())
    if free < 0:
        raise DemoError(
            _("Ukuran demo minimal %(minimum)s pegawai.")
            % {"minimum": len(units) + sum(reserved.values())}
        )
    staff_counts = _allocate(rng, [node.weight for node in units], free)
    people = _People(rng)
    fixed = {(f.unit, f.role): f for f in FIXED_PEOPLE}
    for f in FIXED_PEOPLE:  # claim their NIPs and emails first
        people.nip_prefixes[_fixed_nip(f)[:15]] += 1
        people.email(f.name)

    planned: list[PlannedPerson] = []
    head_of: dict[str, str] = {}
    for node, staff in zip(units, staff_counts, strict=True):
        code, parent = node.code, node.parent
        profile = _PROFILES[node.profile]
        if (code, "leader") in fixed:
            head = _fixed_person(fixed[(code, "leader")])
        else:
            share = _FEMALE_SHARE.get(node.head, _HEAD_FEMALE_SHARE)
            head = people.draw(
                unit=code,
                position=node.head,
                job=node.head_job,
                kind="PNS",
                female_share=share,
                head=True,
            )
        supervisor = head_of[parent.code] if parent else None
        head = dataclasses.replace(head, supervisor=supervisor, roles=("leader",))
        head_of[code] = head.nip
        planned.append(head)
        for person in _staff(rng, people, code, profile, staff, fixed):
            planned.append(dataclasses.replace(person, supervisor=head.nip))
    planned_units = (
        PlannedUnit(n.code, n.name, n.parent.code if n.parent else None) for n in units
    )
    return DemoPlan(tuple(planned_units), tuple(planned))


def _staff(
    rng: random.Random,
    people: _People,
    code: str,
    profile: _Profile,
    count: int,
    fixed: dict[tuple[str, str], _Fixed],
) -> list[PlannedPerson]:
    staff = [
        _fixed_person(f) for (unit, role), f in fixed.items() if unit == code and role != "leader"
    ]
    for unit, base, ladder, role in _EXTRA_ROLES:
        if unit == code:
            person = people.draw(
                unit=code,
                position=f"{base}|{ladder}",
                job=FUNGSIONAL,
                kind="PNS",
                female_share=_FEMALE_SHARE.get(base, 0.5),
                head=False,
            )
            staff.append(dataclasses.replace(person, roles=(role,)))
    fungsional = round(count * profile.fungsional_share)
    names, weights = zip(
        *((f"{p}|{ladder}", w) for p, ladder, w in profile.fungsional), strict=True
    )
    for i in range(count):
        if i < fungsional:
            position, job = rng.choices(names, weights=weights)[0], FUNGSIONAL
            share = _FEMALE_SHARE.get(position.split("|")[0], 0.5)
        else:
            position, job, share = rng.choice(_OFFICE_STAFF), PELAKSANA, _PELAKSANA_FEMALE_SHARE
        kind = "PPPK" if rng.random() < profile.pppk_share else "PNS"
        staff.append(
            people.draw(
                unit=code, position=position, job=job, kind=kind, female_share=share, head=False
            )
        )
    return staff


def _fixed_nip(f: _Fixed) -> str:
    return build_nip(kind="PNS", birth=f.birth, year=f.tmt[0], month=f.tmt[1], sex=f.sex, seq=1)


def _fixed_person(f: _Fixed) -> PlannedPerson:
    email = f"{_email_base(f.name)}@{EMAIL_DOMAIN}"
    job = STRUKTURAL if f.role == "leader" else FUNGSIONAL
    roles = () if f.role in ("leader", "employee") else (f.role,)
    return PlannedPerson(
        _fixed_nip(f), "PNS", f.name, email, f.sex, f.unit, f.position, job, None, roles
    )


def _email_base(titled_name: str) -> str:
    """Turn "dr. Bambang Adi Sutrisno, M.Kes." into "bambang.sutrisno"."""
    bare = re.sub(r"^(dr|drg)\. ", "", titled_name.split(",")[0])
    words = [re.sub(r"[^a-z]", "", word) for word in bare.lower().split()]
    return f"{words[0]}.{words[-1]}"


# ---------------------------------------------------------------------------
# Writing the plan.


@transaction.atomic
def seed_demo(*, seed: int = 2026, size: int = 2000) -> DemoSummary:
    """Create the demo agency in an empty identity database, in one transaction."""
    if Employee.objects.exists():
        raise DemoError(
            _(
                "Basis data sudah berisi data pegawai. Data demo hanya dibuat di basis data "
                "yang belum berisi pegawai, agar tidak bercampur dengan data sungguhan."
            )
        )
    plan = plan_demo(seed=seed, size=size)
    taken = list(
        Unit.objects.filter(code__in=[u.code for u in plan.units]).values_list("code", flat=True)[
            :5
        ]
    )
    if taken:
        raise DemoError(
            _("Kode unit berikut sudah dipakai: %(codes)s. Data demo tidak dibuat.")
            % {"codes": ", ".join(taken)}
        )
    entries: list[Entry] = []
    agency = Agency.objects.first()
    if agency is None:
        agency = Agency.objects.create(name=AGENCY_NAME, short_name=AGENCY_SHORT_NAME)
        entries.append(_created(agency, {"name": agency.name}))
    units = _create_units(plan, entries)
    # One hash for everyone: hashing 2,000 passwords one by one would take minutes.
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [User(email=p.email, name=p.name, password=password) for p in plan.people]
        + [User(email=ADMIN_EMAIL, name=ADMIN_NAME, password=password)],
        batch_size=1000,
    )
    admin = users.pop()
    employees = Employee.objects.bulk_create(
        [
            Employee(user=user, nip=p.nip, kind=p.kind, unit=units[p.unit], position=p.position)
            for user, p in zip(users, plan.people, strict=True)
        ],
        batch_size=1000,
    )
    by_nip = {e.nip: e for e in employees}
    for employee, p in zip(employees, plan.people, strict=True):
        employee.supervisor = by_nip[p.supervisor] if p.supervisor else None
    Employee.objects.bulk_update(employees, ["supervisor"], batch_size=1000)
    roles = [
        Role(user=e.user, kind=kind, unit=e.unit if kind == Role.Kind.LEADER else None)
        for e, p in zip(employees, plan.people, strict=True)
        for kind in p.roles
    ] + [Role(user=admin, kind=Role.Kind.ADMIN, unit=None)]
    Role.objects.bulk_create(roles, batch_size=1000)

    entries += [_created(u, {"email": u.email}) for u in [*users, admin]]
    entries += [
        _created(e, {"kind": e.kind, "unit": e.unit.code, "position": e.position})
        for e in employees
    ]
    entries += [
        _created(r, {"role": r.kind, "unit": r.unit.code if r.unit else None}) for r in roles
    ]
    log_many(entries)
    return DemoSummary(
        units=len(units),
        employees=len(employees),
        pppk=sum(p.kind == "PPPK" for p in plan.people),
        women=sum(p.sex == "F" for p in plan.people),
        logins=list_demo_logins(),
    )


def _create_units(plan: DemoPlan, entries: list[Entry]) -> dict[str, Unit]:
    """Insert units level by level, so that every parent has its pk before its children."""
    units: dict[str, Unit] = {}
    level = [u for u in plan.units if u.parent is None]
    while level:
        created = Unit.objects.bulk_create(
            [Unit(code=u.code, name=u.name, parent=units.get(u.parent or "")) for u in level]
        )
        units.update((unit.code, unit) for unit in created)
        codes = {u.code for u in level}
        level = [u for u in plan.units if u.parent in codes]
    rebuild_paths()
    entries += [
        _created(unit, {"code": code, "parent": unit.parent.code if unit.parent else None})
        for code, unit in units.items()
    ]
    return units


def _created(target: Agency | Unit | User | Employee | Role, changes: dict[str, object]) -> Entry:
    return build_entry(
        actor=None, action=Entry.Action.CREATE, target=target, changes={**changes, "source": "demo"}
    )


def list_demo_logins() -> tuple[DemoLogin, ...]:
    """The well-known demo accounts that exist in this database, one per role."""
    emails = {f.role: f"{_email_base(f.name)}@{EMAIL_DOMAIN}" for f in FIXED_PEOPLE}
    emails["admin"] = ADMIN_EMAIL
    found = {
        u.email: u
        for u in User.objects.filter(email__in=emails.values()).select_related("employee")
    }
    logins = []
    for role in ("employee", "leader", "counselor", "hr", "admin"):
        user = found.get(emails[role])
        if user is None:
            continue
        employee = getattr(user, "employee", None)
        logins.append(DemoLogin(role, user.name, emails[role], employee.nip if employee else None))
    return tuple(logins)
