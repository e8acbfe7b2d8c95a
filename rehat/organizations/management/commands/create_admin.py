import getpass
import sys
from typing import Any, TextIO

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rehat.accounts.models import User
from rehat.organizations.domain.roles import grant_role
from rehat.organizations.models import Role


class Command(BaseCommand):
    help = "Create a user with the admin role (or grant it to an existing user)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = User.objects.normalize_email(options["email"])
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            stream = options.get("stdin") or sys.stdin
            password = self._password(stream if options["password_stdin"] else None)
            user = User(email=email, name=options["name"])
            try:
                validate_password(password, user)
            except ValidationError as e:
                raise CommandError(" ".join(e.messages)) from None
            user.set_password(password)
        with transaction.atomic():
            user.save()
            grant_role(actor=None, user=user, kind=Role.Kind.ADMIN, unit=None)
        self.stdout.write(f"Admin: {user.email}")

    def _password(self, stream: TextIO | None) -> str:
        if stream is not None:
            return stream.readline().rstrip("\n")
        first = getpass.getpass("Kata sandi: ")
        if first != getpass.getpass("Ulangi kata sandi: "):
            raise CommandError("Kata sandi tidak sama.")
        return first
