from django.http import HttpRequest

from rehat.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind login_required / role_required."""

    user: User
