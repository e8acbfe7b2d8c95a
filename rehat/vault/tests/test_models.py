from rehat.vault.models import Item, Vault


def test_vault_has_no_plaintext_column():
    """A new column here must be justified in docs/vault.md: the server stores no content."""
    assert [f.name for f in Vault._meta.concrete_fields] == [
        "id",
        "employee",
        "kdf_iterations",
        "kdf_salt",
        "wrapped_key",
        "recovery_id",
        "recovery_salt",
        "recovery_wrapped_key",
        "version",
        "writes",
        "writes_since",
    ]


def test_item_is_an_opaque_blob_without_timestamps():
    assert [f.name for f in Item._meta.concrete_fields] == [
        "id",
        "vault",
        "code",
        "revision",
        "ciphertext",
    ]
