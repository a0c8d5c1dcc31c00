"""The lecturers' group (讲师团): entrepreneurs and experts who speak at activities and training sessions.

A lecturer belongs to a district's group; an entrepreneur names their enterprise. A lecturer may have an
account (``user``) with which they answer bookings themselves; without one, staff answer on their behalf.
Bookings (a chamber or staff asking a lecturer to speak at an activity or a training session) are
kept with their answers, which makes each lecturer's history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.models import District, Enterprise


class Lecturer(models.Model):
    """A member of the lecturers' group."""

    class Kind(models.TextChoices):
        ENTREPRENEUR = "entrepreneur", pgettext_lazy("lecturer", "entrepreneur")
        EXPERT = "expert", pgettext_lazy("lecturer", "expert")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    kind = models.CharField(pgettext_lazy("lecturer", "kind"), max_length=15, choices=Kind)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("enterprise"))
    affiliation = models.CharField(_("affiliation and title"), max_length=100, blank=True)
    topics = models.TextField(pgettext_lazy("lecturer", "topics"), max_length=2000)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                related_name="lecturer", verbose_name=_("account"))
    is_active = models.BooleanField(pgettext_lazy("lecturer", "in the group"), default=True)

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["name", "id"]
        indexes = [
            # The group's list and the booking picker: a district's active lecturers by name.
            models.Index(fields=["district", "is_active", "name"], name="lecturer_district_active"),
        ]

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    """A request that a lecturer speak at an activity or a training session (讲师预约), and its answer.

    requested → accepted | declined (with a reason) | cancelled (by the requester); an accepted booking
    may still be cancelled. Answered by the lecturer's own account or by staff on their behalf
    (``answered_by`` says who). Written only by kaopu.programs.actions_lecturers."""

    class State(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("booking", "waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("booking", "accepted")
        DECLINED = "declined", pgettext_lazy("booking", "declined")
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    lecturer = models.ForeignKey(Lecturer, models.PROTECT, related_name="bookings", verbose_name=_("lecturer"))
    activity = models.ForeignKey("programs.Activity", models.PROTECT, null=True, blank=True,
                                 related_name="lecturer_bookings", verbose_name=_("activity"))
    training_session = models.ForeignKey("programs.TrainingSession", models.PROTECT, null=True, blank=True,
                                         related_name="lecturer_bookings", verbose_name=_("training session"))
    topic = models.CharField(pgettext_lazy("booking", "topic"), max_length=100)
    note = models.TextField(pgettext_lazy("booking", "note"), max_length=1000, blank=True)
    state = models.CharField(pgettext_lazy("booking", "state"), max_length=10, choices=State,
                             default=State.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=pgettext_lazy("booking", "requested by"))
    requested_at = models.DateTimeField(pgettext_lazy("booking", "requested at"), auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(pgettext_lazy("booking", "reason for declining"), max_length=200, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lecturer booking")
        verbose_name_plural = _("lecturer bookings")
        ordering = ["-id"]
        indexes = [
            # A lecturer's history (keyset on id) and their invitations waiting for an answer.
            models.Index(fields=["lecturer", "state", "id"], name="booking_lecturer_state"),
            # The district's bookings waiting for an answer (staff's start page).
            models.Index(fields=["district", "state", "id"], name="booking_district_state"),
        ]
        constraints = [
            # Exactly one of the two events a lecturer may speak at.
            models.CheckConstraint(condition=Q(activity__isnull=False, training_session__isnull=True)
                                   | Q(activity__isnull=True, training_session__isnull=False),
                                   name="booking_one_event"),
            models.CheckConstraint(condition=~Q(state="declined") | ~Q(decline_reason=""),
                                   name="booking_declined_with_reason"),
            # One open booking of a lecturer per event.
            models.UniqueConstraint(fields=["lecturer", "activity"], condition=Q(state__in=["requested", "accepted"]),
                                    name="booking_open_per_activity"),
            models.UniqueConstraint(fields=["lecturer", "training_session"],
                                    condition=Q(state__in=["requested", "accepted"]),
                                    name="booking_open_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.lecturer}：{self.topic}"

    @property
    def event(self) -> Any:
        return self.activity if self.activity_id else self.training_session
