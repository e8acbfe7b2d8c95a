import io

import pytest
from django.core.management import CommandError, call_command

from rehat.accounts.models import User
from rehat.audit.models import Entry
from rehat.organizations.permissions import roles_of


@pytest.mark.django_db
def test_create_admin_makes_a_user_with_the_admin_role():
    stdin = io.StringIO("Kuat-Sekali-2026\n")
    call_command(
        "create_admin", email="ops@contoh.go.id", name="Operator", password_stdin=True, stdin=stdin
    )
    user = User.objects.get(email="ops@contoh.go.id")
    assert roles_of(user) == frozenset({"admin"})
    assert user.check_password("Kuat-Sekali-2026")
    assert Entry.objects.filter(action="grant", target_id=str(user.pk)).count() == 1


@pytest.mark.django_db
def test_create_admin_refuses_a_weak_password():
    with pytest.raises(CommandError):
        call_command(
            "create_admin",
            email="ops@contoh.go.id",
            name="Operator",
            password_stdin=True,
            stdin=io.StringIO("12345\n"),
        )
    assert not User.objects.exists()
