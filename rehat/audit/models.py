from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """One change to people, roles or units, or one read of confidential data.

    `changes` holds field names with old and new values for plain fields only;
    callers never pass passwords or health data (audit.domain strips them too).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("dibuat")
        UPDATE = "update", _("diubah")
        DELETE = "delete", _("dihapus")
        GRANT = "grant", _("peran diberikan")
        REVOKE = "revoke", _("peran dicabut")
        IMPORT = "import", _("impor diterapkan")
        READ = "read", _("dibaca")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("jenis objek"), max_length=50, db_index=True)
    target_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=200, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("entri audit")

    def __str__(self) -> str:
        return f"{self.action} {self.target_type} {self.target_repr}"
