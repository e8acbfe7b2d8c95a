"""Running releases from the identity side: which periods wait, and the unit tree.

Releases are per token bucket. Periods with keys use their TokenKey rows (bucket → root
unit); periods without (the seeded demo history) use today's `plan_buckets`, the same
plan that seeded them.
"""

import logging

from django.conf import settings

from rehat.checkins.domain.buckets import AGENCY_BUCKET, plan_buckets
from rehat.checkins.models import Period, Purpose, TokenKey
from rehat.organizations.models import Unit
from rehat.releases.domain import Budget, PeriodInfo, ReleaseError, Tree, release_period
from rehat.releases.domain.suppression import AGENCY
from rehat.releases.models import Release

logger = logging.getLogger(__name__)

RELEASABLE_KINDS = ("pulse", "screening", "climate")


def build_tree(*, period: Period) -> Tree:
    units = list(Unit.objects.values_list("pk", "code", "parent_id"))
    code_of = {pk: code for pk, code, _parent in units}
    parent = {code: code_of[up] if up else AGENCY for _pk, code, up in units}
    keys = list(
        TokenKey.objects.filter(period=period, purpose=Purpose.CHECKIN).values_list(
            "bucket", "root_id"
        )
    )
    if keys:
        roots = {bucket: code_of.get(root, AGENCY) if root else AGENCY for bucket, root in keys}
    else:
        roots = {
            b.code: code_of[b.root_id] if b.root_id else AGENCY
            for b in plan_buckets(min_size=settings.REHAT_MIN_BUCKET)
        }
    roots.setdefault(AGENCY_BUCKET, AGENCY)
    return Tree(parent=parent, bucket_root=roots)


def pending_periods() -> list[Period]:
    """Closed periods of a releasable kind that have no release yet, oldest first."""
    released = set(Release.objects.values_list("period", flat=True))
    closed = Period.objects.filter(status=Period.Status.CLOSED, kind__in=RELEASABLE_KINDS).order_by(
        "starts", "code"
    )
    return [p for p in closed if p.code not in released]


def release_one(*, period: Period, budget: Budget | None = None) -> Release:
    if period.status != Period.Status.CLOSED:
        raise ReleaseError(f"{period.code} is not closed: no live numbers")
    return release_period(
        period=PeriodInfo(code=period.code, kind=period.kind, year=period.starts.year),
        tree=build_tree(period=period),
        budget=budget,
    )


def release_pending(*, budget: Budget | None = None) -> dict[str, list[str]]:
    """Release every waiting period; one refusal does not stop the others."""
    done, refused = [], []
    for period in pending_periods():
        try:
            release_one(period=period, budget=budget)
        except ReleaseError as e:
            logger.warning("release of %s refused: %s", period.code, e)
            refused.append(period.code)
        else:
            done.append(period.code)
    return {"released": done, "refused": refused}
