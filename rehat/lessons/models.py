from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Completion(models.Model):
    """A leader finished a lesson. HR sees these only as counts per unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.CharField(_("pelajaran"), max_length=80)  # the lesson's slug
    completed = models.DateTimeField(_("selesai"), auto_now_add=True)

    class Meta:
        verbose_name = _("pelajaran selesai")
        verbose_name_plural = _("pelajaran selesai")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson")
        ]

    def __str__(self) -> str:
        return self.lesson


class Reflection(models.Model):
    """A leader's private note after a lesson, sealed at rest; only its author reads it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_reflections"
    )
    lesson = models.CharField(_("pelajaran"), max_length=80)
    sealed = models.BinaryField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("refleksi")
        verbose_name_plural = _("refleksi")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_reflection_per_lesson")
        ]

    def __str__(self) -> str:
        # Never the text: this may end up in a log line or an error page.
        return self.lesson
