"""Alerts: a unit whose released numbers stay bad for several periods in a row.

The rule is configurable (settings, with these defaults): WHO-5 mean below
REHAT_ALERT_WHO5_BELOW (50) or the high-burnout share above REHAT_ALERT_BURNOUT_ABOVE
(0.30) in each of the last REHAT_ALERT_PERIODS (3) pulse releases. A suppressed or
missing period breaks the run: alerts read released rows only, like everything else.
Each alert goes by email to HR and to the unit's leaders, once.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.tasks import send_email
from rehat.insights.domain.read import recent_periods, series
from rehat.insights.models import Alert
from rehat.organizations.models import Role, Unit


@dataclass(frozen=True)
class Rule:
    periods: int
    who5_below: float
    burnout_above: float


def alert_rule() -> Rule:
    return Rule(
        periods=max(1, int(getattr(settings, "REHAT_ALERT_PERIODS", 3))),
        who5_below=float(getattr(settings, "REHAT_ALERT_WHO5_BELOW", 50.0)),
        burnout_above=float(getattr(settings, "REHAT_ALERT_BURNOUT_ABOVE", 0.30)),
    )


def raise_alerts(*, rule: Rule | None = None) -> list[Alert]:
    """Create (and mail) the alerts the latest releases call for; returns the new ones."""
    rule = rule or alert_rule()
    periods = recent_periods(kind="pulse", limit=rule.periods)
    if len(periods) < rule.periods:
        return []
    units = {u.code: u for u in Unit.objects.all()}
    made = []
    for code, cells in series(units=list(units), periods=periods).items():
        who5 = [c.value("who5_mean") for c in cells]
        burnout = [c.value("burnout_share") for c in cells]
        checks = [
            (
                Alert.Metric.LOW_WELLBEING,
                [-v if v is not None else None for v in who5],
                -rule.who5_below,
            ),
            (Alert.Metric.HIGH_BURNOUT, burnout, rule.burnout_above),
        ]
        for metric, values, above in checks:
            if not all(v is not None and v > above for v in values):
                continue
            alert, created = Alert.objects.get_or_create(
                unit=units[code],
                metric=metric,
                last_period=periods[-1],
                defaults={
                    "periods": periods,
                    "values": who5 if metric == Alert.Metric.LOW_WELLBEING else burnout,
                },
            )
            if created:
                made.append(alert)
                transaction.on_commit(partial(notify_alert, alert=alert))
    return made


def alert_recipients(*, alert: Alert) -> list[str]:
    """HR, and the leaders of the unit (or, if it has none, of the nearest unit above)."""
    hr = Role.objects.filter(kind=Role.Kind.HR, user__is_active=True)
    emails = set(hr.values_list("user__email", flat=True))
    leaders = dict(
        Role.objects.filter(kind=Role.Kind.LEADER, user__is_active=True).values_list(
            "unit_id", "user__email"
        )
    )
    for pk in [alert.unit.pk, *reversed(alert.unit.ancestor_ids())]:
        found = Role.objects.filter(kind=Role.Kind.LEADER, unit_id=pk, user__is_active=True)
        if pk in leaders:
            emails |= set(found.values_list("user__email", flat=True))
            break
    return sorted(e for e in emails if e)


def notify_alert(*, alert: Alert) -> None:
    to = alert_recipients(alert=alert)
    if not to:
        return
    what = alert.get_metric_display()
    subject = _("Rehat: perlu perhatian di %(unit)s") % {"unit": alert.unit.name}
    body = _(
        "Angka yang dirilis untuk %(unit)s menunjukkan %(what)s selama %(n)d periode "
        "terakhir (%(periods)s).\n\nIni angka gabungan yang sudah diberi derau, bukan data "
        'perorangan. Lihat dasbor dan pertimbangkan rencana "Kami mendengar" bersama tim.'
    ) % {
        "unit": alert.unit.name,
        "what": what,
        "n": len(alert.periods),
        "periods": ", ".join(alert.periods),
    }
    send_email.enqueue(subject=subject, body=body, to=to)


__all__ = ["Rule", "alert_recipients", "alert_rule", "notify_alert", "raise_alerts"]
