"""Reply deadlines on the counselor side: escalation of overdue conversations, and the
service figures the lead counselor sees.

Both read only the coarse columns of a conversation (deadline on the hour, whole hours
to the first reply, period); no message text and no receipt ever leaves this module.
"""

import datetime
import logging
import math
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rehat.accounts.tasks import send_email
from rehat.conversations.models import Conversation
from rehat.organizations.models import Role
from rehat.routers import ANONYMOUS

logger = logging.getLogger(__name__)

# A cell of the service table needs at least this many conversations behind it.
MIN_CELL = 5


def _overdue(*, now: datetime.datetime) -> QuerySet[Conversation]:
    return Conversation.objects.filter(
        status=Conversation.Status.OPEN, waiting=True, deadline__lt=now
    )


def escalation_recipients() -> list[str]:
    """Lead counselors' addresses; every counselor's when the agency named no lead,
    so that a missed deadline never goes unnoticed."""
    for kind in (Role.Kind.LEAD_COUNSELOR, Role.Kind.COUNSELOR):
        emails = sorted(
            {
                email
                for email in Role.objects.filter(kind=kind, user__is_active=True).values_list(
                    "user__email", flat=True
                )
                if email
            }
        )
        if emails:
            if kind == Role.Kind.COUNSELOR:
                logger.warning("no lead counselor: escalation goes to every counselor")
            return emails
    return []


def escalate_overdue(*, now: datetime.datetime) -> int:
    """Mark conversations whose reply deadline passed as escalated and missed, and mail
    the lead counselors once for the whole run. Returns how many were newly escalated."""
    with transaction.atomic(using=ANONYMOUS):
        fresh = list(
            _overdue(now=now)
            .filter(escalated=False)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        if not fresh:
            return 0
        Conversation.objects.filter(pk__in=fresh).update(escalated=True, missed_deadline=True)
    total = _overdue(now=now).count()
    subject, body = _escalation_mail(fresh=len(fresh), total=total)
    for email in escalation_recipients():
        _send_after_commit(subject=subject, body=body, to=[email])
    return len(fresh)


def _send_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


def _escalation_mail(*, fresh: int, total: int) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Ruang Dengar: %(n)s percakapan melewati batas waktu balasan") % {"n": fresh}
        lines = [
            _("Halo,"),
            "",
            ngettext(
                "%(n)s percakapan Ruang Dengar baru saja melewati batas waktu balasan.",
                "%(n)s percakapan Ruang Dengar baru saja melewati batas waktu balasan.",
                fresh,
            )
            % {"n": fresh},
            _("Saat ini ada %(n)s percakapan yang menunggu balasan dan sudah melewati batas waktu.")
            % {"n": total},
            "",
            _(
                "Mohon pastikan ada konselor yang membalas, atau serahkan ke rekan yang sedang bertugas:"
            ),
            settings.SITE_URL.rstrip("/") + reverse("listening:inbox"),
            "",
            _(
                "Surel ini tidak memuat isi percakapan. Isi hanya bisa dibaca setelah masuk dengan kode kedua."
            ),
        ]
    return subject, "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ServiceRow:
    """One period of the service table; None marks a hidden cell (fewer than MIN_CELL)."""

    period: str
    opened: int | None
    median_hours: float | None
    p90_hours: int | None
    missed: int | None
    overdue: int | None


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile of a non-empty list (p90 → share 0.9)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _row(period: str, rows: list[tuple[int | None, bool, bool]], now_overdue: int) -> ServiceRow:
    if len(rows) < MIN_CELL:
        return ServiceRow(period, None, None, None, None, None)
    hours = [h for h, _missed, _late in rows if h is not None]
    enough = len(hours) >= MIN_CELL
    return ServiceRow(
        period=period,
        opened=len(rows),
        median_hours=statistics.median(hours) if enough else None,
        p90_hours=percentile(hours, 0.9) if enough else None,
        missed=sum(1 for _h, missed, _late in rows if missed),
        overdue=now_overdue,
    )


def service_rows(*, now: datetime.datetime) -> list[ServiceRow]:
    """Per period (newest first) and in total: conversations opened, median and p90 hours
    to the first human reply, deadlines missed, currently overdue. Aggregates only."""
    by_period: dict[str, list[tuple[int | None, bool, bool]]] = {}
    rows = Conversation.objects.values_list(
        "period", "first_reply_hours", "missed_deadline", "status", "waiting", "deadline"
    )
    for period, hours, missed, status, waiting, deadline in rows:
        late = (
            status == Conversation.Status.OPEN
            and waiting
            and deadline is not None
            and deadline < now
        )
        by_period.setdefault(period, []).append((hours, missed, late))
    table = [
        _row(period, values, sum(1 for *_rest, late in values if late))
        for period, values in sorted(by_period.items(), reverse=True)
    ]
    # The total covers shown periods only: subtracting it from a total over every
    # period would reveal the hidden ones.
    shown = [v for values in by_period.values() if len(values) >= MIN_CELL for v in values]
    table.append(_row("", shown, sum(1 for *_rest, late in shown if late)))
    return table
