import pytest

from rehat.tests.personas import client_for


@pytest.mark.django_db
def test_home_redirects_each_persona_to_its_role_home(org):
    expected = {
        "employee": "/beranda/employee/",
        "leader": "/beranda/leader/",
        "counselor": "/beranda/counselor/",
        "hr": "/beranda/hr/",
        "admin": "/beranda/admin/",
    }
    for persona, url in expected.items():
        response = client_for(org, persona).get("/")
        assert response.status_code == 302
        assert response.url == url
        assert client_for(org, persona).get(url).status_code == 200
