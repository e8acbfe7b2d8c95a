import json

import pytest

from rehat.tests.personas import PERSONAS, client_for

EXPECTED = {
    "employee": 403,
    "leader": 403,
    "other_leader": 403,
    "counselor": 200,
    "hr": 200,
    "admin": 403,
    "anonymous": 302,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_instrument_detail_permissions(org, persona):
    response = client_for(org, persona).get("/instrumen/phq9/")
    assert response.status_code == EXPECTED[persona]
    if persona == "anonymous":
        assert response.url == "/masuk/?next=/instrumen/phq9/"


@pytest.mark.django_db
def test_instrument_detail_unknown_instrument_is_404(org):
    assert client_for(org, "hr").get("/instrumen/bat12/").status_code == 404
    assert client_for(org, "employee").get("/instrumen/bat12/").status_code == 403


@pytest.mark.django_db
def test_instrument_detail_shows_items_in_both_languages_with_status(org):
    html = client_for(org, "counselor").get("/instrumen/pss10/").content.decode()
    assert "In the last month, how often have you felt that things were going your way?" in html
    assert "seberapa sering Anda merasa segala sesuatu berjalan sesuai harapan Anda?" in html
    assert "terjemahan kerja, belum divalidasi" in html
    assert "Butir 4, 5, 7, 8 dinilai terbalik: nilai = 4 − jawaban." in html
    assert "Kategori hanya informatif" in html
    assert "Cohen S, Kamarck T, Mermelstein R" in html
    assert "lazim dipakai bebas, izin belum diverifikasi" in html


@pytest.mark.django_db
def test_instrument_detail_with_safety_rule_shows_crisis_resources(org):
    html = client_for(org, "hr").get("/instrumen/phq9/").content.decode()
    assert "Aturan keselamatan" in html
    assert org.counselor.user.name in html
    assert 'href="tel:119"' in html
    assert "healing119.id" in html
    assert "Tidak ada atau minimal" in html
    assert "tersimpan, belum diverifikasi" in html


@pytest.mark.django_db
def test_instrument_detail_without_safety_rule_has_no_crisis_block(org):
    html = client_for(org, "hr").get("/instrumen/who5/").content.decode()
    assert "healing119.id" not in html
    assert "28%" in html


@pytest.mark.django_db
def test_instrument_detail_says_which_texts_are_validated(org, agency_dir):
    texts = {
        "instrument": "gad2",
        "language": "id",
        "status": "validated",
        "source": "Terjemahan resmi Pfizer",
        "items": {"1": "Resmi satu", "2": "Resmi dua"},
    }
    (agency_dir / "gad2.json").write_text(json.dumps(texts))
    html = client_for(org, "hr").get("/instrumen/gad2/").content.decode()
    assert 'Resmi satu <span class="muted">(tervalidasi)</span>' in html
    assert "Terjemahan resmi Pfizer" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "instrument_id",
    ["who5", "phq2", "gad7", "cbi", "k10", "k6", "edmondson-ps7", "single-item-burnout"],
)
def test_instrument_detail_renders_every_instrument(org, instrument_id):
    response = client_for(org, "counselor").get(f"/instrumen/{instrument_id}/")
    assert response.status_code == 200
