"""The demo agency "Pemerintah Kota Contoh" (organizations/domain/demo.py, demo_data command).

Shape and mix are checked on the plan (no database, full size); what the database holds
is checked on a smaller seed, plus one full-size run.
"""

import datetime
import hashlib
import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from rehat.audit.models import Entry
from rehat.organizations.domain.demo import (
    DEMO_PASSWORD,
    FUNGSIONAL,
    REFERENCE_YEAR,
    STRUKTURAL,
    DemoError,
    DemoPlan,
    list_demo_logins,
    plan_demo,
    seed_demo,
)
from rehat.organizations.domain.nip import check_nip
from rehat.organizations.models import Agency, Employee, Role, Unit

SMALL = 400
FIXED_EMAILS = {
    f"{name}@kotacontoh.go.id"
    for name in ("bambang.sutrisno", "siti.rahmawati", "dewi.lestari", "andi.pratama")
}


@pytest.fixture(scope="module")
def plan() -> DemoPlan:
    return plan_demo(seed=2026, size=2000)


def share(items, predicate) -> float:
    return sum(1 for item in items if predicate(item)) / len(items)


def digest(rows) -> str:
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def plan_rows(plan):
    return [
        (p.nip, p.kind, p.name, p.email, p.unit, p.position, p.supervisor or "")
        for p in plan.people
    ]


def db_rows():
    return [
        (e.nip, e.kind, e.user.name, e.user.email, e.unit.code, e.position,
         e.supervisor.nip if e.supervisor else "")
        for e in Employee.objects.select_related("user", "unit", "supervisor")
    ]  # fmt: skip


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out, **options)
    return out.getvalue()


# --- The plan: size, mix and shape at full size -------------------------------------


def test_plan_size_and_mix_follow_the_national_figures(plan):
    people = plan.people

    assert len(people) == 2000
    assert 0.30 <= share(people, lambda p: p.kind == "PPPK") <= 0.40
    assert 0.52 <= share(people, lambda p: p.sex == "F") <= 0.60
    assert 0.05 <= share(people, lambda p: p.job == STRUKTURAL) <= 0.08
    assert 0.55 <= share(people, lambda p: p.job == FUNGSIONAL) <= 0.65


def test_plan_size_is_what_was_asked_for_any_seed():
    for seed in (1, 2, 3):
        assert len(plan_demo(seed=seed, size=1900).people) == 1900


def test_plan_every_nip_is_valid_unique_and_matches_sex(plan):
    today = datetime.date(REFERENCE_YEAR, 1, 1)

    checks = [(p, check_nip(p.nip, p.kind, today=today)) for p in plan.people]

    assert [(p.nip, c.errors) for p, c in checks if not c.ok] == []
    assert [p.nip for p, c in checks if c.sex != p.sex] == []
    assert len({p.nip for p in plan.people}) == len(plan.people)


def test_plan_emails_are_unique_first_dot_last(plan):
    emails = [p.email for p in plan.people]

    assert len(set(emails)) == len(emails)
    assert all(e.endswith("@kotacontoh.go.id") and "." in e.split("@")[0] for e in emails)


def test_plan_units_hold_5_to_40_people(plan):
    sizes = Counter(p.unit for p in plan.people)

    assert set(sizes) == {u.code for u in plan.units}
    assert min(sizes.values()) >= 5
    assert max(sizes.values()) <= 40


def test_plan_heads_are_pns_and_supervise_their_unit(plan):
    head = {p.unit: p for p in plan.people if "leader" in p.roles}
    parent = {u.code: u.parent for u in plan.units}

    assert len(head) == len(plan.units)
    assert all(h.kind == "PNS" for h in head.values())
    for p in plan.people:
        if "leader" in p.roles:
            expected = head[parent[p.unit]].nip if parent[p.unit] else None
        else:
            expected = head[p.unit].nip
        assert p.supervisor == expected, p


def test_plan_is_deterministic_per_seed():
    first = plan_demo(seed=7, size=SMALL)

    assert plan_demo(seed=7, size=SMALL) == first
    assert digest(plan_rows(plan_demo(seed=8, size=SMALL))) != digest(plan_rows(first))


def test_plan_refuses_a_size_below_one_person_per_unit():
    with pytest.raises(DemoError):
        plan_demo(seed=1, size=50)


# --- The database ---------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_writes_exactly_its_plan():
    seed_demo(seed=7, size=SMALL)

    assert digest(db_rows()) == digest(plan_rows(plan_demo(seed=7, size=SMALL)))
    assert Agency.objects.get().name == "Pemerintah Kota Contoh"


@pytest.mark.django_db
def test_seed_demo_tree_has_a_realistic_shape():
    seed_demo(size=SMALL)

    root = Unit.objects.get(parent=None)
    top = list(Unit.objects.filter(parent=root).values_list("name", flat=True))
    names = list(Unit.objects.values_list("name", flat=True))
    setda = Unit.objects.filter(code__startswith="SETDA.")
    assert root.code == "SETDA"
    assert setda.filter(name__startswith="Bagian ").count() >= 6
    assert setda.filter(name__startswith="Subbagian ").count() >= 4
    assert sum(n.startswith(("Dinas ", "Badan ")) for n in top) >= 15
    assert sum(n.startswith("Kecamatan ") for n in top) >= 3
    assert sum(n.startswith("Kelurahan ") for n in names) >= 6
    assert Unit.objects.get(code="DINKES.BID-P2P").parent.code == "DINKES"
    assert 3 <= max(Unit.objects.values_list("depth", flat=True)) + 1 <= 5


@pytest.mark.django_db
def test_seed_demo_gives_every_unit_exactly_one_leader_who_works_there():
    seed_demo(size=SMALL)

    leaders = Role.objects.filter(kind=Role.Kind.LEADER).select_related("user__employee")
    per_unit = Counter(r.unit_id for r in leaders)
    assert set(per_unit) == set(Unit.objects.values_list("pk", flat=True))
    assert set(per_unit.values()) == {1}
    assert all(r.user.employee.unit_id == r.unit_id for r in leaders)


@pytest.mark.django_db
def test_seed_demo_staff_report_to_their_unit_head():
    seed_demo(size=SMALL)

    head = {r.unit_id: r.user.employee for r in Role.objects.filter(kind="leader")}
    for e in Employee.objects.select_related("unit"):
        if head[e.unit_id] == e:
            parent_head = head.get(e.unit.parent_id)
            assert e.supervisor_id == (parent_head.pk if parent_head else None)
        else:
            assert e.supervisor_id == head[e.unit_id].pk


@pytest.mark.django_db
def test_seed_demo_creates_counselors_hr_and_one_admin():
    seed_demo(size=SMALL)

    kinds = Counter(Role.objects.exclude(kind="leader").values_list("kind", flat=True))
    hr_units = Employee.objects.filter(user__roles__kind="hr").values_list("unit__code", flat=True)
    admin = Role.objects.get(kind="admin").user
    assert kinds == {"counselor": 4, "hr": 3, "admin": 1}
    assert all(code.startswith("BKPSDM") for code in hr_units)
    assert (admin.email, hasattr(admin, "employee")) == ("admin@kotacontoh.go.id", False)


@pytest.mark.django_db
def test_seed_demo_writes_an_audit_entry_per_created_object():
    seed_demo(size=SMALL)

    entries = Entry.objects.all()
    created = 1 + Unit.objects.count() + 2 * Employee.objects.count() + 1 + Role.objects.count()
    assert entries.count() == created
    assert set(entries.values_list("action", "actor")) == {(Entry.Action.CREATE, None)}


@pytest.mark.django_db
def test_seed_demo_refuses_a_database_with_employees(org):
    with pytest.raises(DemoError):
        seed_demo(size=SMALL)

    assert Unit.objects.filter(code__startswith="DINKES").count() == 0


@pytest.mark.django_db
def test_seed_demo_full_size_uses_a_bounded_number_of_queries(django_assert_max_num_queries):
    # Bulk inserts: the query count does not grow with the number of people.
    with django_assert_max_num_queries(40):
        summary = seed_demo()

    assert (summary.employees, Employee.objects.count()) == (2000, 2000)
    assert Role.objects.filter(kind="leader").count() == Unit.objects.count() == summary.units


# --- Logins ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_logins_authenticate_with_nip_and_with_email():
    seed_demo(size=SMALL)

    logins = list_demo_logins()

    assert [login.role for login in logins] == ["employee", "leader", "counselor", "hr", "admin"]
    for login in logins:
        user = authenticate(username=login.email, password=DEMO_PASSWORD)
        assert user is not None and user.email == login.email
        if login.nip:
            spaced = f"{login.nip[:8]} {login.nip[8:14]} {login.nip[14]} {login.nip[15:]}"
            assert authenticate(username=login.nip, password=DEMO_PASSWORD) == user
            assert authenticate(username=spaced, password=DEMO_PASSWORD) == user


def test_demo_accounts_are_the_same_for_every_seed_and_size():
    def fixed(plan):
        # Their supervisors are drawn from the seed; the accounts themselves are not.
        return [
            (p.nip, p.name, p.email, p.unit, p.position, p.roles)
            for p in plan.people
            if p.email in FIXED_EMAILS
        ]

    first = fixed(plan_demo(seed=1, size=SMALL))

    assert [nip for nip, *_rest in first] == [
        "197106141999031001",
        "199203152019032001",
        "198811022014122001",
        "199004212018031001",
    ]
    assert fixed(plan_demo(seed=99, size=2000)) == first


@pytest.mark.django_db
def test_demo_logins_have_the_expected_roles():
    seed_demo(size=SMALL)
    by_role = {login.role: login for login in list_demo_logins()}

    leader = Employee.objects.get(nip=by_role["leader"].nip)
    employee = Employee.objects.get(nip=by_role["employee"].nip)
    assert leader.user.roles.get().unit.code == "DINKES"
    assert employee.unit.path.startswith(leader.unit.path)
    assert employee.user.roles.count() == 0
    assert Employee.objects.get(nip=by_role["counselor"].nip).user.roles.get().kind == "counselor"
    assert Employee.objects.get(nip=by_role["hr"].nip).user.roles.get().kind == "hr"


# --- The command ----------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_data_prints_one_login_per_role_with_the_password():
    out = run(size=SMALL)

    for role in ("Pegawai", "Pimpinan", "Konselor", "SDM", "Admin"):
        assert role in out
    assert out.count(DEMO_PASSWORD) == 5
    assert "admin@kotacontoh.go.id" in out
    assert Employee.objects.count() == SMALL


@pytest.mark.django_db(databases=["default", "anonymous"])
def test_demo_data_also_seeds_leave_and_worktime_through_their_real_paths():
    from rehat.leave.models import LeaveRequest
    from rehat.worktime.models import Report

    out = run(size=SMALL)

    assert "Cuti demo:" in out
    assert "Jam kerja demo:" in out
    assert LeaveRequest.objects.exists()
    assert Report.objects.filter(private=False, unit__isnull=False).exists()


@pytest.mark.django_db
def test_demo_data_run_again_changes_nothing_and_prints_the_logins():
    first = run(size=SMALL)
    before = (Employee.objects.count(), Unit.objects.count(), Entry.objects.count())

    again = run(size=SMALL)

    assert (Employee.objects.count(), Unit.objects.count(), Entry.objects.count()) == before
    assert "tidak ada yang diubah" in again
    logins = [line for line in first.splitlines() if DEMO_PASSWORD in line]
    assert [line for line in again.splitlines() if DEMO_PASSWORD in line] == logins


@pytest.mark.django_db
def test_demo_data_leaves_a_real_agency_alone(org):
    before = Employee.objects.count()

    out = run()

    assert "bukan data demo" in out
    assert Employee.objects.count() == before


@pytest.mark.django_db
def test_demo_data_force_refuses_when_employees_exist(org):
    with pytest.raises(CommandError, match="sudah berisi"):
        run("--force", size=SMALL)

    assert not Unit.objects.filter(code="DINKES").exists()


@pytest.mark.django_db
def test_demo_data_force_seeds_an_agency_without_employees():
    Agency.objects.create(name="Pemerintah Kota Contoh")

    run("--force", size=SMALL)

    assert (Agency.objects.count(), Employee.objects.count()) == (1, SMALL)


@pytest.mark.django_db
def test_demo_data_rejects_a_size_too_small():
    with pytest.raises(CommandError, match="minimal"):
        run(size=10)
