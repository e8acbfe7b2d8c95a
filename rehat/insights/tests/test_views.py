import io

import pytest
from pypdf import PdfReader

from rehat.insights.models import ActionPlan, Alert, PlanHelpful, Report
from rehat.tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])

LOGIN = 302


def expect(default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    codes = dict.fromkeys(PERSONAS, default)
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def matrix(plan_code: str) -> list[tuple[str, str, dict[str, int]]]:
    return [
        ("get", "/wawasan/", expect(403, leader=302, other_leader=302, hr=302)),
        ("get", "/wawasan/sdm/", expect(403, hr=200)),
        ("get", "/wawasan/sdm/?unit=ALFA", expect(403, hr=200)),
        ("get", "/wawasan/sdm/?unit=NOPE", expect(403, hr=404)),
        ("get", "/wawasan/unit/ALFA/", expect(403, leader=200, other_leader=404, hr=200)),
        ("get", "/wawasan/unit/ALFA1/", expect(403, leader=200, other_leader=404, hr=200)),
        ("get", "/wawasan/unit/BETA/", expect(403, leader=404, other_leader=200, hr=200)),
        ("get", "/wawasan/unit/NOPE/", expect(403, leader=404, other_leader=404, hr=404)),
        ("post", "/wawasan/unit/ALFA/rencana/", expect(403, leader=302, other_leader=404)),
        ("get", "/wawasan/kami-mendengar/", expect(200, admin=403)),
        (
            "post",
            f"/wawasan/kami-mendengar/{plan_code}/membantu/",
            # Only people in Alfa's subtree; the leader works in Alfa too.
            expect(404, leader=302, employee=302, admin=403),
        ),
        ("get", "/wawasan/rilis.csv", expect(403, leader=200, other_leader=200, hr=200)),
        ("get", "/wawasan/rilis.csv?unit=BETA", expect(403, leader=404, other_leader=200, hr=200)),
        ("get", "/wawasan/laporan/", expect(403, leader=200, other_leader=200, hr=200)),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_insights_view_answers_each_persona_exactly(released, persona):
    plan = ActionPlan.objects.create(
        unit=released.alfa, heard="Beban", will_do="Rapat", due="2026-04-01"
    )
    client = client_for(released, persona)
    form = {
        "heard": "Banyak yang lelah",
        "will_do": "Tidak ada rapat Jumat sore",
        "due": "2026-04-30",
    }
    got, want = {}, {}
    for method, url, codes in matrix(str(plan.code)):
        response = client.post(url, form) if method == "post" else client.get(url)
        got[f"{method} {url}"] = response.status_code
        want[f"{method} {url}"] = codes[persona]
    assert got == want


def test_unit_dashboard_speaks_indonesian_sentences_from_released_rows(released):
    response = client_for(released, "leader").get("/wawasan/unit/ALFA/")

    page = response.context["page"]
    assert page.summary.sentences[0].startswith(
        "Dari sekitar 36 orang di unit Anda yang mengisi cek kabar minggu ke-10 2026, kira-kira "
        "67 % merasa kesejahteraannya rendah (WHO-5 ≤ 50; rentang "
    )
    assert [h[0] for h in page.summary.helps][:2] == [
        "Waktu istirahat atau cuti pemulihan",
        "Didengarkan tanpa dihakimi",
    ]
    assert len(page.trend.dots) == 3
    assert "150.0" in response.content.decode()  # SVG coordinates are never localised


def test_unit_dashboard_hides_a_suppressed_unit(released):
    response = client_for(released, "other_leader").get("/wawasan/unit/BETA/")

    page = response.context["page"]
    assert page.summary.sentences == []
    assert page.trend.dots == []
    assert "tidak ditampilkan" in response.content.decode()


def test_hr_dashboard_heat_map_follows_the_unit_tree(released):
    response = client_for(released, "hr").get("/wawasan/sdm/?unit=SETDA")

    rows = response.context["rows"]
    assert [r.unit.code for r in rows] == ["SETDA", "ALFA", "BETA"]
    assert [c[0] for c in rows[2].cells] == ["heat-none"] * 3
    assert rows[1].cells[-1][1] == "53"


def test_hr_dashboard_htmx_returns_the_heat_partial(released):
    response = client_for(released, "hr").get(
        "/wawasan/sdm/?metric=burnout_share&periods=26", headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="heat"')
    assert "<html" not in body


def test_plan_flow_leader_writes_employee_reads_and_marks_helpful(released):
    client_for(released, "leader").post(
        "/wawasan/unit/ALFA/rencana/",
        {
            "heard": "Banyak yang lelah",
            "will_do": "Tidak ada rapat Jumat sore",
            "due": "2026-04-30",
        },
    )
    plan = ActionPlan.objects.get()
    employee = client_for(released, "employee")

    page = employee.get("/wawasan/kami-mendengar/")
    employee.post(f"/wawasan/kami-mendengar/{plan.code}/membantu/")
    employee.post(f"/wawasan/kami-mendengar/{plan.code}/membantu/")

    assert [p.will_do for p in page.context["plans"]] == ["Tidak ada rapat Jumat sore"]
    assert PlanHelpful.objects.filter(plan=plan).count() == 1
    hr = client_for(released, "hr").get("/wawasan/sdm/?unit=SETDA")
    assert hr.context["plans"] == {released.alfa.pk: 1}


def test_plan_for_another_unit_is_invisible_to_the_employee(released):
    ActionPlan.objects.create(unit=released.beta, heard="x", will_do="y", due="2026-04-01")

    page = client_for(released, "employee").get("/wawasan/kami-mendengar/")

    assert list(page.context["plans"]) == []


def test_csv_export_has_released_rows_only_for_the_leaders_subtree(released):
    response = client_for(released, "leader").get("/wawasan/rilis.csv")

    lines = response.content.decode().splitlines()
    assert lines[0].startswith("period,scope,unit,parent,suppressed,n,who5_mean")
    assert {line.split(",")[2] for line in lines[1:]} == {"ALFA", "ALFA1"}


def test_report_is_generated_in_the_background_with_progress(
    released, django_capture_on_commit_callbacks
):
    client = client_for(released, "leader")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/wawasan/laporan/", {"unit": "ALFA"})

    report = Report.objects.get()
    assert response.url == f"/wawasan/laporan/{report.code}/"
    assert (report.status, report.progress) == ("done", 100)
    progress = client.get(response.url, headers={"HX-Request": "true"})
    assert "Unduh PDF" in progress.content.decode()
    pdf = client.get(f"/wawasan/laporan/{report.code}/unduh/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dinas Alfa" in text
    assert "Catatan metode" in text
    assert "derau" in text


def test_report_of_someone_else_is_not_found(released):
    client_for(released, "leader").post("/wawasan/laporan/", {"unit": "ALFA"})
    report = Report.objects.get()

    response = client_for(released, "hr").get(f"/wawasan/laporan/{report.code}/")

    assert response.status_code == 404


def test_reports_list_shows_only_my_own_reports_newest_first(released):
    leader = client_for(released, "leader")
    leader.post("/wawasan/laporan/", {"unit": "ALFA1"})
    leader.post("/wawasan/laporan/", {"unit": "ALFA"})
    client_for(released, "hr").post("/wawasan/laporan/", {"unit": ""})

    response = leader.get("/wawasan/laporan/")

    assert [r.unit.code for r in response.context["reports"]] == ["ALFA", "ALFA1"]
    assert "Seluruh instansi" not in response.content.decode()


def test_unit_dashboard_lists_the_units_alerts_in_words(released):
    Alert.objects.create(
        unit=released.alfa,
        metric=Alert.Metric.HIGH_BURNOUT,
        periods=["pulse-2026-W08", "pulse-2026-W09", "pulse-2026-W10"],
        last_period="pulse-2026-W10",
        values=[0.5, 0.6, 0.55],
    )
    Alert.objects.create(
        unit=released.beta, metric=Alert.Metric.HIGH_BURNOUT, last_period="pulse-2026-W10"
    )

    response = client_for(released, "leader").get("/wawasan/unit/ALFA/")

    assert [(a.unit.code, until) for a, until in response.context["alerts"]] == [
        ("ALFA", "minggu ke-10 2026")
    ]
    assert (
        "Kelelahan kerja tinggi berturut-turut: 3 periode rilis, terakhir "
        "minggu ke-10 2026." in response.content.decode()
    )


def test_plans_partial_for_a_home_page_lists_plans_with_the_helpful_button(released):
    plan = ActionPlan.objects.create(
        unit=released.alfa, heard="Rapat malam", will_do="Rapat selesai 16.00", due="2026-04-01"
    )

    response = client_for(released, "employee").get(
        "/wawasan/kami-mendengar/", headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<article class="card plan">')
    assert f'action="/wawasan/kami-mendengar/{plan.code}/membantu/"' in body
    assert "<html" not in body
