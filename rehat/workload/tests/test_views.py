"""Overview, unit, position (save and what-if), policy: behaviour and query counts."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from rehat.audit.models import Entry
from rehat.tests.factories import make_employee, make_unit
from rehat.tests.personas import client_for
from rehat.workload.models import Duty, Policy, Position
from rehat.workload.tests.factories import make_duty, make_position
from rehat.worktime.tests.factories import make_chat_report

BOTH = ["default", "anonymous"]


def _units_with_positions(org, n):
    day = timezone.localdate() - datetime.timedelta(days=2)
    for i in range(n):
        unit = make_unit(code=f"X{i}", name=f"Unit X{i}", parent=org.root)
        position = make_position(unit=unit, name=f"Jabatan {i}")
        make_duty(position=position)
        make_duty(position=position, volume="1500", minutes="17")
        make_employee(unit=unit, position=f"jabatan  {i}")
        rows = [(a, day, 21, 1, 1) for a in range(12)]  # after-hours figures for every unit
        make_chat_report(uploader=org.hr.user, unit=unit, rows=rows)


@pytest.mark.django_db(databases=BOTH)
@pytest.mark.parametrize("n", [1, 3])
def test_overview_queries_do_not_grow_with_units(org, n, django_assert_num_queries):
    _units_with_positions(org, n)
    client = client_for(org, "hr")
    client.get("/beban-kerja/")  # the policy row is created once, on first use
    # session, user, roles (2), policy, units, positions, duties, employees,
    # after-hours figures (5, one call for every unit)
    with django_assert_num_queries(14):
        response = client.get("/beban-kerja/")
    assert response.status_code == 200
    after = {r.unit.code: r.after_hours for r in response.context["rows"]}
    assert [after[f"X{i}"].late_night_messages for i in range(n)] == [12] * n


@pytest.mark.django_db(databases=BOTH)
def test_overview_counts_incumbents_from_employee_records_ignoring_case_and_spaces(org):
    _units_with_positions(org, 1)
    response = client_for(org, "hr").get("/beban-kerja/")
    [row] = [r for r in response.context["rows"] if r.unit.code == "X0"]
    assert row.positions[0].incumbents_counted == 1
    assert (row.total.required, row.total.ej, row.total.grade) == (D("0.72"), D("0.72"), "C")


@pytest.mark.django_db(databases=BOTH)
def test_overview_highlights_short_units_and_overloaded_positions(org):
    position = make_position(unit=org.beta, name="Pranata Komputer", incumbents=1)
    make_duty(position=position, volume="100", minutes="1500")  # 2.00 needed, 1 present
    response = client_for(org, "hr").get("/beban-kerja/")
    assert [r.unit.code for r in response.context["short_units"]] == ["BETA"]
    assert [p.position.name for p in response.context["overloaded"]] == ["Pranata Komputer"]
    assert 'class="bad"' in response.content.decode()


@pytest.mark.django_db(databases=BOTH)
@pytest.mark.parametrize("n", [1, 3])
def test_unit_detail_queries_do_not_grow_with_positions(org, n, django_assert_num_queries):
    for i in range(n):
        make_duty(position=make_position(unit=org.alfa_satu, name=f"Jabatan {i}"))
        unit = make_unit(code=f"Y{i}", name=f"Unit Y{i}", parent=org.alfa)
        rows = [(a, timezone.localdate(), 22, 1, 1) for a in range(12)]
        make_chat_report(uploader=org.leader.user, unit=unit, rows=rows)
    client = client_for(org, "leader")
    client.get("/beban-kerja/unit/ALFA/")
    # session, user, roles (2), unit, leader check (2), policy, units, positions,
    # duties, employees, after-hours figures (5), form's nothing
    with django_assert_num_queries(17):
        response = client.get("/beban-kerja/unit/ALFA/")
    assert [p.position.name for p in response.context["children"][0].positions] == [
        f"Jabatan {i}" for i in range(n)
    ]


def _duty_post(position, rows, incumbents=""):
    data = {
        "duty-TOTAL_FORMS": str(len(rows)),
        "duty-INITIAL_FORMS": str(sum(1 for r in rows if r.get("code"))),
        "incumbents": incumbents,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"duty-{i}-{key}"] = value
    return data


@pytest.mark.django_db(databases=BOTH)
def test_what_if_recalculates_without_saving(org):
    position = make_position(unit=org.alfa_satu)
    duty = make_duty(position=position)
    data = _duty_post(
        position,
        [
            {
                "code": str(duty.code),
                "description": "Menyusun laporan",
                "result_unit": "Laporan",
                "volume": "24",
                "minutes": "2400",
            },
            {
                "description": "Verifikasi",
                "result_unit": "Dokumen",
                "volume": "1500",
                "minutes": "17",
            },
        ],
        incumbents="2",
    )
    response = client_for(org, "leader").post(
        f"/beban-kerja/jabatan/{position.code}/simulasi/", data, headers={"HX-Request": "true"}
    )
    # 24 × 2,400 + 1,500 × 17 = 83,100 ÷ 75,000 = 1.108 → 1.11; EJ 1.108 ÷ 2 = 0.554 → 0.55 (D)
    what_if = response.context["what_if"].result
    assert (what_if.required, what_if.required_people, what_if.ej, what_if.grade) == (
        D("1.11"),
        1,
        D("0.55"),
        "D",
    )
    assert response.content.decode().lstrip().startswith('<div id="result"')
    assert list(Duty.objects.values_list("volume", flat=True)) == [D("12")]
    assert Position.objects.get().incumbents is None


@pytest.mark.django_db(databases=BOTH)
def test_what_if_with_a_bad_number_shows_the_error_and_no_result(org):
    position = make_position(unit=org.alfa_satu)
    data = _duty_post(
        position, [{"description": "A", "result_unit": "B", "volume": "1.500", "minutes": "5"}]
    )
    response = client_for(org, "hr").post(f"/beban-kerja/jabatan/{position.code}/simulasi/", data)
    assert response.context["what_if"] is None
    assert "tanpa pemisah ribuan" in response.content.decode()


@pytest.mark.django_db(databases=BOTH)
def test_save_duties_creates_updates_deletes_and_audits(org):
    position = make_position(unit=org.alfa_satu)
    keep = make_duty(position=position)
    gone = make_duty(position=position, description="Lama")
    data = _duty_post(
        position,
        [
            {
                "code": str(keep.code),
                "description": "Menyusun laporan",
                "result_unit": "Laporan",
                "volume": "7,5",
                "minutes": "2400",
            },
            {
                "code": str(gone.code),
                "description": "Lama",
                "result_unit": "Laporan",
                "volume": "12",
                "minutes": "2400",
                "DELETE": "on",
            },
            {"description": "Baru", "result_unit": "Dokumen", "volume": "10", "minutes": "30"},
        ],
        incumbents="3",
    )
    response = client_for(org, "hr").post(f"/beban-kerja/jabatan/{position.code}/", data)
    assert response.status_code == 302
    assert list(position.duties.values_list("description", "volume", "order")) == [
        ("Menyusun laporan", D("7.5"), 1),
        ("Baru", D("10"), 2),
    ]
    position.refresh_from_db()
    assert position.incumbents == 3
    entry = Entry.objects.get(target_type="workload.position")
    assert entry.changes == {"created": 1, "updated": 1, "deleted": 1, "incumbents": [None, 3]}


@pytest.mark.django_db(databases=BOTH)
def test_save_duties_with_errors_changes_nothing(org):
    position = make_position(unit=org.alfa_satu)
    data = _duty_post(
        position, [{"description": "", "result_unit": "B", "volume": "1", "minutes": "0"}]
    )
    response = client_for(org, "hr").post(f"/beban-kerja/jabatan/{position.code}/", data)
    assert response.status_code == 400
    assert Duty.objects.count() == 0


@pytest.mark.django_db(databases=BOTH)
def test_position_create_rejects_a_duplicate_name_in_the_unit(org):
    make_position(unit=org.alfa_satu, name="Analis SDM")
    response = client_for(org, "hr").post(
        "/beban-kerja/unit/ALFA1/jabatan/baru/", {"name": "analis  sdm"}
    )
    assert response.status_code == 400
    assert Position.objects.count() == 1


@pytest.mark.django_db(databases=BOTH)
def test_position_edit_sets_an_older_convention_and_audits(org):
    position = make_position(unit=org.alfa_satu)
    response = client_for(org, "hr").post(
        f"/beban-kerja/jabatan/{position.code}/ubah/",
        {"name": position.name, "incumbents": "", "effective_minutes": "78000"},
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.effective_minutes == 78_000
    assert Entry.objects.get(action="update").changes == {"effective_minutes": [None, 78000]}


@pytest.mark.django_db(databases=BOTH)
def test_policy_rejects_thresholds_out_of_order(org):
    response = client_for(org, "hr").post(
        "/beban-kerja/pengaturan/",
        {
            "effective_minutes": "75000",
            "threshold_a": "1.00",
            "threshold_b": "0.60",
            "threshold_c": "0.70",
            "threshold_d": "0.50",
            "rounding": "half_up",
            "ej_definition": "required_per_incumbent",
            "grade_scale": "five",
        },
    )
    assert response.status_code == 400


@pytest.mark.django_db(databases=BOTH)
def test_policy_change_regrades_positions(org):
    position = make_position(unit=org.alfa_satu, incumbents=1)
    make_duty(position=position)
    make_duty(position=position, volume="1500", minutes="17")  # EJ 0.72: C by default
    client = client_for(org, "hr")
    client.post(
        "/beban-kerja/pengaturan/",
        {
            "effective_minutes": "72000",
            "threshold_a": "1.25",
            "threshold_b": "1.00",
            "threshold_c": "0.80",
            "threshold_d": "0.50",
            "rounding": "ceiling",
            "ej_definition": "required_per_incumbent",
            "grade_scale": "five",
        },
    )
    assert Policy.objects.get().effective_minutes == 72_000
    response = client.get("/beban-kerja/unit/ALFA1/")
    result = response.context["row"].positions[0].result
    # 54,300 ÷ 72,000 = 0.754… → 0.75; EJ 0.75 is below the new C threshold 0.80: D.
    assert (result.required, result.ej, result.grade) == (D("0.75"), D("0.75"), "D")


@pytest.mark.django_db(databases=BOTH)
def test_policy_inverse_definition_and_four_grades_regrade_and_are_audited(org):
    position = make_position(unit=org.alfa_satu, incumbents=1)
    make_duty(position=position)
    make_duty(position=position, volume="1500", minutes="17")  # kebutuhan 0.724
    client = client_for(org, "hr")
    response = client.post(
        "/beban-kerja/pengaturan/",
        {
            "effective_minutes": "75000",
            "threshold_a": "1.25",
            "threshold_b": "1.00",
            "threshold_c": "0.75",
            "threshold_d": "0.90",  # unused on the four-grade scale, so its order is not checked
            "rounding": "half_up",
            "ej_definition": "incumbent_per_required",
            "grade_scale": "four",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(action="update")
    assert entry.changes == {
        "threshold_a": ["1.00", "1.25"],
        "threshold_b": ["0.90", "1.00"],
        "threshold_c": ["0.70", "0.75"],
        "threshold_d": ["0.50", "0.90"],
        "ej_definition": ["required_per_incumbent", "incumbent_per_required"],
        "grade_scale": ["five", "four"],
    }
    row = client.get("/beban-kerja/unit/ALFA1/").context["row"]
    result = row.positions[0].result
    # 1 ÷ 0.724 = 1.3812… → 1.38 ≥ 1.25: A; not overloaded (staff above need).
    assert (result.ej, result.grade, result.overloaded) == (D("1.38"), "A", False)


@pytest.mark.django_db(databases=BOTH)
def test_policy_page_documents_each_option_with_its_source(org):
    response = client_for(org, "hr").get("/beban-kerja/pengaturan/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "sipkg-ntt" in body
    assert "Permendagri 12/2008" in body
    assert 'value="incumbent_per_required"' in body
    assert 'value="four"' in body
