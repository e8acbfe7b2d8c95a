"""Released statistics: the only numbers a dashboard, report or export ever reads.

They live on the anonymous side because they are computed from it; they are aggregate,
non-personal data. Like every anonymous table: UUIDv4 keys, no time columns, period
codes only, no relation to anything on the identity side (units are referred to by
their public code). Rows are written once, by `release_period`, and never change.
"""

import uuid
from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    """A released row was about to change. Released numbers are final."""


class ImmutableQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableError("released rows never change")

    def delete(self) -> NoReturn:
        raise ImmutableError("released rows are never deleted")


class Immutable(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("released rows never change")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableError("released rows are never deleted")


class Release(Immutable):
    """One period's release: its parameters, so every number can be explained later."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()  # the ε ledger's budget year
    epsilon = models.FloatField()  # spent per token bucket
    min_group = models.PositiveSmallIntegerField()
    buckets = models.PositiveIntegerField()
    method = models.JSONField(default=dict)  # per query: ε, sensitivity, noise scale

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("rilis")
        verbose_name_plural = _("rilis")

    def __str__(self) -> str:
        return self.period


class ReleasedStat(Immutable):
    """One unit subtree (or token bucket, or the agency) in one release.

    `sums` holds the noisy aggregates (counts and clamped sums); `stats` the values
    derived from them (means, shares) with their 95 % intervals. A suppressed row
    keeps neither: only the fact that it is not shown.
    """

    class Scope(models.TextChoices):
        AGENCY = "agency", _("instansi")
        SUBTREE = "subtree", _("unit dan sub-unitnya")
        BUCKET = "bucket", _("kelompok token")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="stats")
    period = models.CharField(max_length=40)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    unit = models.CharField(max_length=40, blank=True)  # unit code; "" for the agency
    parent = models.CharField(max_length=40, blank=True)  # the parent's code at release
    suppressed = models.BooleanField(default=False)
    n = models.IntegerField(null=True)  # noisy number of respondents
    sums = models.JSONField(default=dict)
    stats = models.JSONField(default=dict)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistik rilis")
        verbose_name_plural = _("statistik rilis")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "scope", "unit"], name="one_released_row_per_scope_unit"
            )
        ]
        indexes = [models.Index(fields=["unit", "period"], name="released_unit_period")]

    def __str__(self) -> str:
        return f"{self.period} {self.scope} {self.unit}"


class EpsilonLedger(Immutable):
    """The privacy loss spent on one token bucket by one period's release."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bucket = models.CharField(max_length=40)
    period = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    epsilon = models.FloatField()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("buku ε")
        verbose_name_plural = _("buku ε")
        constraints = [
            models.UniqueConstraint(
                fields=["bucket", "period"], name="one_charge_per_bucket_period"
            )
        ]
        indexes = [models.Index(fields=["bucket", "year"], name="epsilon_bucket_year")]

    def __str__(self) -> str:
        return f"{self.bucket} {self.period} ε={self.epsilon}"
