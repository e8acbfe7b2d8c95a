"""Giving every employee their blind-signed token for each open period.

The ledger row (employee, period, purpose, slot) has no time and no order; the signed
value never touches the database. Every signed-in employee's browser asks on any
visit, so being in the ledger says nothing about answering.
"""

import base64
import hashlib
import struct
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from rehat.checkins.domain.periods import purposes_of, signing_key
from rehat.checkins.models import Issuance, Period, Purpose, TokenKey
from rehat.lib.blindrsa import BlindSignatureError, SigningKey, VerifyingKey
from rehat.lib.sealing import fingerprint
from rehat.lib.tokens import purpose_challenge, token_type_for
from rehat.organizations.models import Employee, Unit


class IssuanceError(Exception):
    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class DirectoryEntry:
    period: str
    kind: str
    purpose: str
    bucket: str
    token_type: int
    challenge: bytes
    spki: bytes  # id-RSASSA-PSS SubjectPublicKeyInfo: its SHA-256 is token_key_id
    browser_spki: bytes  # the same key as rsaEncryption SPKI, which WebCrypto imports
    token_key_id: bytes
    remaining: int  # tokens this person may still be given for this period and purpose

    @property
    def issued(self) -> bool:
        return self.remaining == 0

    def to_dict(self) -> dict[str, object]:
        b64 = base64.b64encode
        return {
            "period": self.period,
            "kind": self.kind,
            "purpose": self.purpose,
            "bucket": self.bucket,
            "token_type": self.token_type,
            "challenge": b64(self.challenge).decode(),
            "spki": b64(self.browser_spki).decode(),
            "token_key_id": b64(self.token_key_id).decode(),
            "fingerprint": fingerprint(self.spki),
            "issued": self.issued,
            "remaining": self.remaining,
        }


def allowance(purpose: str) -> int:
    """Tokens per person, period and purpose: one check-in, a few voice tokens."""
    return settings.REHAT_VOICE_TOKENS if purpose == Purpose.VOICE else 1


# Keys of a period never change once made, so each process keeps a unit → key map per
# (period, purpose), without the sealed private keys (tests clear it between cases).
_key_maps: dict[tuple[int, str], tuple[dict[int, TokenKey], TokenKey | None]] = {}


_open_periods: dict[str, tuple[float, Period]] = {}
OPEN_PERIOD_CACHE_SECONDS = 10.0


def clear_key_cache() -> None:
    _key_maps.clear()
    _open_periods.clear()


def _open_period(code: str) -> Period | None:
    """The open period of that code, remembered for a few seconds per process. A token
    issued in the seconds after a close is harmless: redemption refuses it."""
    now = time.monotonic()
    cached = _open_periods.get(code)
    if cached is not None and now - cached[0] < OPEN_PERIOD_CACHE_SECONDS:
        return cached[1]
    period = Period.objects.filter(code=code, status=Period.Status.OPEN).first()
    if period is not None:
        _open_periods[code] = (now, period)
    return period


def _key_map(period: Period, purpose: str) -> tuple[dict[int, TokenKey], TokenKey | None]:
    cached = _key_maps.get((period.pk, purpose))
    if cached is not None:
        return cached
    keys = list(TokenKey.objects.filter(period=period, purpose=purpose).defer("sealed_private_key"))
    by_unit = {unit_id: key for key in keys for unit_id in key.units}
    agency = next((key for key in keys if key.root_id is None), None)
    if keys:
        _key_maps[(period.pk, purpose)] = (by_unit, agency)
    return by_unit, agency


@dataclass(frozen=True)
class Holder:
    """What issuance needs of the signed-in employee: who, and which unit's bucket."""

    pk: int
    unit_id: int
    ancestor_ids: tuple[int, ...]  # root first, the unit itself last

    @classmethod
    def of(cls, employee: Employee) -> "Holder":
        return cls(employee.pk, employee.unit_id, tuple(employee.unit.ancestor_ids()))

    @classmethod
    def of_user(cls, user_id: int) -> "Holder":
        """One small statement instead of two model instances (the ORM's query building
        cost more than the query). Employee.DoesNotExist when the user has none."""
        connection = connections[Employee.objects.db]
        with connection.cursor() as cursor:
            cursor.execute(_holder_sql(connection.alias), [user_id])
            found = cursor.fetchone()
        if found is None:
            raise Employee.DoesNotExist
        pk, unit_id, path = found
        return cls(pk, unit_id, tuple(int(part) for part in path.strip("/").split("/") if part))


@cache
def _holder_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    employee: Any = Employee._meta
    unit: Any = Unit._meta
    e, u = quote(employee.db_table), quote(unit.db_table)
    # Names from model metadata only, never from a request.
    return (
        f"SELECT {e}.{quote(employee.pk.column)}, {e}.{quote(employee.get_field('unit').column)}, "  # noqa: S608
        f"{u}.{quote(unit.get_field('path').column)} FROM {e} JOIN {u} "
        f"ON {u}.{quote(unit.pk.column)} = {e}.{quote(employee.get_field('unit').column)} "
        f"WHERE {e}.{quote(employee.get_field('user').column)} = %s"
    )


def key_for(
    *, employee: Employee | Holder, period: Period, purpose: str = Purpose.CHECKIN
) -> TokenKey | None:
    """The key of the bucket that holds the employee's unit (or its nearest ancestor)."""
    holder = employee if isinstance(employee, Holder) else Holder.of(employee)
    by_unit, agency = _key_map(period, purpose)
    for unit_id in reversed(holder.ancestor_ids or (holder.unit_id,)):
        if unit_id in by_unit:
            return by_unit[unit_id]
    return agency


def token_directory(*, employee: Employee | Holder) -> list[DirectoryEntry]:
    given = Counter(
        Issuance.objects.filter(employee_id=employee.pk).values_list("period_id", "purpose")
    )
    entries = []
    for period in Period.objects.filter(status=Period.Status.OPEN).order_by("code"):
        for purpose in purposes_of(period):
            key = key_for(employee=employee, period=period, purpose=purpose)
            if key is None:
                continue
            public = VerifyingKey.from_spki(bytes(key.spki))
            token_type = token_type_for(public)
            entries.append(
                DirectoryEntry(
                    period=period.code,
                    kind=period.kind,
                    purpose=purpose,
                    bucket=key.bucket,
                    token_type=token_type,
                    challenge=purpose_challenge(
                        period=period.code, purpose=purpose, token_type=token_type
                    ),
                    spki=public.spki,
                    browser_spki=public.browser_spki,
                    token_key_id=public.token_key_id,
                    remaining=max(0, allowance(purpose) - given[(period.pk, purpose)]),
                )
            )
    return entries


@dataclass(frozen=True)
class TokenRequest:
    period: str
    purpose: str
    token_request: bytes  # RFC 9578 TokenRequest: type ‖ truncated key id ‖ blinded message


@dataclass(frozen=True)
class _Plan:
    period: Period
    purpose: str
    signer: SigningKey
    blinded: bytes
    request_hash: bytes


def issue_token(
    *,
    employee: Employee | Holder,
    period_code: str,
    token_request: bytes,
    purpose: str = Purpose.CHECKIN,
) -> bytes:
    """Record the issuance and return BlindSign of the request's blinded message."""
    holder = employee if isinstance(employee, Holder) else Holder.of(employee)
    (signature,) = issue_tokens(
        holder=holder, requests=[TokenRequest(period_code, purpose, token_request)]
    )
    return signature


def issue_tokens(*, holder: Holder, requests: Sequence[TokenRequest]) -> list[bytes]:
    """BlindSign several requests of one person, with their ledger rows in one statement.

    A browser on its first visit of a period asks for everything the directory offers
    at once (the pulse, the screening and its voice tokens). Every request is checked
    before anything is signed or recorded, so one bad request refuses them all; the
    signatures leave only once every ledger row was written (or the very same blinded
    message was signed before: a lost reply gets the same token, nothing more).
    """
    plans = [_plan(holder, request) for request in requests]
    if len({plan.request_hash for plan in plans}) != len(plans):
        raise IssuanceError(_("Format permintaan token tidak benar."))
    # Sign first (milliseconds of CPU), then record in one short statement.
    signatures = [_sign(plan.signer, plan.blinded) for plan in plans]
    rows = _ledger_rows(holder, plans)
    if rows:
        try:
            _insert_ledger(holder, rows)
        except IntegrityError:
            # Another request of this person took a slot meanwhile: one by one, so
            # each request gets its own answer (a resend or a refusal).
            for plan in plans:
                _record_one(holder, plan)
    return signatures


def _plan(holder: Holder, request: TokenRequest) -> _Plan:
    purpose = request.purpose
    if purpose not in Purpose.values:
        raise IssuanceError(_("Jenis token tidak dikenal."))
    period = _open_period(request.period)
    if period is None:
        raise IssuanceError(_("Periode ini tidak sedang dibuka."), status=404)
    key = key_for(employee=holder, period=period, purpose=purpose)
    if key is None:
        raise IssuanceError(_("Belum ada kunci untuk kelompok unit Anda."), status=404)
    signer = signing_key(key=key)
    token_request = request.token_request
    if len(token_request) != 3 + signer.public.size:
        raise IssuanceError(_("Format permintaan token tidak benar."))
    (token_type,) = struct.unpack(">H", token_request[:2])
    if (
        token_type != token_type_for(signer.public)
        or token_request[2:3] != bytes(key.token_key_id)[-1:]
    ):
        raise IssuanceError(_("Permintaan token memakai kunci yang salah."))
    blinded = token_request[3:]
    return _Plan(period, purpose, signer, blinded, hashlib.sha256(blinded).digest())


def _ledger_rows(holder: Holder, plans: Sequence[_Plan]) -> list[tuple[_Plan, int]]:
    """(plan, slot) for each request not recorded before. A check-in token has one slot,
    so its ledger is not read first: the unique constraint answers."""
    earlier: dict[tuple[int, str], list[tuple[int, bytes]]] = {}
    rows = []
    for plan in plans:
        group = (plan.period.pk, plan.purpose)
        if group not in earlier:
            earlier[group] = (
                _issued(holder, plan.period, plan.purpose) if allowance(plan.purpose) > 1 else []
            )
        slot = _free_slot(plan.purpose, earlier[group], plan.request_hash)
        if slot is not None:
            earlier[group].append((slot, plan.request_hash))
            rows.append((plan, slot))
    return rows


def _insert_ledger(holder: Holder, rows: Sequence[tuple[_Plan, int]]) -> None:
    """One INSERT for all rows. Outside a transaction the statement is atomic by itself;
    inside one (tests, a caller's atomic block) a savepoint keeps a refusal contained."""
    connection = connections[Issuance.objects.db]
    id_field, hash_field = Issuance._meta.get_field("id"), Issuance._meta.get_field("request_hash")
    params: list[Any] = []
    for plan, slot in rows:
        params += [
            id_field.get_db_prep_save(uuid.uuid4(), connection),
            holder.pk,
            plan.period.pk,
            plan.purpose,
            slot,
            hash_field.get_db_prep_save(plan.request_hash, connection),
        ]
    sql = _ledger_sql(connection.alias, len(rows))
    contained = transaction.atomic(using=connection.alias)
    with contained if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@cache
def _ledger_sql(alias: str, count: int) -> str:
    quote = connections[alias].ops.quote_name
    meta: Any = Issuance._meta  # concrete fields only: each has a column
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("id", "employee", "period", "purpose", "slot", "request_hash")
    )
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * count)
    # Names from model metadata only, never from a request.
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608


def _record_one(holder: Holder, plan: _Plan) -> None:
    """The ledger row of one request, or proof that this very request holds one."""
    earlier = _issued(holder, plan.period, plan.purpose)
    slot = _free_slot(plan.purpose, earlier, plan.request_hash)
    if slot is None:
        return
    try:
        with transaction.atomic(using=Issuance.objects.db):
            _insert_ledger(holder, [(plan, slot)])
        return
    except IntegrityError:
        pass
    # The slot was taken meanwhile: by this very request (resend), or by another one.
    earlier = _issued(holder, plan.period, plan.purpose)
    if _free_slot(plan.purpose, earlier, plan.request_hash) is not None:
        raise IssuanceError(
            _("Token untuk periode ini sudah pernah diberikan ke perangkat lain."), status=409
        )


def _issued(holder: Holder, period: Period, purpose: str) -> list[tuple[int, bytes]]:
    """(slot, request hash) of this person's rows for the period and purpose, in one
    plain statement (the ORM's query building cost more than the query)."""
    connection = connections[Issuance.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(_issued_sql(connection.alias), [holder.pk, period.pk, purpose])
        return [(slot, bytes(h)) for slot, h in cursor.fetchall()]


@cache
def _issued_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    meta: Any = Issuance._meta

    def column(name: str) -> str:
        return str(quote(meta.get_field(name).column))

    # Names from model metadata only, never from a request.
    return (
        f"SELECT {column('slot')}, {column('request_hash')} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {column('employee')} = %s AND {column('period')} = %s AND {column('purpose')} = %s"
    )


def _free_slot(purpose: str, earlier: list[tuple[int, bytes]], request_hash: bytes) -> int | None:
    """The slot to record this request in; None when this request was already recorded.

    Raises IssuanceError when every slot holds another request."""
    if any(h == request_hash for _slot, h in earlier):
        return None
    used = {slot for slot, _h in earlier}
    free = [slot for slot in range(allowance(purpose)) if slot not in used]
    if not free:
        raise IssuanceError(
            _("Token untuk periode ini sudah pernah diberikan ke perangkat lain."), status=409
        )
    return free[0]


def _sign(signer: SigningKey, blinded: bytes) -> bytes:
    try:
        return signer.blind_sign(blinded)
    except BlindSignatureError:
        raise IssuanceError(_("Format permintaan token tidak benar.")) from None
