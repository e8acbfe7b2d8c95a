"""Counselor keys, the team key and the keyring a counselor's session carries.

- Each counselor has an X25519 key pair; the private half is wrapped with Argon2id of
  their password, so it opens only at sign-in.
- The team key pair decrypts conversations. Its private half is sealed to each
  counselor's public key (TeamKeyGrant). When counselors join or leave, a counselor's
  session rotates it: a new version, granted to every current counselor; a newcomer
  also receives the older versions so that they can take over earlier conversations.
- The unwrapped keys live in the session only encrypted with a random key that sits
  in a separate HttpOnly cookie, so neither a database dump nor a stolen session row
  alone opens anything.
"""

import base64
import json
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.conversations.domain.threads import strength
from rehat.conversations.models import TeamKey
from rehat.lib import boxes
from rehat.listening.models import CounselorKey, TeamKeyGrant
from rehat.organizations.models import Role

COOKIE = "rehat_keyring"
SESSION_KEY = "rehat_keyring"


@dataclass
class Keyring:
    counselor_private: bytes
    team: dict[int, bytes] = field(default_factory=dict)

    def to_json(self) -> bytes:
        b64 = base64.b64encode
        return json.dumps(
            {
                "counselor": b64(self.counselor_private).decode(),
                "team": {str(v): b64(k).decode() for v, k in self.team.items()},
            }
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Keyring":
        data = json.loads(raw)
        return cls(
            counselor_private=base64.b64decode(data["counselor"]),
            team={int(v): base64.b64decode(k) for v, k in data["team"].items()},
        )


def _wrap_for(user: User, private: bytes, password: str) -> tuple[bytes, bytes]:
    salt = boxes.new_salt()
    key = boxes.derive_key(password, salt=salt, strength=strength())
    return salt, boxes.wrap(private, key=key)


def unlock_keyring(*, user: User, password: str) -> Keyring:
    """Open (or, the first time, create) the counselor's key and their team grants."""
    record = CounselorKey.objects.filter(user=user).first()
    if record is None:
        private, public = boxes.new_key_pair()
        salt, wrapped = _wrap_for(user, private, password)
        CounselorKey.objects.create(
            user=user, public_key=public, key_salt=salt, wrapped_private_key=wrapped
        )
        log_action(
            actor=user,
            action=Entry.Action.CREATE,
            target=user,
            changes={"counselor_key": "created"},
        )
        return Keyring(counselor_private=private)
    key = boxes.derive_key(password, salt=bytes(record.key_salt), strength=strength())
    private = boxes.unwrap(bytes(record.wrapped_private_key), key=key)
    team = {
        grant.version: boxes.open_sealed(bytes(grant.sealed_private_key), private_key=private)
        for grant in record.grants.all()
    }
    return Keyring(counselor_private=private, team=team)


def rewrap_counselor_key(*, user: User, keyring: Keyring, password: str) -> None:
    """After a password change: the same key, wrapped with the new password."""
    salt, wrapped = _wrap_for(user, keyring.counselor_private, password)
    CounselorKey.objects.filter(user=user).update(key_salt=salt, wrapped_private_key=wrapped)


def forget_counselor_key(*, user: User) -> None:
    """After a password reset the old key cannot be opened: drop it (a colleague's
    session grants the team key again at the next sign-in)."""
    deleted, _ = CounselorKey.objects.filter(user=user).delete()
    if deleted:
        log_action(
            actor=user,
            action=Entry.Action.DELETE,
            target=user,
            changes={"counselor_key": "forgotten after password reset"},
        )


def sync_team(*, keyring: Keyring, actor: User) -> Keyring:
    """Create the first team key, or rotate it when counselors joined or left.

    Only a session that holds the current team key (or the very first counselor) can
    do this; others wait until a colleague signs in.
    """
    counselors = set(
        Role.objects.filter(kind=Role.Kind.COUNSELOR).values_list("user_id", flat=True)
    )
    keys = list(CounselorKey.objects.all())
    members = [k for k in keys if k.user_id in counselors]
    leavers = [k for k in keys if k.user_id not in counselors]
    current = TeamKey.objects.filter(is_current=True).first()
    if current is None:
        if not any(k.user_id == actor.pk for k in members):
            return keyring
        return _rotate(keyring=keyring, actor=actor, members=members, leavers=leavers, version=1)
    if current.version not in keyring.team:
        return keyring
    granted = set(
        TeamKeyGrant.objects.filter(version=current.version).values_list(
            "counselor_key_id", flat=True
        )
    )
    newcomers = [k for k in members if k.pk not in granted]
    if not newcomers and not leavers:
        return keyring
    return _rotate(
        keyring=keyring,
        actor=actor,
        members=members,
        leavers=leavers,
        version=current.version + 1,
        newcomers=newcomers,
    )


@transaction.atomic
def _rotate(
    *,
    keyring: Keyring,
    actor: User,
    members: list[CounselorKey],
    leavers: list[CounselorKey],
    version: int,
    newcomers: list[CounselorKey] | None = None,
) -> Keyring:
    private, public = boxes.new_key_pair()
    grants = [
        TeamKeyGrant(
            counselor_key=member,
            version=version,
            sealed_private_key=boxes.seal(private, public_key=bytes(member.public_key)),
        )
        for member in members
    ]
    for newcomer in newcomers or []:
        for old_version, old_private in keyring.team.items():
            grants.append(
                TeamKeyGrant(
                    counselor_key=newcomer,
                    version=old_version,
                    sealed_private_key=boxes.seal(
                        old_private, public_key=bytes(newcomer.public_key)
                    ),
                )
            )
    TeamKeyGrant.objects.bulk_create(grants, ignore_conflicts=True)
    for leaver in leavers:
        log_action(
            actor=actor,
            action=Entry.Action.REVOKE,
            target=leaver.user,
            changes={"team_key": "access removed"},
        )
        leaver.delete()
    TeamKey.objects.filter(is_current=True).update(is_current=False)
    TeamKey.objects.create(version=version, public_key=public, is_current=True)
    log_action(
        actor=actor,
        action=Entry.Action.CREATE,
        target=actor,
        changes={"team_key_version": version, "counselors": len(members)},
    )
    keyring.team[version] = private
    return keyring


def store_keyring(*, request: HttpRequest, response: HttpResponse, keyring: Keyring) -> None:
    secret = secrets.token_bytes(32)
    request.session[SESSION_KEY] = base64.b64encode(
        boxes.wrap(keyring.to_json(), key=secret)
    ).decode()
    response.set_cookie(
        COOKIE,
        base64.urlsafe_b64encode(secret).decode(),
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
        max_age=None,
    )


def load_keyring(*, request: HttpRequest) -> Keyring | None:
    session: SessionBase = request.session
    sealed, cookie = session.get(SESSION_KEY), request.COOKIES.get(COOKIE)
    if not sealed or not cookie:
        return None
    try:
        raw = boxes.unwrap(base64.b64decode(sealed), key=base64.urlsafe_b64decode(cookie))
    except (boxes.BoxError, ValueError):
        return None
    return Keyring.from_json(raw)
