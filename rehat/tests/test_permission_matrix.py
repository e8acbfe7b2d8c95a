"""Every view of the foundation × every persona → the exact status code.

Personas (rehat/tests/personas.py): employee (in Bidang Alfa Satu), leader (of Dinas
Alfa), other_leader (of Dinas Beta), counselor, hr, admin, anonymous.
"""

import pytest

from rehat.tests.personas import PERSONAS, client_for

LOGIN = 302
E, L, OL, C, H, A, ANON = PERSONAS


def expect(default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    codes = dict.fromkeys(PERSONAS, default)
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def _matrix(org) -> list[tuple[str, str, dict[str, int]]]:
    someone = org.employee.user.code
    return [
        ("get", "/", expect(302)),
        ("get", "/masuk/", expect(302, anonymous=200)),
        ("get", "/profil/", expect(200)),
        ("get", "/kata-sandi/ubah/", expect(200)),
        ("get", "/kata-sandi/lupa/", expect(200, anonymous=200)),
        ("get", "/beranda/employee/", expect(200, admin=403)),
        ("get", "/beranda/leader/", expect(403, leader=200, other_leader=200)),
        ("get", "/beranda/counselor/", expect(403, counselor=200)),
        ("get", "/beranda/hr/", expect(403, hr=200)),
        ("get", "/beranda/admin/", expect(403, admin=200)),
        ("get", "/beranda/nobody/", expect(404)),
        ("get", "/org/unit/", expect(403, leader=200, other_leader=200, hr=200, admin=200)),
        ("get", "/org/unit/ALFA/", expect(403, leader=200, other_leader=404, hr=200, admin=200)),
        ("get", "/org/unit/ALFA1/", expect(403, leader=200, other_leader=404, hr=200, admin=200)),
        ("get", "/org/unit/BETA/", expect(403, leader=404, other_leader=200, hr=200, admin=200)),
        ("get", "/org/unit/NOPE/", expect(403, leader=404, other_leader=404, hr=404, admin=404)),
        ("get", "/org/pegawai/", expect(403, hr=200, admin=200)),
        ("get", f"/org/pegawai/{someone}/", expect(403, hr=200, admin=200)),
        ("get", f"/org/pegawai/{someone}/peran/", expect(405, anonymous=405)),
        ("post", f"/org/pegawai/{someone}/peran/", expect(403, hr=302, admin=302)),
        ("get", "/audit/", expect(403, admin=200)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_view_answers_each_persona_exactly(org, persona):
    client = client_for(org, persona)
    form = {"action": "grant", "kind": "counselor", "unit": ""}
    got, want = {}, {}
    for method, url, codes in _matrix(org):
        response = client.post(url, form) if method == "post" else client.get(url)
        got[f"{method} {url}"] = response.status_code
        want[f"{method} {url}"] = codes[persona]
    assert got == want


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(org):
    response = client_for(org, "anonymous").get("/org/unit/")
    assert response.url == "/masuk/?next=/org/unit/"


@pytest.mark.django_db
def test_leader_sees_exactly_the_units_they_lead(org):
    response = client_for(org, "leader").get("/org/unit/")
    assert [u.code for u in response.context["units"]] == ["ALFA", "ALFA1"]


@pytest.mark.django_db
def test_leader_sees_headcounts_but_not_names(org):
    response = client_for(org, "leader").get("/org/unit/ALFA1/")
    assert response.context["show_people"] is False
    assert org.employee.user.name not in response.content.decode()


@pytest.mark.django_db
def test_hr_sees_every_unit(org):
    response = client_for(org, "hr").get("/org/unit/")
    assert [u.code for u in response.context["units"]] == ["SETDA", "ALFA", "ALFA1", "BETA"]
