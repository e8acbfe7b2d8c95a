"""Periods open and close on schedule; opening one makes its keys and publishes them."""

import datetime
import os
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction

from rehat.checkins.domain.buckets import plan_buckets
from rehat.checkins.models import Period, Purpose, TokenKey
from rehat.lib.blindrsa import SigningKey
from rehat.lib.sealing import seal, unseal
from rehat.responses.domain import close_published, publish_key

SEAL_PURPOSE = "token-signing-key"


def pulse_period_for(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    year, week, _ = day.isocalendar()
    monday = day - datetime.timedelta(days=day.weekday())
    return f"pulse-{year}-W{week:02d}", monday, monday + datetime.timedelta(days=6)


def screening_period_for(
    day: datetime.date, *, months: int | None = None
) -> tuple[str, datetime.date, datetime.date]:
    """Screenings run for REHAT_SCREENING_MONTHS calendar months (1, 2, 3, 4, 6 or 12)."""
    months = months or settings.REHAT_SCREENING_MONTHS
    start_month = (day.month - 1) // months * months + 1
    first = day.replace(month=start_month, day=1)
    end_year, end_month = divmod(start_month - 1 + months, 12)
    following = datetime.date(day.year + end_year, end_month + 1, 1)
    return f"screening-{first:%Y-%m}", first, following - datetime.timedelta(days=1)


def ensure_periods(*, today: datetime.date) -> list[Period]:
    """Create the pulse and screening periods that contain `today` (idempotent)."""
    made = []
    for kind, (code, starts, ends) in [
        (Period.Kind.PULSE, pulse_period_for(today)),
        (Period.Kind.SCREENING, screening_period_for(today)),
    ]:
        period, _ = Period.objects.get_or_create(
            code=code, defaults={"kind": kind, "starts": starts, "ends": ends}
        )
        made.append(period)
    return made


def purposes_of(period: Period) -> list[str]:
    """Check-ins every period; Ruang Dengar voice tokens with each screening period."""
    if period.kind == Period.Kind.SCREENING:
        return [Purpose.CHECKIN, Purpose.VOICE]
    return [Purpose.CHECKIN]


def open_period(*, period: Period) -> int:
    """Make one key per token bucket and purpose, publish the public halves; returns keys made."""
    if period.status == Period.Status.CLOSED:
        raise ValueError("a closed period does not open again")
    made = 0
    if not period.keys.exists():
        buckets = plan_buckets(min_size=settings.REHAT_MIN_BUCKET)
        keys = []
        wanted = [(b, p) for b in buckets for p in purposes_of(period)]
        # OpenSSL releases the GIL while it searches for primes: one thread per core.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            signers = list(
                pool.map(lambda _: SigningKey.generate(bits=settings.REHAT_TOKEN_KEY_BITS), wanted)
            )
        for (bucket, purpose), signing in zip(wanted, signers, strict=True):
            keys.append(
                TokenKey(
                    period=period,
                    bucket=bucket.code,
                    purpose=purpose,
                    root_id=bucket.root_id,
                    size=bucket.size,
                    units=sorted(bucket.unit_ids),
                    sealed_private_key=seal(
                        signing.to_pem(), secret=settings.MASTER_KEY, purpose=SEAL_PURPOSE
                    ),
                    spki=signing.public.spki,
                    token_key_id=signing.public.token_key_id,
                )
            )
        with transaction.atomic():
            TokenKey.objects.bulk_create(keys)
            period.status = Period.Status.OPEN
            period.save(update_fields=["status"])
        made = len(keys)
    elif period.status != Period.Status.OPEN:
        period.status = Period.Status.OPEN
        period.save(update_fields=["status"])
    # Publishing is idempotent, so a crash between the two databases heals on rerun.
    for key in period.keys.all():
        publish_key(
            period=period.code,
            kind=period.kind,
            bucket=key.bucket,
            purpose=key.purpose,
            spki=bytes(key.spki),
            token_key_id=bytes(key.token_key_id),
        )
    return made


def close_period(*, period: Period) -> None:
    """Stop accepting tokens and move every pending answer of the period."""
    period.status = Period.Status.CLOSED
    period.save(update_fields=["status"])
    close_published(period=period.code)


def sync_periods(*, today: datetime.date) -> dict[str, list[str]]:
    """The scheduled job: close what has ended, create and open what runs today."""
    closed = []
    for period in Period.objects.filter(ends__lt=today).exclude(status=Period.Status.CLOSED):
        close_period(period=period)
        closed.append(period.code)
    opened = []
    for period in ensure_periods(today=today):
        if period.status != Period.Status.CLOSED and period.starts <= today <= period.ends:
            open_period(period=period)
            opened.append(period.code)
    return {"closed": closed, "opened": opened}


_signers: dict[bytes, SigningKey] = {}


def clear_signer_cache() -> None:
    _signers.clear()


def signing_key(*, key: TokenKey) -> SigningKey:
    """The unsealed signer, kept in this process's memory (unsealing costs milliseconds)."""
    key_id = bytes(key.token_key_id)
    signer = _signers.get(key_id)
    if signer is None:
        pem = unseal(
            bytes(key.sealed_private_key), secret=settings.MASTER_KEY, purpose=SEAL_PURPOSE
        )
        signer = SigningKey.from_pem(pem)
        if signer.public.token_key_id != key_id:
            raise ValueError("sealed key does not match its token_key_id")
        if len(_signers) > 1000:
            _signers.clear()
        _signers[key_id] = signer
    return signer
