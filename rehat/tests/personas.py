"""Named personas for permission tests, in one small agency.

Pemerintah Kota Uji
└── Sekretariat Daerah (root)
    ├── Dinas Alfa        ← leader: `leader`; `employee` works here
    │   └── Bidang Alfa Satu
    └── Dinas Beta        ← leader: `other_leader`
"""

from dataclasses import dataclass

from django.test import Client

from rehat.accounts.models import User
from rehat.organizations.models import Agency, Employee, Unit
from rehat.tests.factories import make_employee, make_role, make_unit


@dataclass
class Org:
    root: Unit
    alfa: Unit
    alfa_satu: Unit
    beta: Unit
    employee: Employee
    leader: Employee
    other_leader: Employee
    counselor: Employee
    hr: Employee
    admin: User


def build_org() -> Org:
    Agency.objects.create(name="Pemerintah Kota Uji")
    root = make_unit(code="SETDA", name="Sekretariat Daerah")
    alfa = make_unit(code="ALFA", name="Dinas Alfa", parent=root)
    alfa_satu = make_unit(code="ALFA1", name="Bidang Alfa Satu", parent=alfa)
    beta = make_unit(code="BETA", name="Dinas Beta", parent=root)
    employee = make_employee(unit=alfa_satu)
    leader = make_employee(unit=alfa)
    make_role(user=leader.user, kind="leader", unit=alfa)
    other_leader = make_employee(unit=beta)
    make_role(user=other_leader.user, kind="leader", unit=beta)
    counselor = make_employee(unit=root)
    make_role(user=counselor.user, kind="counselor")
    hr = make_employee(unit=root)
    make_role(user=hr.user, kind="hr")
    admin = User.objects.create_user(
        email="admin@contoh.go.id", name="Admin Sistem", password="rahasia-uji-123"
    )
    make_role(user=admin, kind="admin")
    employee.supervisor = leader
    employee.save(update_fields=["supervisor"])
    return Org(root, alfa, alfa_satu, beta, employee, leader, other_leader, counselor, hr, admin)


PERSONAS = ["employee", "leader", "other_leader", "counselor", "hr", "admin", "anonymous"]


def client_for(org: Org, persona: str) -> Client:
    client = Client()
    if persona == "anonymous":
        return client
    person = getattr(org, persona)
    client.force_login(person if isinstance(person, User) else person.user)
    return client
