"""Support circles: a counselor opens a group session, employees take a seat under a
display name they choose. Only the facilitator sees the list of display names."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.counseling.domain.sealed import holder_for_user
from rehat.counseling.models import Circle, CircleSeat, Counselor


class CircleError(Exception):
    pass


def seat_holder(*, circle: Circle, user: User) -> bytes:
    return holder_for_user(user=user, scope=f"circle-{circle.code}")


def open_circle(
    *,
    facilitator: Counselor,
    topic: str,
    starts: datetime.datetime,
    minutes: int,
    size_limit: int,
    place: str,
) -> Circle:
    return Circle.objects.create(
        facilitator=facilitator,
        topic=topic,
        starts=starts,
        minutes=minutes,
        size_limit=size_limit,
        place=place,
    )


def seat_of(*, circle: Circle, user: User) -> CircleSeat | None:
    return circle.seats.filter(holder=seat_holder(circle=circle, user=user)).first()


def join_circle(
    *, circle: Circle, user: User, display_name: str, now: datetime.datetime
) -> CircleSeat:
    if circle.status != Circle.Status.OPEN or circle.starts <= now:
        raise CircleError(_("Lingkaran ini tidak menerima peserta lagi."))
    if circle.facilitator.user_id == user.pk:
        raise CircleError(_("Anda memandu lingkaran ini."))
    try:
        with transaction.atomic():
            locked = Circle.objects.select_for_update().get(pk=circle.pk)
            if locked.seats.count() >= locked.size_limit:
                raise CircleError(_("Maaf, lingkaran ini sudah penuh."))
            return CircleSeat.objects.create(
                circle=locked,
                holder=seat_holder(circle=circle, user=user),
                display_name=display_name.strip(),
            )
    except IntegrityError:
        raise CircleError(_("Anda sudah terdaftar di lingkaran ini.")) from None


def leave_circle(*, circle: Circle, user: User) -> bool:
    deleted, _rows = circle.seats.filter(holder=seat_holder(circle=circle, user=user)).delete()
    return deleted > 0


def cancel_circle(*, circle: Circle) -> None:
    circle.status = Circle.Status.CANCELLED
    circle.save(update_fields=["status"])
