"""Youth-entrepreneur training (青年企业家培训班): cohorts, their sessions (the curriculum), trainees,
attendance and certificates.

A cohort belongs to one district and one year and has a curriculum of sessions, a capacity and an
application window; young entrepreneurs of the district's enterprises apply (or staff enrol them), staff
approve; attendance is taken per session; a trainee who meets the cohort's completion rule graduates and
receives a certificate with a verification number that anyone can check on a public page.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.models import District


class Cohort(models.Model):
    """A training cohort (一期培训班)."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(pgettext_lazy("cohort", "year"))
    name = models.CharField(pgettext_lazy("cohort", "name"), max_length=100)

    class Meta:
        verbose_name = _("training cohort")
        verbose_name_plural = _("training cohorts")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="cohort_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    """A session of a cohort's curriculum: a date and time, a topic, a place."""

    cohort = models.ForeignKey(Cohort, models.CASCADE, related_name="sessions", verbose_name=_("training cohort"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=100)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["cohort_id", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="training_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.topic
