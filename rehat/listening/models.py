import uuid

from django.conf import settings
from django.db import models


class CounselorKey(models.Model):
    """A counselor's X25519 key pair; the private half is wrapped with a key derived
    from their password (Argon2id), so the server cannot use it between sign-ins."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counselor_key"
    )
    public_key = models.BinaryField(max_length=32)
    key_salt = models.BinaryField(max_length=16)
    wrapped_private_key = models.BinaryField()

    def __str__(self) -> str:
        return str(self.user)


class TeamKeyGrant(models.Model):
    """The private half of team key `version`, sealed to one counselor's public key."""

    counselor_key = models.ForeignKey(CounselorKey, on_delete=models.CASCADE, related_name="grants")
    version = models.PositiveIntegerField()
    sealed_private_key = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["counselor_key", "version"], name="one_grant_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.counselor_key} v{self.version}"


class TotpDevice(models.Model):
    """The second factor (RFC 6238 TOTP); the shared secret is sealed at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp"
    )
    sealed_secret = models.BinaryField()
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=0)  # refuses a code used before

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """Which counselor holds a conversation (after a hand-over); counselors only."""

    conversation = models.UUIDField(unique=True)
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.conversation)


class Note(models.Model):
    """A counselor's private note on a conversation, sealed to the team key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.UUIDField(db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team_key_version = models.PositiveIntegerField()
    sealed = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return str(self.id)
