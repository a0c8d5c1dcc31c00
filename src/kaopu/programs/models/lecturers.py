"""The lecturers' group (讲师团): entrepreneurs and experts who speak at activities and training sessions.

A lecturer belongs to a district's group; an entrepreneur names their enterprise. A lecturer may have an
account (``user``) with which they answer bookings themselves; without one, staff answer on their behalf.
Bookings (a chamber or staff asking a lecturer to speak at an activity or a training session) are
kept with their answers, which makes each lecturer's history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
    topics = models.TextField(_("topics"), max_length=2000)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                related_name="lecturer", verbose_name=_("account"))
    is_active = models.BooleanField(pgettext_lazy("lecturer", "in the group"), default=True)

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
