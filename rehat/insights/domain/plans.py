"""Action plans ("Kami mendengar"): written by a unit's leader, read by its people."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet

from rehat.accounts.models import User
from rehat.insights.models import ActionPlan, PlanHelpful
from rehat.organizations.models import Unit


def create_action_plan(
    *, unit: Unit, author: User, heard: str, will_do: str, due: datetime.date
) -> ActionPlan:
    return ActionPlan.objects.create(
        unit=unit, author=author, heard=heard.strip(), will_do=will_do.strip(), due=due
    )


def mark_helpful(*, plan: ActionPlan, user: User) -> bool:
    """False when this person had marked it already."""
    try:
        with transaction.atomic():
            PlanHelpful.objects.create(plan=plan, user=user)
    except IntegrityError:
        return False
    return True


def plans_for_units(*, unit_ids: list[int]) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(unit_id__in=unit_ids)
        .select_related("unit")
        .annotate(helpful_count=Count("helpful"))
        .order_by("-created")
    )


def units_with_plans() -> dict[int, int]:
    """unit pk → number of plans, for HR's overview."""
    return dict(
        ActionPlan.objects.values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
