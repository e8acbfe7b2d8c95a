"""Who may open which lesson page. Content is not secret; progress and reflections are.

- Leaders read lessons, complete them, and keep reflections (their own only).
- HR reads lessons (to review and extend them) and sees completion counts per unit.
- Nobody reads another person's reflection: the domain only reads the requester's own.
"""

from django.http import Http404

from rehat.lessons.domain.content import LESSON, Lesson, all_lessons
from rehat.organizations.permissions import HR, LEADER

READERS = (LEADER, HR)
LEARNERS = (LEADER,)
PROGRESS_VIEWERS = (HR,)


def get_lesson(*, slug: str, kind: str | None = None) -> Lesson:
    """The lesson or guide with this slug (of `kind`, if given), else 404."""
    lesson = all_lessons().get(slug)
    if lesson is None:
        raise Http404
    if kind is not None and lesson.kind != kind:
        raise Http404
    return lesson


def get_learnable_lesson(*, slug: str) -> Lesson:
    """Only lessons are completed and reflected on; the guide is not."""
    return get_lesson(slug=slug, kind=LESSON)
