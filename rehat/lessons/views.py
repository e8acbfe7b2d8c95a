"""Lessons for leaders: the list, one lesson (or the conversation guide), completing a
lesson with an optional private reflection, and HR's completion counts."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.accounts.models import User
from rehat.lessons.domain.content import (
    GUIDE,
    LESSON,
    SECTION_LABELS,
    Lesson,
    Text,
    lessons_of_kind,
)
from rehat.lessons.domain.markup import render_markup
from rehat.lessons.domain.progress import (
    complete_lesson,
    completed_slugs,
    count_progress_by_lesson,
    count_progress_by_unit,
    delete_reflection,
    read_reflection,
    save_reflection,
)
from rehat.lessons.domain.released import nudges_for_leader
from rehat.lessons.forms import ReflectionForm
from rehat.lessons.permissions import (
    LEARNERS,
    PROGRESS_VIEWERS,
    READERS,
    get_learnable_lesson,
    get_lesson,
)
from rehat.organizations.permissions import LEADER, has_role, role_required
from rehat.worktime.domain.summary import leader_footprint

# The body of a page, in reading order; summary, reflection and sources are laid out apart.
BODY = {
    LESSON: ("lesson", "exercise", "action_step"),
    GUIDE: ("before", "opening", "questions_one", "questions_team", "closing", "dont_promise"),
}


def _html(text: str) -> SafeString:
    # render_markup escapes every character of the file before adding its own tags.
    return mark_safe(render_markup(text))  # noqa: S308


def _sections(lesson: Lesson, text: Text) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": text.label(key), "html": _html(text.section(key))}
        for key in BODY[lesson.kind]
        if text.section(key)
    ]


@never_cache  # a leader's own footprint and progress are on it
@require_GET
@role_required(*READERS)
def lesson_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    lessons = lessons_of_kind(kind=LESSON)
    done = completed_slugs(user=request.user) if has_role(request.user, LEADER) else set()
    rows = [
        {"lesson": lesson, "text": lesson.text(), "done": lesson.slug in done} for lesson in lessons
    ]
    context = {
        **(own_footprint(request.user) if has_role(request.user, LEADER) else {}),
        "rows": rows,
        "guides": [{"lesson": g, "text": g.text()} for g in lessons_of_kind(kind=GUIDE)],
        "is_leader": has_role(request.user, LEADER),
        "done_count": sum(1 for row in rows if row["done"]),
        "lesson_count": len(rows),
    }
    return render(request, "lessons/lesson_list.html", context)


@never_cache
@require_GET
@role_required(*READERS)
def lesson_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    lesson = get_lesson(slug=slug)
    template = "lessons/guide.html" if lesson.kind == GUIDE else "lessons/lesson_detail.html"
    return render(request, template, _detail_context(request, lesson))


def _detail_context(
    request: AuthenticatedHttpRequest, lesson: Lesson, form: ReflectionForm | None = None
) -> dict[str, Any]:
    text = lesson.text()
    context: dict[str, Any] = {
        "lesson": lesson,
        "text": text,
        "labels": SECTION_LABELS[text.language],
        "summary": _html(text.section("summary")),
        "sections": _sections(lesson, text),
        "reflection_prompt": _html(text.section("reflection")),
        "is_learner": lesson.kind == LESSON and has_role(request.user, LEADER),
    }
    if context["is_learner"]:
        context["done"] = lesson.slug in completed_slugs(user=request.user)
        mine = read_reflection(user=request.user, lesson=lesson)
        context["has_reflection"] = bool(mine)
        context["form"] = form or ReflectionForm(initial={"text": mine})
    return context


@never_cache
@require_POST
@role_required(*LEARNERS)
def lesson_complete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    lesson = get_learnable_lesson(slug=slug)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, lesson, form)
        return render(request, "lessons/lesson_detail.html", context, status=400)
    complete_lesson(user=request.user, lesson=lesson)
    save_reflection(user=request.user, lesson=lesson, text=form.cleaned_data["text"])
    messages.success(request, _("Tersimpan. Terima kasih sudah meluangkan waktu."))
    return redirect("lessons:lesson-detail", slug=lesson.slug)


@never_cache
@require_POST
@role_required(*LEARNERS)
def reflection_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    lesson = get_learnable_lesson(slug=slug)
    delete_reflection(user=request.user, lesson=lesson)
    messages.success(request, _("Refleksi Anda sudah dihapus."))
    return redirect("lessons:lesson-detail", slug=lesson.slug)


@require_GET
@role_required(*PROGRESS_VIEWERS)
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "units": count_progress_by_unit(),
        "lessons": [
            {"text": row.lesson.text(), "leaders": row.leaders}
            for row in count_progress_by_lesson()
        ],
    }
    return render(request, "lessons/progress.html", context)


def own_footprint(user: User) -> dict[str, Any]:
    """Context for lessons/includes/own_footprint.html: the user's own after-hours messages.

    Only ever called with the signed-in user, for a page that only they see."""
    footprint = leader_footprint(user)
    share = footprint.after_hours_share if footprint is not None else None
    return {
        "own_footprint": footprint,
        "own_footprint_percent": None if share is None else 100 * share,
    }


def leader_nudges(user: User) -> dict[str, Any]:
    """Context for lessons/includes/leader_nudges.html on the leader's home page."""
    nudges = nudges_for_leader(user=user)
    return {
        **own_footprint(user),
        "lesson_nudges": [
            {
                "kind": nudge.kind,
                "units": nudge.units,
                "lesson": nudge.lesson,
                "text": nudge.lesson.text(),
                "action_step": _html(nudge.lesson.text().section("action_step")),
            }
            for nudge in nudges
        ],
        "lesson_guides": lessons_of_kind(kind=GUIDE),
    }
