import pytest

from rehat.audit.models import Entry
from rehat.organizations.domain.roles import LastAdminError, revoke_role
from rehat.organizations.models import Role
from rehat.tests.personas import client_for


def _roles(user):
    return sorted((r.kind, r.unit.code if r.unit else None) for r in Role.objects.filter(user=user))


@pytest.mark.django_db
def test_hr_makes_an_employee_leader_of_a_unit(org):
    url = f"/org/pegawai/{org.employee.user.code}/peran/"
    response = client_for(org, "hr").post(
        url, {"action": "grant", "kind": "leader", "unit": "ALFA1"}
    )
    assert response.status_code == 302
    assert _roles(org.employee.user) == [("leader", "ALFA1")]
    entry = Entry.objects.get(action="grant", target_id=str(org.employee.user.pk))
    assert entry.actor_name == org.hr.user.name
    assert entry.changes == {"role": "leader", "unit": "ALFA1"}


@pytest.mark.django_db
def test_leader_role_needs_a_unit(org):
    url = f"/org/pegawai/{org.employee.user.code}/peran/"
    response = client_for(org, "hr").post(url, {"action": "grant", "kind": "leader", "unit": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"unit": ["Pilih unit yang dipimpin."]}
    assert _roles(org.employee.user) == []


@pytest.mark.django_db
def test_hr_cannot_hand_out_the_admin_role(org):
    url = f"/org/pegawai/{org.employee.user.code}/peran/"
    response = client_for(org, "hr").post(url, {"action": "grant", "kind": "admin"})
    assert response.status_code == 400
    assert _roles(org.employee.user) == []


@pytest.mark.django_db
def test_admin_can_hand_out_the_admin_role(org):
    url = f"/org/pegawai/{org.employee.user.code}/peran/"
    response = client_for(org, "admin").post(url, {"action": "grant", "kind": "admin"})
    assert response.status_code == 302
    assert _roles(org.employee.user) == [("admin", None)]


@pytest.mark.django_db
def test_revoking_writes_the_audit_log(org):
    url = f"/org/pegawai/{org.counselor.user.code}/peran/"
    response = client_for(org, "hr").post(url, {"action": "revoke", "kind": "counselor"})
    assert response.status_code == 302
    assert _roles(org.counselor.user) == []
    assert Entry.objects.filter(action="revoke", target_id=str(org.counselor.user.pk)).count() == 1


@pytest.mark.django_db
def test_the_last_admin_keeps_the_role(org):
    with pytest.raises(LastAdminError):
        revoke_role(actor=org.admin, user=org.admin, kind="admin", unit=None)
    assert _roles(org.admin) == [("admin", None)]


@pytest.mark.django_db
def test_employee_list_filters_by_name_and_unit(org):
    client = client_for(org, "hr")
    response = client.get("/org/pegawai/", {"q": org.employee.user.name})
    assert [e.pk for e in response.context["page"]] == [org.employee.pk]
    response = client.get("/org/pegawai/", {"unit": "BETA"})
    assert [e.pk for e in response.context["page"]] == [org.other_leader.pk]


@pytest.mark.django_db
def test_employee_list_answers_htmx_with_the_results_partial(org):
    response = client_for(org, "hr").get(
        "/org/pegawai/", {"q": "x"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [1, 3])
def test_employee_list_query_count_does_not_grow_with_rows(org, django_assert_num_queries, extra):
    from rehat.tests.factories import make_employee

    for _ in range(extra):
        make_employee(unit=org.beta)
    client = client_for(org, "hr")
    # session, user, roles, employee check, unit choices, count, page
    with django_assert_num_queries(7):
        client.get("/org/pegawai/")


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [1, 3])
def test_unit_list_query_count_does_not_grow_with_rows(org, django_assert_num_queries, extra):
    from rehat.tests.factories import make_unit

    for _ in range(extra):
        make_unit(parent=org.beta)
    client = client_for(org, "hr")
    with django_assert_num_queries(5):
        client.get("/org/unit/")


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [1, 3])
def test_audit_list_query_count_does_not_grow_with_rows(org, django_assert_num_queries, extra):
    from rehat.audit.domain import log_action

    for _ in range(extra):
        log_action(actor=org.admin, action="update", target=org.beta)
    client = client_for(org, "admin")
    with django_assert_num_queries(6):
        client.get("/audit/")
