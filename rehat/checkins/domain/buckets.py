"""Token buckets: unit subtrees big enough that a token's key says little.

A unit becomes a bucket when it and its not-yet-bucketed descendants hold at least
REHAT_MIN_BUCKET eligible employees; smaller units merge upwards. What is left at the
top forms the agency-wide bucket; if that is too small, the smallest top-level buckets
are folded into it until it is big enough.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from rehat.organizations.models import Employee, Unit

AGENCY_BUCKET = "INSTANSI"


@dataclass
class Bucket:
    code: str
    root_id: int | None
    size: int
    unit_ids: set[int] = field(default_factory=set)


def plan_buckets(*, min_size: int) -> list[Bucket]:
    units = list(Unit.objects.values_list("pk", "parent_id", "code"))
    headcount = dict(
        Employee.objects.filter(user__is_active=True)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    children: dict[int | None, list[int]] = defaultdict(list)
    code_of = {}
    for pk, parent_id, code in units:
        children[parent_id].append(pk)
        code_of[pk] = code

    buckets: list[Bucket] = []
    top_level: list[Bucket] = []

    def collect(pk: int) -> tuple[int, set[int], list[Bucket]]:
        """(remaining size, remaining units, buckets directly below) for the subtree."""
        size, members, below = headcount.get(pk, 0), {pk}, []
        for child in children.get(pk, []):
            child_size, child_members, child_below = collect(child)
            size += child_size
            members |= child_members
            below += child_below
        if size >= min_size:
            bucket = Bucket(code=code_of[pk], root_id=pk, size=size, unit_ids=members)
            buckets.append(bucket)
            return 0, set(), [bucket]
        return size, members, below

    rest_size, rest_units = 0, set()
    for root in children.get(None, []):
        size, members, below = collect(root)
        rest_size += size
        rest_units |= members
        top_level += below

    agency = Bucket(code=AGENCY_BUCKET, root_id=None, size=rest_size, unit_ids=rest_units)
    if agency.size == 0:
        return sorted(buckets, key=lambda b: b.code)
    # Fold the smallest top-level buckets into the agency-wide one until it is big enough.
    for bucket in sorted(top_level, key=lambda b: (b.size, b.code)):
        if agency.size >= min_size:
            break
        buckets.remove(bucket)
        agency.size += bucket.size
        agency.unit_ids |= bucket.unit_ids
    if agency.size < min_size:
        return []  # the whole agency is smaller than one bucket: no tokens at all
    buckets.append(agency)
    return sorted(buckets, key=lambda b: b.code)
