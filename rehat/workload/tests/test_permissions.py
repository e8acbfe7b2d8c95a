"""Every workload view × every persona → the exact status code. HR edits; admins read all;
leaders read their subtree (Dinas Alfa and Bidang Alfa Satu for `leader`)."""

import pytest

from rehat.tests.personas import PERSONAS, client_for
from rehat.workload.tests.factories import make_duty, make_position

BOTH = ["default", "anonymous"]

LOGIN = 302


def expect(default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    codes = dict.fromkeys(PERSONAS, default)
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


READ_ALL = {"leader": 200, "other_leader": 200, "hr": 200, "admin": 200}
READ_ALFA = {"leader": 200, "other_leader": 404, "hr": 200, "admin": 200}
READ_BETA = {"leader": 404, "other_leader": 200, "hr": 200, "admin": 200}


def _matrix(org):
    alfa = make_position(unit=org.alfa_satu)
    make_duty(position=alfa)
    beta = make_position(unit=org.beta, name="Pranata Komputer")
    doomed = make_position(unit=org.alfa_satu, name="Arsiparis")
    duty_form = {
        "duty-TOTAL_FORMS": "1",
        "duty-INITIAL_FORMS": "0",
        "duty-0-description": "Menyusun laporan",
        "duty-0-result_unit": "Laporan",
        "duty-0-volume": "12",
        "duty-0-minutes": "2400",
        "incumbents": "",
    }
    return [
        ("get", "/beban-kerja/", {}, expect(403, **READ_ALL)),
        ("get", "/beban-kerja/unit/ALFA1/", {}, expect(403, **READ_ALFA)),
        ("get", "/beban-kerja/unit/BETA/", {}, expect(403, **READ_BETA)),
        (
            "get",
            "/beban-kerja/unit/NOPE/",
            {},
            expect(403, leader=404, other_leader=404, hr=404, admin=404),
        ),
        ("get", f"/beban-kerja/jabatan/{alfa.code}/", {}, expect(403, **READ_ALFA)),
        ("get", f"/beban-kerja/jabatan/{beta.code}/", {}, expect(403, **READ_BETA)),
        (
            "post",
            f"/beban-kerja/jabatan/{alfa.code}/simulasi/",
            duty_form,
            expect(403, **READ_ALFA),
        ),
        (
            "post",
            f"/beban-kerja/jabatan/{beta.code}/simulasi/",
            duty_form,
            expect(403, **READ_BETA),
        ),
        (
            "post",
            f"/beban-kerja/jabatan/{alfa.code}/",
            duty_form,
            expect(403, leader=403, other_leader=404, hr=302, admin=403),
        ),
        (
            "post",
            "/beban-kerja/unit/ALFA1/jabatan/baru/",
            {"name": "Jabatan Baru"},
            expect(403, hr=302),
        ),
        ("get", f"/beban-kerja/jabatan/{alfa.code}/ubah/", {}, expect(403, hr=200)),
        ("post", f"/beban-kerja/jabatan/{doomed.code}/hapus/", {}, expect(403, hr=302)),
        ("get", "/beban-kerja/pengaturan/", {}, expect(403, hr=200)),
        ("get", "/beban-kerja/impor/", {}, expect(403, hr=200)),
        ("get", "/beban-kerja/impor/templat.xlsx", {}, expect(403, hr=200)),
        ("get", "/beban-kerja/impor/templat-formulir.xlsx", {}, expect(403, hr=200)),
        ("get", "/beban-kerja/ekspor/form-d.xlsx", {}, expect(403, **READ_ALL)),
        ("get", "/beban-kerja/ekspor/data.csv", {}, expect(403, **READ_ALL)),
        ("get", "/beban-kerja/ekspor/data.csv?unit=BETA", {}, expect(403, **READ_BETA)),
    ]


@pytest.mark.django_db(databases=BOTH)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_workload_view_answers_each_persona_exactly(org, persona):
    client = client_for(org, persona)
    got, want = {}, {}
    for method, url, data, codes in _matrix(org):
        response = client.post(url, data) if method == "post" else client.get(url)
        got[f"{method} {url}"] = response.status_code
        want[f"{method} {url}"] = codes[persona]
    assert got == want


@pytest.mark.django_db(databases=BOTH)
def test_leader_overview_lists_exactly_their_subtree(org):
    make_position(unit=org.beta, name="Pranata Komputer")
    response = client_for(org, "leader").get("/beban-kerja/")
    assert [row.unit.code for row in response.context["rows"]] == ["ALFA", "ALFA1"]


@pytest.mark.django_db(databases=BOTH)
def test_leader_csv_holds_only_their_subtree(org):
    make_duty(position=make_position(unit=org.alfa_satu, name="Analis"))
    make_duty(position=make_position(unit=org.beta, name="Pranata Komputer"))
    body = client_for(org, "leader").get("/beban-kerja/ekspor/data.csv").content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert [line.split(",")[2] for line in lines[1:]] == ["Analis"]
