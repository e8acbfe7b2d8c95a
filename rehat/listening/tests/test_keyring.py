import pytest

from rehat.conversations.models import TeamKey
from rehat.lib import boxes
from rehat.listening.domain.keyring import (
    forget_counselor_key,
    rewrap_counselor_key,
    sync_team,
    unlock_keyring,
)
from rehat.listening.models import CounselorKey, TeamKeyGrant
from rehat.tests.factories import PASSWORD, make_employee, make_role

ALL = ["default", "anonymous"]


def _open_with_team(keyring, message: bytes) -> bytes:
    current = TeamKey.objects.get(is_current=True)
    sealed = boxes.seal(message, public_key=bytes(current.public_key))
    return boxes.open_sealed(sealed, private_key=keyring.team[current.version])


@pytest.mark.django_db(databases=ALL)
def test_the_first_counselor_creates_the_team_key(org):
    keyring = sync_team(
        keyring=unlock_keyring(user=org.counselor.user, password=PASSWORD), actor=org.counselor.user
    )
    assert list(TeamKey.objects.values_list("version", "is_current")) == [(1, True)]
    assert _open_with_team(keyring, b"halo") == b"halo"
    again = unlock_keyring(user=org.counselor.user, password=PASSWORD)
    assert again.team == keyring.team


@pytest.mark.django_db(databases=ALL)
def test_a_wrong_password_opens_nothing(org):
    unlock_keyring(user=org.counselor.user, password=PASSWORD)
    with pytest.raises(boxes.BoxError):
        unlock_keyring(user=org.counselor.user, password="salah-sekali-123")


@pytest.mark.django_db(databases=ALL)
def test_a_newcomer_gets_the_rotated_key_and_the_history(org):
    first = sync_team(
        keyring=unlock_keyring(user=org.counselor.user, password=PASSWORD), actor=org.counselor.user
    )
    newcomer = make_employee(unit=org.root)
    make_role(user=newcomer.user, kind="counselor")
    waiting = sync_team(
        keyring=unlock_keyring(user=newcomer.user, password=PASSWORD), actor=newcomer.user
    )
    assert waiting.team == {}  # nobody admitted them yet
    rotated = sync_team(keyring=first, actor=org.counselor.user)
    assert sorted(rotated.team) == [1, 2]
    admitted = unlock_keyring(user=newcomer.user, password=PASSWORD)
    assert admitted.team == rotated.team


@pytest.mark.django_db(databases=ALL)
def test_a_leaver_loses_access_and_the_key_rotates(org):
    first = sync_team(
        keyring=unlock_keyring(user=org.counselor.user, password=PASSWORD), actor=org.counselor.user
    )
    colleague = make_employee(unit=org.root)
    make_role(user=colleague.user, kind="counselor")
    unlock_keyring(user=colleague.user, password=PASSWORD)
    keyring = sync_team(keyring=first, actor=org.counselor.user)
    colleague.user.roles.all().delete()
    keyring = sync_team(keyring=keyring, actor=org.counselor.user)
    assert TeamKey.objects.get(is_current=True).version == 3
    assert not CounselorKey.objects.filter(user=colleague.user).exists()
    assert sorted(TeamKeyGrant.objects.values_list("version", flat=True)) == [1, 2, 3]


@pytest.mark.django_db(databases=ALL)
def test_password_change_rewraps_and_reset_forgets(org):
    keyring = unlock_keyring(user=org.counselor.user, password=PASSWORD)
    rewrap_counselor_key(user=org.counselor.user, keyring=keyring, password="Kata-Sandi-Baru-9")
    assert unlock_keyring(
        user=org.counselor.user, password="Kata-Sandi-Baru-9"
    ).counselor_private == (keyring.counselor_private)
    forget_counselor_key(user=org.counselor.user)
    assert not CounselorKey.objects.filter(user=org.counselor.user).exists()
