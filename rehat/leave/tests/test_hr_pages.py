"""HR's administration pages: authorities, medical readers, policy, stricter rules,
service start and balance adjustments. Validation edges, audit entries and query counts."""

import datetime

import pytest
from django.utils import timezone

from rehat.audit.models import Entry
from rehat.leave.domain.rules import check_adjustment
from rehat.leave.models import (
    Authority,
    BalanceAdjustment,
    LeavePolicy,
    MedicalReader,
    RuleAdjustment,
    ServiceStart,
)
from rehat.leave.tests.factories import make_request
from rehat.tests.factories import make_employee, make_role, make_unit
from rehat.tests.personas import client_for


def _errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- Pejabat berwenang ---------------------------------------------------------


@pytest.mark.django_db
def test_hr_sets_an_authority_by_nip_and_the_change_is_audited(org):
    client = client_for(org, "hr")
    response = client.post(
        "/cuti/sdm/pejabat/",
        {"unit": "ALFA", "person": org.leader.nip, "title": "Kepala Dinas Alfa"},
    )
    assert response.status_code == 302
    row = Authority.objects.get(unit=org.alfa)
    assert (row.user, row.title) == (org.leader.user, "Kepala Dinas Alfa")
    entry = Entry.objects.get(target_type="leave.authority")
    assert (entry.action, entry.actor, entry.changes) == (
        "create",
        org.hr.user,
        {"unit": "ALFA", "user": org.leader.user.email, "title": "Kepala Dinas Alfa"},
    )


@pytest.mark.django_db
def test_an_authority_form_refuses_a_second_row_for_a_unit_and_an_unknown_person(org):
    Authority.objects.create(unit=org.alfa, user=org.leader.user)
    client = client_for(org, "admin")
    response = client.post("/cuti/sdm/pejabat/", {"unit": "ALFA", "person": "tidak@ada.id"})
    assert response.status_code == 400
    assert _errors(response, "unit") == [
        "Unit ini sudah punya pejabat berwenang. Ubah baris yang ada di daftar."
    ]
    assert _errors(response, "person") == ["Tidak ada pegawai aktif dengan email atau NIP itu."]
    # The admin account has no employee record: it cannot be a pejabat either.
    response = client.post("/cuti/sdm/pejabat/", {"unit": "BETA", "person": org.admin.email})
    assert _errors(response, "person") == ["Tidak ada pegawai aktif dengan email atau NIP itu."]
    assert Authority.objects.count() == 1


@pytest.mark.django_db
def test_changing_and_removing_an_authority_are_audited(org):
    row = Authority.objects.create(unit=org.root, user=org.leader.user, title="Sekda")
    client = client_for(org, "hr")
    response = client.get(f"/cuti/sdm/pejabat/{row.pk}/")
    assert response.context["form"].initial == {"person": org.leader.nip, "title": "Sekda"}
    response = client.post(
        f"/cuti/sdm/pejabat/{row.pk}/",
        {"person": org.other_leader.user.email, "title": "Sekretaris Daerah"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.user, row.unit, row.title) == (org.other_leader.user, org.root, "Sekretaris Daerah")
    update = Entry.objects.get(target_type="leave.authority", action="update")
    assert update.changes == {
        "user": [str(org.leader.user), str(org.other_leader.user)],
        "title": ["Sekda", "Sekretaris Daerah"],
    }
    assert client.post(f"/cuti/sdm/pejabat/{row.pk}/hapus/").status_code == 302
    assert not Authority.objects.exists()
    delete = Entry.objects.get(target_type="leave.authority", action="delete")
    assert delete.changes == {"unit": "SETDA", "user": org.other_leader.user.email}


# --- SDM bidang kesehatan --------------------------------------------------------


def _second_hr(org):
    officer = make_employee(unit=org.root, user=None)
    make_role(user=officer.user, kind="hr")
    return officer


@pytest.mark.django_db
def test_granting_and_revoking_the_medical_flag_is_audited(org):
    officer = _second_hr(org)
    client = client_for(org, "hr")
    response = client.post("/cuti/sdm/kesehatan/", {"person": officer.user.email.upper()})
    assert response.status_code == 302
    row = MedicalReader.objects.get(user=officer.user)
    assert row.granted_by == org.hr.user.name
    grant = Entry.objects.get(action="grant", target_type="leave.medicalreader")
    assert (grant.actor, grant.target_id, grant.target_repr, grant.changes) == (
        org.hr.user,
        str(row.pk),
        str(officer.user),
        {"medical_reader": officer.user.email},
    )
    assert client.post(f"/cuti/sdm/kesehatan/{row.pk}/cabut/").status_code == 302
    assert not MedicalReader.objects.exists()
    revoke = Entry.objects.get(action="revoke", target_type="leave.medicalreader")
    assert (revoke.actor, revoke.target_id, revoke.changes) == (
        org.hr.user,
        str(row.pk),
        {"medical_reader": officer.user.email},
    )


@pytest.mark.django_db
def test_the_medical_flag_goes_only_to_another_hr_officer_once(org):
    client = client_for(org, "hr")
    cases = {
        org.employee.nip: "Hanya pegawai dengan peran SDM yang dapat diberi izin ini.",
        org.hr.nip: "Anda tidak dapat memberi izin ini kepada diri sendiri; mintalah rekan SDM.",
        "199001012020121999": "Tidak ada pegawai aktif dengan email atau NIP itu.",
    }
    for person, message in cases.items():
        response = client.post("/cuti/sdm/kesehatan/", {"person": person})
        assert response.status_code == 400
        assert _errors(response, "person") == [message]
    officer = _second_hr(org)
    MedicalReader.objects.create(user=officer.user)
    response = client.post("/cuti/sdm/kesehatan/", {"person": officer.nip})
    assert _errors(response, "person") == ["Petugas ini sudah memegang izin tersebut."]
    assert not Entry.objects.filter(target_type="leave.medicalreader").exists()


@pytest.mark.django_db
def test_the_medical_reader_list_shows_names_only(org):
    officer = _second_hr(org)
    MedicalReader.objects.create(user=officer.user, granted_by="Kepala BKPSDM")
    body = client_for(org, "hr").get("/cuti/sdm/kesehatan/").content.decode()
    assert officer.user.name in body
    assert officer.user.email not in body
    assert "Kepala BKPSDM" not in body


# --- Kebijakan ---------------------------------------------------------------------

POLICY = {
    "recovery_workdays": "6",
    "recovery_letter": "psychologist",
    "recovery_letter_from_workdays": "1",
    "city": "Kota Uji",
}


@pytest.mark.django_db
def test_the_policy_is_saved_and_audited(org):
    response = client_for(org, "admin").post("/cuti/sdm/kebijakan/", POLICY)
    assert response.status_code == 302
    policy = LeavePolicy.objects.get()
    assert (policy.recovery_workdays, policy.recovery_letter, policy.city) == (
        6,
        "psychologist",
        "Kota Uji",
    )
    entry = Entry.objects.get(target_type="leave.leavepolicy")
    assert (entry.action, entry.actor, entry.changes) == (
        "update",
        org.admin,
        {
            "recovery_workdays": [5, 6],
            "recovery_letter": ["doctor_or_psychologist", "psychologist"],
            "city": ["", "Kota Uji"],
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("recovery_workdays", "21", "Paling banyak 20 hari kerja setahun."),
        (
            "recovery_letter_from_workdays",
            "2",
            "Cuti pemulihan dicatat sebagai cuti sakit, dan peraturan meminta surat paling "
            "lambat mulai hari kerja ke-1. Instansi hanya boleh lebih ketat.",
        ),
        (
            "recovery_letter_from_workdays",
            "0",
            "Cuti pemulihan dicatat sebagai cuti sakit, dan peraturan meminta surat paling "
            "lambat mulai hari kerja ke-1. Instansi hanya boleh lebih ketat.",
        ),
    ],
)
def test_the_policy_refuses_values_beyond_the_law(org, field, value, message):
    response = client_for(org, "hr").post("/cuti/sdm/kebijakan/", {**POLICY, field: value})
    assert response.status_code == 400
    assert _errors(response, field) == [message]
    assert LeavePolicy.objects.get().recovery_workdays == 5


@pytest.mark.django_db
def test_the_policy_accepts_the_edges(org):
    client = client_for(org, "hr")
    for days in ("0", "20"):
        response = client.post("/cuti/sdm/kebijakan/", {**POLICY, "recovery_workdays": days})
        assert response.status_code == 302
        assert LeavePolicy.objects.get().recovery_workdays == int(days)


# --- Aturan instansi ---------------------------------------------------------------


def _rule(regime, leave_type, field, value):
    return {"regime": regime, "leave_type": leave_type, "field": field, "value": str(value)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("regime", "leave_type", "field", "value"),
    [
        ("PNS", "besar", "max_months", 2),
        ("PNS", "besar", "max_months", 3),  # equal to the law: allowed
        ("PNS", "besar", "max_months", 1),
        ("PNS", "tahunan", "min_service_months", 12),
        ("PNS", "tahunan", "min_service_months", 24),
        ("PPPK", "sakit", "max_months", 1),
    ],
)
def test_a_rule_as_strict_as_the_law_or_stricter_is_saved(org, regime, leave_type, field, value):
    response = client_for(org, "hr").post(
        "/cuti/sdm/aturan/", _rule(regime, leave_type, field, value)
    )
    assert response.status_code == 302
    row = RuleAdjustment.objects.get()
    assert (row.regime, row.leave_type, row.field, row.value) == (
        regime,
        leave_type,
        field,
        value,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("regime", "leave_type", "field", "value"),
    [
        ("PNS", "besar", "max_months", 4),
        ("PNS", "besar", "max_months", 0),
        ("PNS", "tahunan", "min_service_months", 11),
        ("PPPK", "sakit", "max_months", 2),
        ("PNS", "tahunan", "max_months", 1),  # the law sets no such limit for this type
        ("PPPK", "besar", "max_months", 1),  # PPPK have no cuti besar
    ],
)
def test_a_looser_rule_is_refused_with_the_legal_limit(org, regime, leave_type, field, value):
    response = client_for(org, "hr").post(
        "/cuti/sdm/aturan/", _rule(regime, leave_type, field, value)
    )
    assert response.status_code == 400
    why = check_adjustment(regime=regime, leave_type=leave_type, field=field, value=value)
    assert why
    assert _errors(response, "value") == [
        f"Instansi hanya boleh membuat aturan lebih ketat daripada peraturan. {why}"
    ]
    assert not RuleAdjustment.objects.exists()


@pytest.mark.django_db
def test_the_looser_rule_message_names_the_legal_limit(org):
    response = client_for(org, "hr").post(
        "/cuti/sdm/aturan/", _rule("PNS", "besar", "max_months", 4)
    )
    assert "3" in _errors(response, "value")[0]
    assert "lebih ketat" in response.content.decode()


@pytest.mark.django_db
def test_saving_a_rule_again_changes_it_and_deleting_returns_to_the_law(org):
    client = client_for(org, "hr")
    client.post("/cuti/sdm/aturan/", _rule("PNS", "cltn", "max_months", 24))
    client.post("/cuti/sdm/aturan/", _rule("PNS", "cltn", "max_months", 12))
    row = RuleAdjustment.objects.get()
    assert row.value == 12
    assert [(e.action, e.changes) for e in Entry.objects.order_by("pk")] == [
        ("create", {"value": 24}),
        ("update", {"value": [24, 12]}),
    ]
    response = client.get("/cuti/sdm/aturan/")
    assert [(r.value, legal) for r, legal in response.context["rows"]] == [(12, 36)]
    assert client.post(f"/cuti/sdm/aturan/{row.pk}/hapus/").status_code == 302
    assert not RuleAdjustment.objects.exists()


# --- Masa kerja dan penyesuaian saldo ---------------------------------------------------


@pytest.mark.django_db
def test_hr_sets_and_clears_the_service_start(org):
    client = client_for(org, "hr")
    url = f"/cuti/sdm/pegawai/{org.employee.user.code}/masa-kerja/"
    assert client.post(url, {"date": "2012-04-01"}).status_code == 302
    assert ServiceStart.objects.get(employee=org.employee).date == datetime.date(2012, 4, 1)
    assert client.post(url, {"date": "2013-04-01"}).status_code == 302
    assert ServiceStart.objects.get(employee=org.employee).date == datetime.date(2013, 4, 1)
    assert client.post(url, {"date": ""}).status_code == 302
    assert not ServiceStart.objects.exists()
    assert [(e.action, e.changes) for e in Entry.objects.order_by("pk")] == [
        ("create", {"date": "2012-04-01"}),
        ("update", {"date": ["2012-04-01", "2013-04-01"]}),
        ("delete", {"date": "2013-04-01"}),
    ]


@pytest.mark.django_db
def test_a_service_start_in_the_future_is_refused(org):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(org, "hr").post(
        f"/cuti/sdm/pegawai/{org.employee.user.code}/masa-kerja/", {"date": tomorrow}
    )
    assert response.status_code == 400
    assert [str(e) for e in response.context["start_form"].errors["date"]] == [
        "Masa kerja tidak dapat dimulai di masa depan."
    ]
    assert not ServiceStart.objects.exists()


NOTE = "Bertugas jaga posko saat cuti bersama Idulfitri"


@pytest.mark.django_db
def test_a_balance_adjustment_needs_a_reason_and_the_log_never_holds_it(org):
    client = client_for(org, "hr")
    url = f"/cuti/sdm/pegawai/{org.employee.user.code}/penyesuaian/"
    for data, field in [
        ({"year": "2026", "workdays": "2", "note": "   "}, "note"),
        ({"year": "2026", "workdays": "0", "note": NOTE}, "workdays"),
        ({"year": "2026", "workdays": "25", "note": NOTE}, "workdays"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400
        assert field in response.context["adjustment_form"].errors
    assert not BalanceAdjustment.objects.exists()
    assert client.post(url, {"year": "2026", "workdays": "-2", "note": NOTE}).status_code == 302
    row = BalanceAdjustment.objects.get()
    assert (row.employee, row.year, row.workdays, row.note, row.created_by) == (
        org.employee,
        2026,
        -2,
        NOTE,
        org.hr.user,
    )
    entry = Entry.objects.get(target_type="leave.balanceadjustment")
    assert (entry.target_repr, entry.changes) == (
        "2026 -2",
        {"employee": org.employee.nip, "year": 2026, "workdays": -2},
    )
    page = client.get(f"/cuti/sdm/pegawai/{org.employee.user.code}/").content.decode()
    assert NOTE in page


@pytest.mark.django_db
def test_the_reason_for_an_adjustment_stays_with_hr(org):
    BalanceAdjustment.objects.create(
        employee=org.employee, year=timezone.localdate().year, workdays=2, note=NOTE
    )
    for persona in ["employee", "leader", "other_leader", "counselor", "admin"]:
        client = client_for(org, persona)
        for url in ["/cuti/", f"/cuti/sdm/pegawai/{org.employee.user.code}/"]:
            assert NOTE not in client.get(url).content.decode(), (persona, url)


@pytest.mark.django_db
def test_only_medical_hr_sees_an_employees_recovery_balance(org):
    url = f"/cuti/sdm/pegawai/{org.employee.user.code}/"
    client = client_for(org, "hr")
    labels = [str(label) for _b, label in client.get(url).context["balances"]]
    assert labels == ["Cuti tahunan"]
    MedicalReader.objects.create(user=org.hr.user)
    labels = [str(label) for _b, label in client_for(org, "hr").get(url).context["balances"]]
    assert labels == ["Cuti tahunan", "Cuti pemulihan"]


@pytest.mark.django_db
def test_the_employee_search_finds_by_name_or_nip(org):
    client = client_for(org, "hr")
    response = client.get("/cuti/sdm/pegawai/", {"q": org.employee.nip[:10]})
    found = [e.pk for e in response.context["page"]]
    assert org.employee.pk in found
    response = client.get("/cuti/sdm/pegawai/", {"q": org.leader.user.name})
    assert [e.pk for e in response.context["page"]] == [org.leader.pk]
    response = client.get(
        "/cuti/sdm/pegawai/", {"q": org.leader.user.name}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body


# --- Query counts -----------------------------------------------------------------


def _units(org, size):
    return [make_unit(parent=org.root) for _n in range(size)]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_authority_list_takes_the_same_queries_at_any_size(
    org, size, django_assert_num_queries
):
    for unit in _units(org, size):
        Authority.objects.create(unit=unit, user=make_employee(unit=unit).user, title="Kepala")
    client = client_for(org, "hr")
    # session, user, roles, employee, rows, unit choices
    with django_assert_num_queries(6):
        response = client.get("/cuti/sdm/pejabat/")
    assert len(response.context["rows"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_medical_reader_list_takes_the_same_queries_at_any_size(
    org, size, django_assert_num_queries
):
    for _n in range(size):
        MedicalReader.objects.create(user=_second_hr(org).user)
    client = client_for(org, "hr")
    # session, user, roles, employee, rows
    with django_assert_num_queries(5):
        response = client.get("/cuti/sdm/kesehatan/")
    assert len(response.context["rows"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_rule_list_takes_the_same_queries_at_any_size(org, size, django_assert_num_queries):
    rules = [
        ("PNS", "besar", "max_months", 2),
        ("PNS", "cltn", "max_months", 12),
        ("PNS", "tahunan", "min_service_months", 24),
        ("PPPK", "sakit", "max_months", 1),
    ]
    for regime, leave_type, field, value in rules[:size]:
        RuleAdjustment.objects.create(
            regime=regime, leave_type=leave_type, field=field, value=value
        )
    client = client_for(org, "admin")
    # session, user, roles, employee, rows
    with django_assert_num_queries(5):
        response = client.get("/cuti/sdm/aturan/")
    assert len(response.context["rows"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_employee_search_takes_the_same_queries_at_any_size(
    org, size, django_assert_num_queries
):
    for _n in range(size):
        make_employee(unit=org.beta, user=None)
    client = client_for(org, "hr")
    # session, user, roles, employee, count, page
    with django_assert_num_queries(6):
        response = client.get("/cuti/sdm/pegawai/", {"q": "Pengguna"})
    assert response.context["page"].paginator.count >= size


# Session, user, roles, employee, medical flag, service start row, the balances (rules,
# policy, adjustments and requests: a fixed number whatever the rows), the service start
# again, the school-holiday mark, and the adjustments with their authors.
EMPLOYEE_PAGE_QUERIES = 27


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_employee_page_takes_the_same_queries_at_any_size(org, size, django_assert_num_queries):
    year = timezone.localdate().year
    for n in range(size):
        BalanceAdjustment.objects.create(
            employee=org.employee, year=year, workdays=1, note=f"n{n}", created_by=org.hr.user
        )
        make_request(
            employee=org.employee,
            start=datetime.date(year, 2, 2) + datetime.timedelta(days=7 * n),
        )
    client = client_for(org, "hr")
    with django_assert_num_queries(EMPLOYEE_PAGE_QUERIES):
        response = client.get(f"/cuti/sdm/pegawai/{org.employee.user.code}/")
    assert len(response.context["adjustments"]) == size
