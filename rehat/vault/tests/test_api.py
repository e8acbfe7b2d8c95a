import json

import pytest
from django.test import Client, override_settings

from rehat.audit.models import Entry
from rehat.tests.personas import PERSONAS, client_for
from rehat.vault import domain
from rehat.vault.models import Item, Vault
from rehat.vault.tests.helpers import API, b64, create, new_id, put, wrapping

pytestmark = pytest.mark.django_db

VAULT_OWNERS = ["employee", "leader", "other_leader", "counselor", "hr"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_answers_each_persona_exactly(org, persona):
    client = client_for(org, persona)
    got = {
        "get": client.get(API).status_code,
        "create": create(client).status_code,
        "put": put(client, new_id(), b64(bytes(40))).status_code,
    }
    if persona in VAULT_OWNERS:
        assert got == {"get": 200, "create": 201, "put": 200}
    elif persona == "admin":  # an account without an employee record has no vault
        assert got == {"get": 403, "create": 403, "put": 403}
    else:
        assert got == {"get": 302, "create": 302, "put": 302}


def test_api_returns_only_the_signed_in_employees_vault(org):
    mine, theirs = client_for(org, "employee"), client_for(org, "hr")
    create(mine)
    create(theirs)
    item_id = new_id()
    put(theirs, item_id, b64(bytes(40)))

    state = mine.get(API).json()
    taken = put(mine, item_id, b64(bytes(40)))
    deleted = mine.delete(f"{API}isi/{item_id}/")

    assert state["items"] == []
    assert (taken.status_code, deleted.status_code) == (409, 404)
    assert Item.objects.get(code=item_id).vault.employee == org.hr


def test_get_without_vault_reports_the_required_iterations(org):
    with override_settings(REHAT_VAULT_PBKDF2_ITERATIONS=1234):
        response = client_for(org, "employee").get(API)
    assert response.json() == {"vault": None, "items": [], "iterations": 1234}


def test_create_stores_exactly_what_the_browser_sent(org):
    client = client_for(org, "employee")
    passphrase, recovery = wrapping(), wrapping()
    body = {"iterations": 700_000, "passphrase": passphrase, "recovery": recovery}

    response = client.post(API, body, content_type="application/json")

    vault = response.json()["vault"]
    stored = Vault.objects.get(employee=org.employee)
    assert response.status_code == 201
    assert vault["kdf"] == {
        "name": "PBKDF2",
        "hash": "SHA-256",
        "iterations": 700_000,
        "salt": passphrase["salt"],
    }
    assert vault["wrapped_key"] == passphrase["wrapped_key"] == stored.wrapped_key
    assert vault["recovery"] == {
        "id": str(stored.recovery_id),
        "salt": recovery["salt"],
        "wrapped_key": recovery["wrapped_key"],
    }


def test_create_is_logged_without_content(org):
    create(client_for(org, "employee"))
    entry = Entry.objects.get()
    assert (entry.action, entry.target_type, entry.changes) == ("create", "vault.vault", {})
    assert entry.actor == org.employee.user


def test_create_refuses_fewer_iterations_than_required(org):
    response = create(client_for(org, "employee"), iterations=100_000)
    assert (response.status_code, response.json()["code"]) == (400, "kdf")
    assert Vault.objects.count() == 0


def test_create_twice_is_a_conflict(org):
    client = client_for(org, "employee")
    create(client)
    assert create(client).status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"iterations": "600000", "passphrase": wrapping(), "recovery": wrapping()},
        {"iterations": 600_000, "passphrase": wrapping()},
        {"iterations": 600_000, "passphrase": {"salt": "AA==", "wrapped_key": "x"}, "recovery": {}},
        {
            "iterations": 600_000,
            "passphrase": {**wrapping(), "wrapped_key": b64(bytes(61))},
            "recovery": wrapping(),
        },
        {
            "iterations": 600_000,
            "passphrase": {**wrapping(), "salt": "not base64!"},
            "recovery": wrapping(),
        },
    ],
)
def test_create_rejects_malformed_bodies(org, body):
    response = client_for(org, "employee").post(API, body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "malformed")


def test_api_requires_csrf(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.employee.user)
    assert create(client).status_code == 403
    assert Vault.objects.count() == 0


def test_put_creates_then_replaces_one_blob(org):
    client = client_for(org, "employee")
    create(client)
    item_id = new_id()

    first = put(client, item_id, b64(bytes(40)))
    second = put(client, item_id, b64(bytes(50)), revision=1)
    stale = put(client, item_id, b64(bytes(60)), revision=1)

    assert first.json() == {"id": item_id, "revision": 1, "ciphertext": b64(bytes(40))}
    assert second.json()["revision"] == 2
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    assert Item.objects.get(code=item_id).ciphertext == b64(bytes(50))


def test_put_of_a_deleted_blob_is_a_conflict(org):
    client = client_for(org, "employee")
    create(client)
    response = put(client, new_id(), b64(bytes(40)), revision=3)
    assert (response.status_code, response.json()["code"]) == (409, "gone")


def test_put_without_vault_is_not_found(org):
    response = put(client_for(org, "employee"), new_id(), b64(bytes(40)))
    assert (response.status_code, response.json()["code"]) == (404, "no-vault")


@pytest.mark.parametrize("item_id", ["not-a-uuid", "00000000-0000-1000-8000-000000000000"])
def test_put_rejects_ids_that_are_not_random_uuids(org, item_id):
    client = client_for(org, "employee")
    create(client)
    assert put(client, item_id, b64(bytes(40))).status_code == 400


def test_put_rejects_oversized_and_undersized_blobs(org):
    client = client_for(org, "employee")
    create(client)
    too_big = "A" * (domain.MAX_ITEM_CHARS + 4)
    assert put(client, new_id(), too_big).status_code == 400
    assert put(client, new_id(), b64(bytes(27))).status_code == 400
    assert Item.objects.count() == 0


def test_vault_refuses_items_beyond_the_limit(org, monkeypatch):
    monkeypatch.setattr(domain, "MAX_ITEMS", 2)
    client = client_for(org, "employee")
    create(client)
    put(client, new_id(), b64(bytes(40)))
    put(client, new_id(), b64(bytes(40)))
    response = put(client, new_id(), b64(bytes(40)))
    assert (response.status_code, response.json()["code"]) == (413, "full")


def test_writes_beyond_the_budget_are_throttled(org, monkeypatch):
    monkeypatch.setattr(domain, "WRITE_BUDGET", 3)
    client = client_for(org, "employee")
    create(client)
    codes = [put(client, new_id(), b64(bytes(40))).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Item.objects.count() == 3


def test_delete_removes_one_blob(org):
    client = client_for(org, "employee")
    create(client)
    keep, drop = new_id(), new_id()
    put(client, keep, b64(bytes(40)))
    put(client, drop, b64(bytes(40)))

    response = client.delete(f"{API}isi/{drop}/")

    assert response.status_code == 204
    assert [str(code) for code in Item.objects.values_list("code", flat=True)] == [keep]


def test_batch_adds_new_blobs(org):
    client = client_for(org, "employee")
    create(client)
    rows = [{"id": new_id(), "ciphertext": b64(bytes(40))} for _ in range(3)]

    response = client.post(f"{API}isi/", {"items": rows}, content_type="application/json")

    assert response.status_code == 201
    assert sorted(row["id"] for row in response.json()["items"]) == sorted(r["id"] for r in rows)
    assert Item.objects.filter(vault__employee=org.employee).count() == 3


def test_batch_rejects_duplicates_and_oversized_batches(org):
    client = client_for(org, "employee")
    create(client)
    same = new_id()
    duplicate = [{"id": same, "ciphertext": b64(bytes(40))}] * 2
    huge = [{"id": new_id(), "ciphertext": b64(bytes(40))} for _ in range(domain.MAX_BATCH + 1)]
    for rows in (duplicate, huge, []):
        response = client.post(f"{API}isi/", {"items": rows}, content_type="application/json")
        assert response.status_code == 400
    assert Item.objects.count() == 0


def test_get_returns_every_blob(org):
    client = client_for(org, "employee")
    create(client)
    ids = sorted(new_id() for _ in range(3))
    for item_id in ids:
        put(client, item_id, b64(item_id.encode()))

    items = client.get(API).json()["items"]

    assert items == [{"id": i, "revision": 1, "ciphertext": b64(i.encode())} for i in ids]


@pytest.mark.parametrize("items", [1, 3])
def test_get_takes_the_same_queries_whatever_the_number_of_blobs(
    org, items, django_assert_num_queries
):
    client = client_for(org, "employee")
    create(client)
    for _ in range(items):
        put(client, new_id(), b64(bytes(40)))
    # session, user, roles (2), employee, vault, items
    with django_assert_num_queries(7):
        client.get(API)


def test_passphrase_change_rewraps_the_key_only(org):
    client = client_for(org, "employee")
    create(client)
    put(client, new_id(), b64(bytes(40)))
    before = Vault.objects.get()
    new = wrapping()

    response = client.post(
        f"{API}kunci/",
        {"version": 1, "iterations": 650_000, "passphrase": new},
        content_type="application/json",
    )

    after = Vault.objects.get()
    assert response.status_code == 200
    assert (after.kdf_salt, after.wrapped_key, after.kdf_iterations, after.version) == (
        new["salt"],
        new["wrapped_key"],
        650_000,
        2,
    )
    assert (after.recovery_id, after.recovery_wrapped_key) == (
        before.recovery_id,
        before.recovery_wrapped_key,
    )
    assert Item.objects.get().revision == 1


def test_key_change_with_a_stale_version_is_a_conflict(org):
    client = client_for(org, "employee")
    create(client)
    body = {"version": 7, "iterations": 600_000, "passphrase": wrapping()}
    response = client.post(f"{API}kunci/", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (409, "conflict")


def test_recovery_replaces_the_recovery_copy_and_works_once(org):
    client = client_for(org, "employee")
    old = create(client).json()["vault"]
    replacement = {**wrapping(), "replaces": old["recovery"]["id"]}
    body = {
        "version": 1,
        "iterations": 600_000,
        "passphrase": wrapping(),
        "recovery": replacement,
    }

    first = client.post(f"{API}kunci/", body, content_type="application/json")
    again = client.post(f"{API}kunci/", {**body, "version": 2}, content_type="application/json")

    vault = Vault.objects.get()
    assert first.status_code == 200
    assert (again.status_code, again.json()["code"]) == (409, "recovery-used")
    assert str(vault.recovery_id) != old["recovery"]["id"]
    assert vault.recovery_wrapped_key == replacement["wrapped_key"]
    dump = json.dumps(client.get(API).json())
    assert old["recovery"]["wrapped_key"] not in dump
    assert old["recovery"]["salt"] not in dump


def test_delete_vault_needs_confirmation_and_logs(org):
    client = client_for(org, "employee")
    create(client)
    put(client, new_id(), b64(bytes(40)))

    refused = client.delete(API, {}, content_type="application/json")
    deleted = client.delete(API, {"confirm": True}, content_type="application/json")

    assert (refused.status_code, deleted.status_code) == (400, 204)
    assert (Vault.objects.count(), Item.objects.count()) == (0, 0)
    assert list(Entry.objects.order_by("id").values_list("action", "target_type")) == [
        ("create", "vault.vault"),
        ("delete", "vault.vault"),
    ]
