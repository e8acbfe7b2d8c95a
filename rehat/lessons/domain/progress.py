"""Leaders' progress through the lessons, their private reflections, and HR's counts.

A reflection is sealed with a purpose bound to its author and lesson, so a sealed value
copied onto another row cannot be opened there. The only read path takes the author as
its argument: there is no function that reads someone else's reflection.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from rehat.accounts.models import User
from rehat.lessons.domain.content import LESSON, Lesson, lessons_of_kind
from rehat.lessons.models import Completion, Reflection
from rehat.lib.sealing import seal, unseal
from rehat.organizations.models import Role

MAX_REFLECTION = 4000


def _purpose(user: User, lesson: Lesson) -> str:
    return f"lesson-reflection:{user.code}:{lesson.slug}"


def complete_lesson(*, user: User, lesson: Lesson) -> Completion:
    completion, _ = Completion.objects.get_or_create(user=user, lesson=lesson.slug)
    return completion


def completed_slugs(*, user: User) -> set[str]:
    return set(Completion.objects.filter(user=user).values_list("lesson", flat=True))


def save_reflection(*, user: User, lesson: Lesson, text: str) -> Reflection | None:
    """Seal and store the author's reflection; an empty text removes it."""
    text = text.strip()[:MAX_REFLECTION]
    if not text:
        delete_reflection(user=user, lesson=lesson)
        return None
    sealed = seal(text.encode(), secret=settings.MASTER_KEY, purpose=_purpose(user, lesson))
    reflection, _ = Reflection.objects.update_or_create(
        user=user, lesson=lesson.slug, defaults={"sealed": sealed}
    )
    return reflection


def read_reflection(*, user: User, lesson: Lesson) -> str:
    """The author's own reflection on `lesson`, or ""."""
    row = Reflection.objects.filter(user=user, lesson=lesson.slug).first()
    if row is None:
        return ""
    plain = unseal(bytes(row.sealed), secret=settings.MASTER_KEY, purpose=_purpose(user, lesson))
    return plain.decode()


def delete_reflection(*, user: User, lesson: Lesson) -> None:
    Reflection.objects.filter(user=user, lesson=lesson.slug).delete()


@dataclass(frozen=True)
class UnitProgress:
    """Counts only: how many leaders, how many lessons they finished, how many finished all."""

    code: str
    name: str
    depth: int
    leaders: int
    completions: int
    finished_all: int


@dataclass(frozen=True)
class LessonCount:
    lesson: Lesson
    leaders: int


def count_progress_by_unit() -> list[UnitProgress]:
    """Per led unit, in tree order. Two queries whatever the number of units."""
    slugs = {lesson.slug for lesson in lessons_of_kind(kind=LESSON)}
    roles = (
        Role.objects.filter(kind=Role.Kind.LEADER)
        .select_related("unit")
        .order_by("unit__path", "user_id")
    )
    units: dict[int, tuple[str, str, int]] = {}
    leaders_of: dict[int, set[int]] = defaultdict(set)
    for role in roles:
        assert role.unit is not None  # a leader role always has a unit (check constraint)
        units[role.unit.pk] = (role.unit.code, role.unit.name, role.unit.depth)
        leaders_of[role.unit.pk].add(role.user_id)
    done: dict[int, set[str]] = defaultdict(set)
    everyone = set().union(*leaders_of.values()) if leaders_of else set()
    for user_id, slug in Completion.objects.filter(user_id__in=everyone).values_list(
        "user_id", "lesson"
    ):
        if slug in slugs:
            done[user_id].add(slug)
    return [
        UnitProgress(
            code=code,
            name=name,
            depth=depth,
            leaders=len(leaders_of[pk]),
            completions=sum(len(done[user_id]) for user_id in leaders_of[pk]),
            finished_all=sum(1 for user_id in leaders_of[pk] if slugs and done[user_id] >= slugs),
        )
        for pk, (code, name, depth) in units.items()
    ]


def count_progress_by_lesson() -> list[LessonCount]:
    """Agency-wide: how many current leaders finished each lesson."""
    leaders = Role.objects.filter(kind=Role.Kind.LEADER).values("user_id")
    counts: dict[str, int] = defaultdict(int)
    for slug in Completion.objects.filter(user_id__in=leaders).values_list("lesson", flat=True):
        counts[slug] += 1
    return [LessonCount(lesson, counts[lesson.slug]) for lesson in lessons_of_kind(kind=LESSON)]
