"""Redeeming check-in tokens on the anonymous side, and storing answers without order.

Only public keys live here. A token is accepted once: its hash is the primary key of
SpentToken, inserted in the same transaction as the answers. Accepted answers wait in
PendingSubmission until REHAT_SHUFFLE_BATCH of one bucket are pending (or the period
closes), then move in shuffled order in one transaction, so neither row order nor
transaction ids say who answered when. The move is not part of a request: `move_due`
runs on a fixed beat in its own process (`rehat shuffle`, started by `rehat serve`), so
a request only verifies, scores and writes its two rows.
"""

import base64
import hashlib
import logging
import random
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from rehat.instruments.domain.scoring import AnswerError, Score, score_answers
from rehat.lib.blindrsa import VerifyingKey
from rehat.lib.sealing import fingerprint
from rehat.lib.tokens import (
    INPUT_LENGTH,
    MalformedTokenError,
    Token,
    checkin_challenge,
    token_type_for,
)
from rehat.responses.models import (
    Answer,
    PendingSubmission,
    PublishedKey,
    SpentToken,
    Submission,
)
from rehat.routers import ANONYMOUS

PULSE_INSTRUMENTS = ("who5", "single-item-burnout")
SCREENING_INSTRUMENTS = ("phq9", "gad7", "cbi")
CLIMATE_INSTRUMENTS = ("edmondson-ps7",)
# Periods whose every instrument must be answered (a screening lets people pick).
_COMPLETE = {"pulse": PULSE_INSTRUMENTS, "climate": CLIMATE_INSTRUMENTS}


def instruments_for(kind: str) -> tuple[str, ...]:
    return _COMPLETE.get(kind, SCREENING_INSTRUMENTS)


_shuffle = random.SystemRandom().shuffle
# Messages carry no request, address, agent or time (the handler's formatter adds none).
logger = logging.getLogger(__name__)


class RedemptionError(Exception):
    def __init__(self, code: str, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass
class Redemption:
    period: str
    kind: str
    scores: list[Score] = field(default_factory=list)
    help: str = ""

    @property
    def safety(self) -> bool:
        return any(score.safety for score in self.scores)


def publish_key(
    *,
    period: str,
    kind: str,
    bucket: str,
    spki: bytes,
    token_key_id: bytes,
    purpose: str = "checkin",
) -> None:
    PublishedKey.objects.update_or_create(
        period=period,
        bucket=bucket,
        purpose=purpose,
        defaults={"kind": kind, "spki": spki, "token_key_id": token_key_id},
    )


def close_published(*, period: str) -> None:
    """Accept nothing more; move what waits and reshuffle each bucket as a whole.

    Without the reshuffle, the last batch of a bucket could be tiny (one answer), and
    whoever knows who answered last could link it. Re-inserting every submission of the
    (period, bucket) in one shuffled transaction with fresh ids erases batch borders.
    """
    PublishedKey.objects.filter(period=period).update(is_open=False)
    buckets = set(PendingSubmission.objects.filter(period=period).values_list("bucket", flat=True))
    for bucket in sorted(buckets):
        move_pending(period=period, bucket=bucket, force=True)
    for bucket in sorted(
        set(Submission.objects.filter(period=period).values_list("bucket", flat=True))
    ):
        reshuffle_bucket(period=period, bucket=bucket)


def reshuffle_bucket(*, period: str, bucket: str) -> int:
    with transaction.atomic(using=ANONYMOUS):
        old = list(
            Submission.objects.select_for_update()
            .filter(period=period, bucket=bucket)
            .prefetch_related("answers")
        )
        _shuffle(old)
        submissions, answers = [], []
        for row in old:
            fresh = Submission(period=period, bucket=bucket, help=row.help)
            submissions.append(fresh)
            answers += [
                Answer(
                    submission=fresh,
                    instrument=a.instrument,
                    values=a.values,
                    total=a.total,
                    subscales=a.subscales,
                    band=a.band,
                    flags=a.flags,
                )
                for a in row.answers.all()
            ]
        Submission.objects.filter(pk__in=[row.pk for row in old]).delete()
        Submission.objects.bulk_create(submissions)
        Answer.objects.bulk_create(answers)
    return len(submissions)


def key_directory() -> list[dict[str, str]]:
    """What the browser checks a key against: published ids and fingerprints."""
    rows = []
    for key in PublishedKey.objects.filter(is_open=True).order_by("period", "bucket", "purpose"):
        public = VerifyingKey.from_spki(bytes(key.spki))
        rows.append(
            {
                "period": key.period,
                "bucket": key.bucket,
                "purpose": key.purpose,
                "token_key_id": base64.b64encode(bytes(key.token_key_id)).decode(),
                "browser_spki_sha256": base64.b64encode(
                    hashlib.sha256(public.browser_spki).digest()
                ).decode(),
                "fingerprint": fingerprint(bytes(key.spki)),
            }
        )
    return rows


def _score(kind: str, answers: dict[str, Any]) -> list[Score]:
    allowed = instruments_for(kind)
    unknown = sorted(set(answers) - set(allowed))
    if unknown:
        raise RedemptionError(
            "answers",
            _("Kuesioner %(names)s tidak termasuk periode ini.") % {"names": ", ".join(unknown)},
        )
    if kind in _COMPLETE and set(answers) != set(allowed):
        raise RedemptionError("answers", _("Semua pertanyaan di bagian ini perlu dijawab."))
    if not answers:
        raise RedemptionError("answers", _("Pilih dan isi setidaknya satu kuesioner."))
    scores = []
    for instrument in allowed:
        if instrument in answers:
            try:
                scores.append(score_answers(instrument=instrument, answers=answers[instrument]))
            except AnswerError as e:
                raise RedemptionError("answers", str(e)) from None
    return scores


def redeem(
    *, period: str, bucket: str, token: bytes, answers: dict[str, Any], help: str = ""
) -> Redemption:
    """Accept a check-in once; every refusal comes from the checked path, in its order."""
    accepted = _redeem_fast(period=period, bucket=bucket, token=token, answers=answers, help=help)
    if accepted is not None:
        return accepted
    return _redeem_checked(period=period, bucket=bucket, token=token, answers=answers, help=help)


@dataclass(frozen=True)
class _Known:
    """A published check-in key, as the fast path needs it. What a token_key_id names
    never changes once published; whether it is open is read in the storing statement."""

    period: str
    bucket: str
    kind: str
    public: VerifyingKey
    challenge: bytes


_known: dict[bytes, _Known] = {}


def clear_key_cache() -> None:
    _known.clear()


def _known_key(token_key_id: bytes) -> _Known | None:
    known = _known.get(token_key_id)
    if known is not None:
        return known
    row = (
        PublishedKey.objects.filter(token_key_id=token_key_id, purpose="checkin")
        .values_list("period", "bucket", "kind", "spki")
        .first()
    )
    if row is None:
        return None
    period, bucket, kind, spki = row
    try:
        public = VerifyingKey.from_spki(bytes(spki))
    except ValueError:
        return None
    known = _Known(
        period=period,
        bucket=bucket,
        kind=kind,
        public=public,
        challenge=checkin_challenge(period=period, token_type=token_type_for(public)),
    )
    if len(_known) > 10_000:
        _known.clear()
    _known[token_key_id] = known
    return known


class _NotOpen(Exception):
    pass


def _redeem_fast(
    *, period: str, bucket: str, token: bytes, answers: dict[str, Any], help: str
) -> Redemption | None:
    """The common case in two statements and one transaction; None hands over to the
    checked path (unknown or closed key, bad token, bad answers), which then refuses
    with the same error and in the same order as ever."""
    if len(token) <= INPUT_LENGTH:
        return None
    known = _known_key(token[INPUT_LENGTH - 32 : INPUT_LENGTH])
    if known is None or known.period != period or known.bucket != bucket:
        return None
    try:
        parsed = Token.parse(token, authenticator_length=known.public.size)
        if not parsed.verify(key=known.public, challenge=known.challenge):
            return None
        if help and help not in Submission.Help.values:
            return None
        scores = _score(known.kind, answers)
    except (MalformedTokenError, RedemptionError):
        return None
    try:
        with transaction.atomic(using=ANONYMOUS):
            _store(
                token_key_id=parsed.token_key_id,
                token_hash=hashlib.sha256(token).digest(),
                period=period,
                bucket=bucket,
                payload=_payload(help, answers, scores),
            )
    except _NotOpen:
        return None  # closed meanwhile: the checked path says so
    except IntegrityError:
        raise _spent() from None
    return Redemption(period=period, kind=known.kind, scores=scores, help=help)


def _store(
    *, token_key_id: bytes, token_hash: bytes, period: str, bucket: str, payload: dict[str, Any]
) -> None:
    """INSERT the pending answers only while the key is open, then the spent token (its
    primary key refuses a second use). Plain SQL: the ORM's per-call work was a third of
    a check-in's CPU time. Runs inside the caller's transaction."""
    connection = connections[ANONYMOUS]
    pending, spent = _store_sql(connection.vendor)
    prep = _prep_fields()
    with connection.cursor() as cursor:
        cursor.execute(
            pending,
            [
                prep["id"].get_db_prep_save(uuid.uuid4(), connection),
                period,
                bucket,
                prep["payload"].get_db_prep_save(payload, connection),
                prep["token_key_id"].get_db_prep_save(token_key_id, connection),
            ],
        )
        if cursor.rowcount != 1:
            raise _NotOpen
        cursor.execute(spent, [prep["token_hash"].get_db_prep_save(token_hash, connection), period])


@cache
def _prep_fields() -> dict[str, Any]:
    return {
        "id": PendingSubmission._meta.get_field("id"),
        "payload": PendingSubmission._meta.get_field("payload"),
        "token_key_id": PublishedKey._meta.get_field("token_key_id"),
        "token_hash": SpentToken._meta.get_field("token_hash"),
    }


@cache
def _store_sql(vendor: str) -> tuple[str, str]:
    """The two statements of `_store`, built once from the models' metadata."""
    quote = connections[ANONYMOUS].ops.quote_name

    def table(model: Any) -> str:
        return str(quote(model._meta.db_table))

    def columns(model: Any, *names: str) -> str:
        return ", ".join(quote(model._meta.get_field(name).column) for name in names)

    # Names from model metadata only, never from a request.
    pending = (
        f"INSERT INTO {table(PendingSubmission)} "  # noqa: S608
        f"({columns(PendingSubmission, 'id', 'period', 'bucket', 'payload')}) "
        f"SELECT %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM {table(PublishedKey)} "
        f"WHERE {columns(PublishedKey, 'token_key_id')} = %s "
        f"AND {columns(PublishedKey, 'is_open')})"
    )
    spent = (
        f"INSERT INTO {table(SpentToken)} ({columns(SpentToken, 'token_hash', 'period')}) "  # noqa: S608
        "VALUES (%s, %s)"
    )
    return pending, spent


def _spent() -> RedemptionError:
    return RedemptionError(
        "spent",
        _("Token ini sudah dipakai. Setiap orang mengisi sekali per periode."),
        status=409,
    )


def _payload(help: str, answers: dict[str, Any], scores: list[Score]) -> dict[str, Any]:
    return {
        "help": help,
        "answers": [
            {"instrument": s.instrument, "values": list(answers[s.instrument]), "score": _plain(s)}
            for s in scores
        ],
    }


def _redeem_checked(
    *, period: str, bucket: str, token: bytes, answers: dict[str, Any], help: str
) -> Redemption:
    key = PublishedKey.objects.filter(period=period, bucket=bucket, purpose="checkin").first()
    if key is None:
        raise RedemptionError(
            "unknown_key", _("Periode atau kelompok unit ini tidak dikenal."), status=404
        )
    if not key.is_open:
        raise RedemptionError(
            "closed", _("Periode ini sudah ditutup. Terima kasih sudah mau mengisi."), status=410
        )
    public = VerifyingKey.from_spki(bytes(key.spki))
    token_type = token_type_for(public)
    try:
        parsed = Token.parse(token, authenticator_length=public.size)
    except MalformedTokenError:
        raise RedemptionError("malformed", _("Format token tidak benar.")) from None
    challenge = checkin_challenge(period=period, token_type=token_type)
    if not parsed.verify(key=public, challenge=challenge):
        raise RedemptionError("invalid", _("Token ini tidak sah untuk periode dan kelompok ini."))
    if help and help not in Submission.Help.values:
        raise RedemptionError("answers", _("Pilihan bantuan tidak dikenal."))
    scores = _score(key.kind, answers)
    try:
        with transaction.atomic(using=ANONYMOUS):
            SpentToken.objects.create(token_hash=hashlib.sha256(token).digest(), period=period)
            PendingSubmission.objects.create(
                period=period, bucket=bucket, payload=_payload(help, answers, scores)
            )
    except IntegrityError:
        raise _spent() from None
    return Redemption(period=period, kind=key.kind, scores=scores, help=help)


def _plain(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "subscales": {s.name: s.score for s in score.subscales},
        "band": score.band.label_en if score.band else "",
        "flags": list(score.flags),
    }


def move_due() -> int:
    """Move every bucket that has at least REHAT_SHUFFLE_BATCH answers waiting (the
    scheduled job; whatever arrived since the last beat goes in the same batch)."""
    due = (
        PendingSubmission.objects.values_list("period", "bucket")
        .annotate(waiting=Count("id"))
        .filter(waiting__gte=settings.REHAT_SHUFFLE_BATCH)
        .order_by()
    )
    moved = 0
    for period, bucket, _waiting in list(due):
        moved += move_pending(period=period, bucket=bucket)
    return moved


def move_pending(*, period: str, bucket: str, force: bool = False) -> int:
    """Move a bucket's pending answers, shuffled, once enough wait (or when forced)."""
    waiting = PendingSubmission.objects.filter(period=period, bucket=bucket).count()
    if not waiting or (not force and waiting < settings.REHAT_SHUFFLE_BATCH):
        return 0  # the common case: no lock, no second transaction
    with transaction.atomic(using=ANONYMOUS):
        pending = list(
            PendingSubmission.objects.select_for_update().filter(period=period, bucket=bucket)
        )
        if not pending or (not force and len(pending) < settings.REHAT_SHUFFLE_BATCH):
            return 0
        _shuffle(pending)
        submissions, answers = [], []
        for row in pending:
            submission = Submission(period=period, bucket=bucket, help=row.payload.get("help", ""))
            submissions.append(submission)
            for item in row.payload["answers"]:
                answers.append(
                    Answer(
                        submission=submission,
                        instrument=item["instrument"],
                        values=item["values"],
                        total=item["score"]["total"],
                        subscales=item["score"]["subscales"],
                        band=item["score"]["band"],
                        flags=item["score"]["flags"],
                    )
                )
        Submission.objects.bulk_create(submissions)
        Answer.objects.bulk_create(answers)
        PendingSubmission.objects.filter(pk__in=[row.pk for row in pending]).delete()
    return len(pending)
