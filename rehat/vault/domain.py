"""Vault rules: limits, the write budget, key changes and blob storage.

Every function receives values the API has already checked for shape (base64, sizes);
here live the rules that need the database: one vault per employee, optimistic
versions, item counts, the write budget and the audit entries.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.organizations.models import Employee
from rehat.responses.phrases import ScoreSummary, summarize_scores
from rehat.vault.models import Item, Vault

# OWASP's 2023 floor for PBKDF2-HMAC-SHA256. Tests lower it only through the
# REHAT_VAULT_PBKDF2_ITERATIONS setting, never through an environment variable.
PBKDF2_ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000
# The browser locks the vault after this much inactivity.
IDLE_SECONDS = 10 * 60
# A journal entry is at most a few thousand characters; 64 KiB of base64 leaves room.
MAX_ITEM_CHARS = 65_536
MAX_ITEMS = 5_000
MAX_TOTAL_CHARS = 40 * 1024 * 1024
# Writes (one request each; an import batch counts once) per window.
WRITE_BUDGET = 120
WRITE_WINDOW = datetime.timedelta(minutes=10)
MAX_BATCH = 100


def required_iterations() -> int:
    value: int = getattr(settings, "REHAT_VAULT_PBKDF2_ITERATIONS", PBKDF2_ITERATIONS)
    return value


def idle_seconds() -> int:
    value: int = getattr(settings, "REHAT_VAULT_IDLE_SECONDS", IDLE_SECONDS)
    return value


class VaultError(Exception):
    def __init__(self, message: str, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


@dataclass(frozen=True)
class Keys:
    """One wrapping of the vault key, as the browser sends it (already shape-checked)."""

    salt: str
    wrapped_key: str


class VaultDict(TypedDict):
    kdf: dict[str, str | int]
    wrapped_key: str
    recovery: dict[str, str]
    version: int


class ItemDict(TypedDict):
    id: str
    revision: int
    ciphertext: str


def vault_to_dict(vault: Vault) -> VaultDict:
    return {
        "kdf": {
            "name": "PBKDF2",
            "hash": "SHA-256",
            "iterations": vault.kdf_iterations,
            "salt": vault.kdf_salt,
        },
        "wrapped_key": vault.wrapped_key,
        "recovery": {
            "id": str(vault.recovery_id),
            "salt": vault.recovery_salt,
            "wrapped_key": vault.recovery_wrapped_key,
        },
        "version": vault.version,
    }


def item_to_dict(item: Item) -> ItemDict:
    return {"id": str(item.code), "revision": item.revision, "ciphertext": item.ciphertext}


def get_vault(*, employee: Employee) -> Vault | None:
    return Vault.objects.filter(employee=employee).first()


def _locked_vault(employee: Employee) -> Vault:
    vault = Vault.objects.select_for_update().filter(employee=employee).first()
    if vault is None:
        raise VaultError(_("Anda belum membuat brankas."), "no-vault", 404)
    return vault


def _charge_write(vault: Vault) -> None:
    """Count one write against the budget, or refuse it; the vault row is locked."""
    now = timezone.now()
    if vault.writes_since is None or now - vault.writes_since >= WRITE_WINDOW:
        vault.writes, vault.writes_since = 0, now
    if vault.writes >= WRITE_BUDGET:
        raise VaultError(
            _("Terlalu banyak perubahan dalam waktu singkat. Coba lagi beberapa menit lagi."),
            "throttled",
            429,
        )
    vault.writes += 1
    vault.save(update_fields=["writes", "writes_since"])


def create_vault(*, employee: Employee, iterations: int, passphrase: Keys, recovery: Keys) -> Vault:
    if not required_iterations() <= iterations <= MAX_ITERATIONS:
        raise VaultError(_("Parameter kunci brankas tidak sesuai."), "kdf", 400)
    try:
        with transaction.atomic():
            vault = Vault.objects.create(
                employee=employee,
                kdf_iterations=iterations,
                kdf_salt=passphrase.salt,
                wrapped_key=passphrase.wrapped_key,
                recovery_salt=recovery.salt,
                recovery_wrapped_key=recovery.wrapped_key,
            )
            log_action(actor=employee.user, action=Entry.Action.CREATE, target=vault)
    except IntegrityError:
        raise VaultError(_("Anda sudah memiliki brankas."), "exists", 409) from None
    return vault


@transaction.atomic
def change_keys(
    *,
    employee: Employee,
    version: int,
    passphrase: Keys,
    iterations: int,
    recovery: Keys | None = None,
    recovery_id: str = "",
) -> Vault:
    """Re-wrap the vault key (passphrase change, or recovery); the data stays as it is.

    After a recovery the old recovery copy is overwritten, so the old code opens nothing.
    """
    vault = _locked_vault(employee)
    if vault.version != version:
        raise VaultError(
            _("Brankas diubah di tab atau perangkat lain. Muat ulang halaman ini."), "conflict", 409
        )
    if recovery is not None and str(vault.recovery_id) != recovery_id:
        raise VaultError(_("Kode pemulihan ini sudah tidak berlaku."), "recovery-used", 409)
    if not required_iterations() <= iterations <= MAX_ITERATIONS:
        raise VaultError(_("Parameter kunci brankas tidak sesuai."), "kdf", 400)
    _charge_write(vault)
    vault.kdf_iterations = iterations
    vault.kdf_salt = passphrase.salt
    vault.wrapped_key = passphrase.wrapped_key
    fields = ["kdf_iterations", "kdf_salt", "wrapped_key", "version"]
    if recovery is not None:
        vault.recovery_id = uuid.uuid4()
        vault.recovery_salt = recovery.salt
        vault.recovery_wrapped_key = recovery.wrapped_key
        fields += ["recovery_id", "recovery_salt", "recovery_wrapped_key"]
    vault.version += 1
    vault.save(update_fields=fields)
    return vault


def _check_room(vault: Vault, *, new_items: int, new_chars: int) -> None:
    totals = Item.objects.filter(vault=vault).aggregate(
        size=Sum(Length("ciphertext")), count=Count("pk")
    )
    if (totals["count"] or 0) + new_items > MAX_ITEMS:
        raise VaultError(_("Brankas Anda sudah penuh."), "full", 413)
    if (totals["size"] or 0) + new_chars > MAX_TOTAL_CHARS:
        raise VaultError(_("Brankas Anda sudah penuh."), "full", 413)


@transaction.atomic
def put_item(*, employee: Employee, code: uuid.UUID, revision: int, ciphertext: str) -> Item:
    """Create (revision 0) or replace one blob; the revision must be the stored one."""
    vault = _locked_vault(employee)
    _charge_write(vault)
    item = Item.objects.filter(vault=vault, code=code).first()
    if item is None:
        if revision != 0:
            raise VaultError(_("Catatan ini sudah dihapus di tempat lain."), "gone", 409)
        _check_room(vault, new_items=1, new_chars=len(ciphertext))
        try:
            with transaction.atomic():
                return Item.objects.create(vault=vault, code=code, ciphertext=ciphertext)
        except IntegrityError:
            raise VaultError(_("ID catatan sudah dipakai."), "taken", 409) from None
    if item.revision != revision:
        raise VaultError(
            _("Catatan ini diubah di tab atau perangkat lain. Muat ulang halaman ini."),
            "conflict",
            409,
        )
    _check_room(vault, new_items=0, new_chars=len(ciphertext) - len(item.ciphertext))
    item.ciphertext = ciphertext
    item.revision += 1
    item.save(update_fields=["ciphertext", "revision"])
    return item


@transaction.atomic
def add_items(*, employee: Employee, items: Sequence[tuple[uuid.UUID, str]]) -> list[Item]:
    """Import: add new blobs in one write."""
    vault = _locked_vault(employee)
    _charge_write(vault)
    _check_room(vault, new_items=len(items), new_chars=sum(len(c) for _, c in items))
    try:
        with transaction.atomic():
            return Item.objects.bulk_create(
                [Item(vault=vault, code=code, ciphertext=ciphertext) for code, ciphertext in items]
            )
    except IntegrityError:
        raise VaultError(_("ID catatan sudah dipakai."), "taken", 409) from None


@transaction.atomic
def delete_item(*, employee: Employee, code: uuid.UUID) -> None:
    vault = _locked_vault(employee)
    _charge_write(vault)
    deleted, _rows = Item.objects.filter(vault=vault, code=code).delete()
    if not deleted:
        raise VaultError(_("Catatan ini tidak ada."), "not-found", 404)


@transaction.atomic
def delete_vault(*, employee: Employee) -> None:
    vault = _locked_vault(employee)
    log_action(actor=employee.user, action=Entry.Action.DELETE, target=vault)
    vault.delete()


# The check-in page hands the vault these (computed on the anonymous side).
__all__ = ["ScoreSummary", "summarize_scores"]
