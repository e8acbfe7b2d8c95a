"""Giving every employee their blind-signed token for each open period.

The ledger row (employee, period, purpose, slot) has no time and no order; the signed
value never touches the database. Every signed-in employee's browser asks on any
visit, so being in the ledger says nothing about answering.
"""

import base64
import hashlib
import struct
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rehat.checkins.domain.periods import purposes_of, signing_key
from rehat.checkins.models import Issuance, Period, Purpose, TokenKey
from rehat.lib.blindrsa import BlindSignatureError, SigningKey, VerifyingKey
from rehat.lib.sealing import fingerprint
from rehat.lib.tokens import purpose_challenge, token_type_for
from rehat.organizations.models import Employee


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


def key_for(
    *, employee: Employee, period: Period, purpose: str = Purpose.CHECKIN
) -> TokenKey | None:
    """The key of the bucket that holds the employee's unit (or its nearest ancestor)."""
    by_unit, agency = _key_map(period, purpose)
    for unit_id in reversed(employee.unit.ancestor_ids() or [employee.unit_id]):
        if unit_id in by_unit:
            return by_unit[unit_id]
    return agency


def token_directory(*, employee: Employee) -> list[DirectoryEntry]:
    given = Counter(Issuance.objects.filter(employee=employee).values_list("period_id", "purpose"))
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


def issue_token(
    *,
    employee: Employee,
    period_code: str,
    token_request: bytes,
    purpose: str = Purpose.CHECKIN,
) -> bytes:
    """Record the issuance and return BlindSign of the request's blinded message."""
    if purpose not in Purpose.values:
        raise IssuanceError(_("Jenis token tidak dikenal."))
    period = _open_period(period_code)
    if period is None:
        raise IssuanceError(_("Periode ini tidak sedang dibuka."), status=404)
    key = key_for(employee=employee, period=period, purpose=purpose)
    if key is None:
        raise IssuanceError(_("Belum ada kunci untuk kelompok unit Anda."), status=404)
    signer = signing_key(key=key)
    size = signer.public.size
    if len(token_request) != 3 + size:
        raise IssuanceError(_("Format permintaan token tidak benar."))
    (token_type,) = struct.unpack(">H", token_request[:2])
    if (
        token_type != token_type_for(signer.public)
        or token_request[2:3] != bytes(key.token_key_id)[-1:]
    ):
        raise IssuanceError(_("Permintaan token memakai kunci yang salah."))
    blinded = token_request[3:]
    request_hash = hashlib.sha256(blinded).digest()
    # Sign first (milliseconds of CPU), then record in a short transaction; the
    # signature leaves only if the ledger row was written or the very same blinded
    # message was signed before (a lost reply: same token, nothing more).
    signature = _sign(signer, blinded)
    earlier: list[tuple[int, bytes]] = []
    if allowance(purpose) > 1:
        earlier = _issued(employee, period, purpose)
    slot = _free_slot(purpose, earlier, request_hash)
    if slot is None:
        return signature
    try:
        with transaction.atomic():
            Issuance.objects.create(
                employee=employee,
                period=period,
                purpose=purpose,
                slot=slot,
                request_hash=request_hash,
            )
        return signature
    except IntegrityError:
        pass
    # The slot is taken: by this very request before (resend), or by another one.
    if _free_slot(purpose, _issued(employee, period, purpose), request_hash) is None:
        return signature
    raise IssuanceError(
        _("Token untuk periode ini sudah pernah diberikan ke perangkat lain."), status=409
    )


def _issued(employee: Employee, period: Period, purpose: str) -> list[tuple[int, bytes]]:
    rows = Issuance.objects.filter(employee=employee, period=period, purpose=purpose)
    return [(slot, bytes(h)) for slot, h in rows.values_list("slot", "request_hash")]


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
