"""HR's leave summary by date range, unit and type, and its CSV export."""

import datetime

import pytest

from rehat.leave.models import BalanceAdjustment, MedicalReader
from rehat.leave.tests.conftest import REASON
from rehat.leave.tests.factories import make_request
from rehat.tests.personas import client_for

D = datetime.date
PERIOD = {"start": "2026-03-01", "end": "2026-06-30"}


@pytest.fixture
def approved(org, settings):
    """Approved leave across three units; recovery leave 1 in Bidang Alfa Satu, 2 in Dinas Beta."""
    settings.REHAT_MIN_GROUP = 2
    rows = [
        make_request(employee=org.employee, start=D(2026, 3, 2), end=D(2026, 3, 4)),
        make_request(employee=org.employee, leave_type="pemulihan", start=D(2026, 4, 6)),
        make_request(
            employee=org.leader, leave_type="sakit", start=D(2026, 5, 4), end=D(2026, 5, 5)
        ),
        make_request(employee=org.other_leader, leave_type="pemulihan", start=D(2026, 6, 8)),
        make_request(employee=org.other_leader, leave_type="pemulihan", start=D(2026, 6, 9)),
        # Not counted: rejected, or starting outside the period.
        make_request(employee=org.leader, start=D(2026, 4, 7), status="rejected"),
        make_request(employee=org.leader, start=D(2026, 7, 1)),
        make_request(employee=org.leader, start=D(2026, 2, 27), end=D(2026, 3, 3)),
    ]
    assert [r.workdays for r in rows[:5]] == [3, 1, 2, 1, 1]
    return rows


HEAD = (
    "kode unit,unit kerja,Cuti tahunan: permohonan,Cuti tahunan: hari kerja,"
    "Cuti besar: permohonan,Cuti besar: hari kerja,Cuti sakit: permohonan,"
    "Cuti sakit: hari kerja,Cuti melahirkan: permohonan,Cuti melahirkan: hari kerja,"
    "Cuti karena alasan penting: permohonan,Cuti karena alasan penting: hari kerja,"
    "Cuti di luar tanggungan negara: permohonan,Cuti di luar tanggungan negara: hari kerja,"
    "di antaranya pemulihan\n"
)


@pytest.mark.django_db
def test_the_csv_holds_exactly_the_summary_table(org, approved):
    response = client_for(org, "hr").get("/cuti/sdm/rekap.csv", PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="rekap-cuti-instansi-2026-03-01-2026-06-30.csv"'
    )
    # Bidang Alfa Satu's single recovery leave is hidden; Dinas Beta's two would give it
    # back (3 in all minus 2), so they are hidden too; the total of 3 may show.
    assert response.content.decode() == HEAD + (
        "ALFA,Dinas Alfa,0,0,0,0,1,2,0,0,0,0,0,0,<2\n"
        "ALFA1,Bidang Alfa Satu,1,3,0,0,1,1,0,0,0,0,0,0,<2\n"
        "BETA,Dinas Beta,0,0,0,0,2,2,0,0,0,0,0,0,<2\n"
        ",Jumlah,1,3,0,0,4,5,0,0,0,0,0,0,3\n"
    )


@pytest.mark.django_db
def test_the_page_shows_the_same_table(org, approved):
    response = client_for(org, "hr").get("/cuti/sdm/", PERIOD)
    summary = response.context["summary"]
    assert [(r.unit_code, r.cell_list(), r.recovery) for r in summary.rows] == [
        ("ALFA", [(0, 0), (0, 0), (1, 2), (0, 0), (0, 0), (0, 0)], None),
        ("ALFA1", [(1, 3), (0, 0), (1, 1), (0, 0), (0, 0), (0, 0)], None),
        ("BETA", [(0, 0), (0, 0), (2, 2), (0, 0), (0, 0), (0, 0)], None),
    ]
    assert summary.recovery_total == 3
    body = response.content.decode()
    assert "rekap.csv?start=2026-03-01&amp;end=2026-06-30" in body
    assert len(response.context["rows"]) == 6  # the rejected request is listed, not counted


@pytest.mark.django_db
def test_recovery_counts_show_at_the_threshold(org, approved, settings):
    settings.REHAT_MIN_GROUP = 1
    response = client_for(org, "hr").get("/cuti/sdm/rekap.csv", PERIOD)
    lines = response.content.decode().splitlines()
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["<1", "1", "2", "3"]


@pytest.mark.django_db
def test_a_total_below_the_threshold_is_hidden(org, approved, settings):
    settings.REHAT_MIN_GROUP = 4
    response = client_for(org, "hr").get("/cuti/sdm/rekap.csv", PERIOD)
    assert response.content.decode().splitlines()[-1] == ",Jumlah,1,3,0,0,4,5,0,0,0,0,0,0,<4"


@pytest.mark.django_db
def test_a_type_filter_keeps_recovery_inside_sick_leave(org, approved):
    client = client_for(org, "hr")
    response = client.get("/cuti/sdm/rekap.csv", {**PERIOD, "leave_type": "sakit"})
    assert response.content.decode() == (
        "kode unit,unit kerja,Cuti sakit: permohonan,Cuti sakit: hari kerja,"
        "di antaranya pemulihan\n"
        "ALFA,Dinas Alfa,1,2,<2\n"
        "ALFA1,Bidang Alfa Satu,1,1,<2\n"
        "BETA,Dinas Beta,2,2,<2\n"
        ",Jumlah,4,5,3\n"
    )
    response = client.get("/cuti/sdm/rekap.csv", {**PERIOD, "leave_type": "tahunan"})
    assert response.content.decode() == (
        "kode unit,unit kerja,Cuti tahunan: permohonan,Cuti tahunan: hari kerja\n"
        "ALFA1,Bidang Alfa Satu,1,3\n"
        ",Jumlah,1,3\n"
    )
    # Recovery leave alone is not a filter.
    response = client.get("/cuti/sdm/", {**PERIOD, "leave_type": "pemulihan"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_unit_filter_takes_its_subtree(org, approved):
    response = client_for(org, "hr").get("/cuti/sdm/", {**PERIOD, "unit": "ALFA"})
    assert [r.unit_code for r in response.context["summary"].rows] == ["ALFA", "ALFA1"]
    assert len(response.context["rows"]) == 4  # the rejected request is listed, not counted


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "counted"),
    [
        ("2026-03-02", "2026-03-02", 1),  # both ends inclusive
        ("2026-03-03", "2026-04-06", 1),
        ("2026-03-03", "2026-04-05", 0),
        ("2026-02-27", "2026-02-27", 1),  # runs into March, counted by its first day
    ],
)
def test_the_period_is_inclusive_and_counts_requests_by_their_first_day(
    org, approved, start, end, counted
):
    response = client_for(org, "hr").get("/cuti/sdm/", {"start": start, "end": end})
    summary = response.context["summary"]
    assert sum(n for n, _days in summary.totals()) == counted


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"start": "2026-06-30", "end": "2026-03-01"},
            "end",
            "Tanggal akhir tidak boleh sebelum tanggal awal.",
        ),
        ({"start": "2026-03-01"}, "end", "Isi juga tanggal akhir."),
        ({"end": "2026-03-01"}, "start", "Isi juga tanggal awal."),
        (
            {"start": "2016-01-02", "end": "2026-01-02"},
            "end",
            "Rentang paling panjang sepuluh tahun.",
        ),
    ],
)
def test_a_bad_period_is_explained(org, query, field, message):
    client = client_for(org, "hr")
    response = client.get("/cuti/sdm/", query)
    assert response.status_code == 400
    assert [str(e) for e in response.context["form"].errors[field]] == [message]
    assert "summary" not in response.context
    response = client.get("/cuti/sdm/rekap.csv", query)
    assert response.status_code == 400
    assert response.content.decode() == message


@pytest.mark.django_db
def test_a_date_that_is_not_a_date_is_refused(org):
    response = client_for(org, "hr").get("/cuti/sdm/", {"start": "31-02-2026", "end": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"start", "end"}


@pytest.mark.django_db
def test_the_longest_period_is_accepted(org):
    response = client_for(org, "hr").get("/cuti/sdm/", {"start": "2016-01-02", "end": "2026-01-01"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_no_hr_page_nor_the_csv_shows_a_reason(org, leave_data):
    """Even medical HR reads a reason only on its own audited page, never on these."""
    for request in leave_data.values():
        request.status = "approved"
        request.save(update_fields=["status"])
    BalanceAdjustment.objects.create(employee=org.employee, year=2026, workdays=1, note="x")
    assert MedicalReader.objects.filter(user=org.hr.user).exists()
    start = min(r.start for r in leave_data.values())
    period = {"start": start.isoformat(), "end": (start + datetime.timedelta(days=60)).isoformat()}
    client = client_for(org, "hr")
    pages = [
        ("/cuti/sdm/", period),
        ("/cuti/sdm/", {**period, "leave_type": "sakit"}),
        ("/cuti/sdm/rekap.csv", period),
        ("/cuti/sdm/rekap.csv", {**period, "leave_type": "sakit"}),
        ("/cuti/sdm/pejabat/", {}),
        ("/cuti/sdm/kesehatan/", {}),
        ("/cuti/sdm/kebijakan/", {}),
        ("/cuti/sdm/aturan/", {}),
        ("/cuti/sdm/pegawai/", {"q": org.employee.nip}),
        (f"/cuti/sdm/pegawai/{org.employee.user.code}/", {}),
    ]
    for url, query in pages:
        response = client.get(url, query)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert REASON not in body, url
        assert "surat-psikolog" not in body, url
    csv_body = client.get("/cuti/sdm/rekap.csv", period).content.decode()
    assert "pemulihan" not in csv_body.splitlines()[1]
