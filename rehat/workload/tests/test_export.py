"""Form D XLSX and the raw CSV."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from rehat.tests.personas import client_for
from rehat.workload.tests.factories import make_duty, make_position

BOTH = ["default", "anonymous"]


@pytest.mark.django_db(databases=BOTH)
def test_form_d_lists_positions_with_unit_totals(org):
    position = make_position(unit=org.alfa_satu, name="=Analis", incumbents=1)
    make_duty(position=position)
    make_duty(position=position, volume="1500", minutes="17")
    response = client_for(org, "hr").get("/beban-kerja/ekspor/form-d.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "No")
    assert rows[header + 1] == [
        1,
        "Bidang Alfa Satu",
        "'=Analis",
        54300,
        75000,
        0.72,
        1,
        1,
        0,
        0.72,
        "C",
    ]
    assert rows[header + 2][1] == "Jumlah Bidang Alfa Satu"
    assert rows[-1][1] == "Jumlah seluruhnya"


@pytest.mark.django_db(databases=BOTH)
def test_csv_has_exact_and_shown_numbers(org):
    position = make_position(unit=org.alfa_satu, name="Analis")
    make_duty(position=position, volume="1", minutes="37125")
    body = client_for(org, "hr").get("/beban-kerja/ekspor/data.csv").content.decode("utf-8-sig")
    header, line = body.strip().splitlines()
    values = dict(zip(header.split(","), line.split(","), strict=True))
    assert (
        values["kebutuhan_pegawai_tepat"],
        values["kebutuhan_pegawai"],
        values["kebutuhan_pegawai_dibulatkan"],
    ) == ("0.495000", "0.50", "1")
    assert (
        values["jumlah_pemangku"],
        values["sumber_jumlah_pemangku"],
        values["ej"],
        values["pj"],
    ) == ("0", "data pegawai", "", "")
    assert D(values["beban_kerja_menit"]) == D("37125")


@pytest.mark.django_db(databases=BOTH)
def test_form_d_heading_states_the_ej_definition_and_scale(org):
    from rehat.workload.models import Policy

    Policy.objects.create(pk=1, ej_definition="incumbent_per_required", grade_scale="four")
    position = make_position(unit=org.alfa_satu, name="Analis", incumbents=1)
    make_duty(position=position)
    make_duty(position=position, volume="1500", minutes="17")
    response = client_for(org, "hr").get("/beban-kerja/ekspor/form-d.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet["A5"].value, sheet["B5"].value] == ["EJ", "pegawai yang ada ÷ kebutuhan pegawai"]
    assert sheet["B6"].value == "A bila EJ ≥ 1.00; B bila ≥ 0.90; C bila ≥ 0.70; selain itu D"
    assert [sheet["J9"].value, sheet["K9"].value] == [1.38, "A"]
