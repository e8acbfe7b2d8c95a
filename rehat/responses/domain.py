"""Redeeming check-in tokens on the anonymous side, and storing answers without order.

Only public keys live here. A token is accepted once: its hash is the primary key of
SpentToken, inserted in the same transaction as the answers. Accepted answers wait in
PendingSubmission until REHAT_SHUFFLE_BATCH of one bucket are pending (or the period
closes), then move in shuffled order in one transaction, so neither row order nor
transaction ids say who answered when.
"""

import base64
import hashlib
import logging
import random
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from rehat.instruments.domain.scoring import AnswerError, Score, score_answers
from rehat.lib.blindrsa import VerifyingKey
from rehat.lib.sealing import fingerprint
from rehat.lib.tokens import MalformedTokenError, Token, checkin_challenge, token_type_for
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
    payload = {
        "help": help,
        "answers": [
            {"instrument": s.instrument, "values": list(answers[s.instrument]), "score": _plain(s)}
            for s in scores
        ],
    }
    try:
        with transaction.atomic(using=ANONYMOUS):
            SpentToken.objects.create(token_hash=hashlib.sha256(token).digest(), period=period)
            PendingSubmission.objects.create(period=period, bucket=bucket, payload=payload)
    except IntegrityError:
        raise RedemptionError(
            "spent",
            _("Token ini sudah dipakai. Setiap orang mengisi sekali per periode."),
            status=409,
        ) from None
    # The check-in is accepted and committed; moving a batch is housekeeping that must
    # never turn an accepted answer into an error (it is retried at the next arrival and
    # forced when the period closes).
    try:
        move_pending(period=period, bucket=bucket)
    except DatabaseError:
        logger.exception("moving a pending batch failed; it stays pending")
    return Redemption(period=period, kind=key.kind, scores=scores, help=help)


def _plain(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "subscales": {s.name: s.score for s in score.subscales},
        "band": score.band.label_en if score.band else "",
        "flags": list(score.flags),
    }


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
