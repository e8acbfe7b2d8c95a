import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str | None, password: str | None = None, **extra: Any) -> "User":
        user = self.model(email=self.normalize_email(email) if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who can sign in. Named people live only on the identity side."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    # No last_login column: the time of a sign-in is not ours to keep (DESIGN.md).
    last_login = None

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.name
