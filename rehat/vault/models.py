"""The server's view of a vault: ciphertext, salts and key-derivation parameters only.

The browser derives keys and encrypts (rehat/static/rehat/vault.js, docs/vault.md).
Nothing here can be decrypted on the server: there is no plaintext field, and the
items carry no timestamps (dates live inside the ciphertext).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Employee


class Vault(models.Model):
    employee = models.OneToOneField(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="vault"
    )
    # PBKDF2-SHA-256 over the passphrase; the browser always uses these stored values.
    kdf_iterations = models.PositiveIntegerField(_("iterasi PBKDF2"))
    kdf_salt = models.CharField(_("garam frasa sandi"), max_length=96)
    # The vault key (AES-256-GCM) wrapped by the passphrase key: base64(iv ‖ ciphertext).
    wrapped_key = models.CharField(_("kunci terbungkus"), max_length=128)
    # The same vault key wrapped by a key from the recovery code; replaced on each use.
    recovery_id = models.UUIDField(_("ID kode pemulihan"), default=uuid.uuid4)
    recovery_salt = models.CharField(_("garam kode pemulihan"), max_length=96)
    recovery_wrapped_key = models.CharField(_("kunci terbungkus pemulihan"), max_length=128)
    # Bumped on every key change, so two tabs cannot overwrite each other's keys.
    version = models.PositiveIntegerField(_("versi kunci"), default=1)
    # Write budget (docs/vault.md): requests counted since `writes_since`.
    writes = models.PositiveIntegerField(default=0)
    writes_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("brankas")
        verbose_name_plural = _("brankas")

    def __str__(self) -> str:
        return f"Brankas #{self.pk}"


class Item(models.Model):
    """One encrypted record (a journal entry or a saved check-in result)."""

    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="items")
    # Chosen by the browser, which binds it into the ciphertext as associated data.
    code = models.UUIDField(unique=True)
    revision = models.PositiveIntegerField(default=1)
    ciphertext = models.TextField()

    class Meta:
        verbose_name = _("isi brankas")
        verbose_name_plural = _("isi brankas")

    def __str__(self) -> str:
        return str(self.code)
