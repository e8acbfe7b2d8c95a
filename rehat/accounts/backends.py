from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from rehat.accounts.models import User
from rehat.organizations.domain.nip import normalize_nip


class NipOrEmailBackend(ModelBackend):
    """Sign in with a NIP / NI PPPK (spaces and dots allowed) or an email address."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        identifier = username.strip()
        user: User | None
        if "@" in identifier:
            user = User.objects.filter(email__iexact=identifier).first()
        else:
            user = User.objects.filter(employee__nip=normalize_nip(identifier)).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
