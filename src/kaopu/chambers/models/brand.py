"""One chamber, one brand (一会一品): a chamber's yearly brand project, its plan, outcomes and photos; and the
marker that a leadership term's end was announced to staff (the nightly reminder, kaopu.chambers.tasks).

A brand project belongs to one chamber and one year. Its plan is a list of rows (a month or a day, and what
happens); its outcomes are figures with their unit (“服务企业 120 家”) or a sentence; its photos are
re-encoded on upload (kaopu.publicity.images) and served only to those who see the chamber. Staff may
feature a project (a flag and the day it was featured) for the public site.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.chambers.models.chamber import Chamber, LeadershipTerm


class BrandProject(models.Model):
    """A chamber's one-chamber-one-brand project (一会一品) of a year."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNDER_WAY = "under_way", _("under way")
        COMPLETED = "completed", _("completed")

    chamber = models.ForeignKey(Chamber, models.PROTECT, related_name="brand_projects", verbose_name=_("chamber"))
    title = models.CharField(pgettext_lazy("project", "title"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    goals = models.TextField(_("goals"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    featured = models.BooleanField(_("featured"), default=False)
    featured_on = models.DateField(_("featured on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("brand project")
        verbose_name_plural = _("brand projects")
        ordering = ["-year", "-id"]
        indexes = [
            # A chamber's projects on its page, newest year first.
            models.Index(fields=["chamber", "-year", "-id"], name="chamber_brand_by_chamber"),
            # The staff list of brand projects (keyset on id) and the featured ones for the public site.
            models.Index(fields=["year", "id"], name="chamber_brand_by_year"),
            models.Index(fields=["featured_on", "id"], name="chamber_brand_featured", condition=Q(featured=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chamber", "year", "title"], name="chamber_brand_title_unique"),
            models.CheckConstraint(condition=Q(featured=False) | Q(featured_on__isnull=False),
                                   name="chamber_brand_featured_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class BrandPlanItem(models.Model):
    """One row of a brand project's plan: when (a month, or a day) and what."""

    project = models.ForeignKey(BrandProject, models.CASCADE, related_name="plan", verbose_name=_("brand project"))
    planned_on = models.DateField(_("when"))
    whole_month = models.BooleanField(_("in the month"), default=True,
                                      help_text=_("The row names a month (planned_on is its first day)."))
    what = models.CharField(_("what"), max_length=200)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["project_id", "planned_on", "id"]

    def __str__(self) -> str:
        when = self.planned_on.strftime("%Y-%m" if self.whole_month else "%Y-%m-%d")
        return f"{when} {self.what}"


class BrandOutcome(models.Model):
    """An outcome of a brand project: a figure with its unit and/or a sentence."""

    project = models.ForeignKey(BrandProject, models.CASCADE, related_name="outcomes",
                                verbose_name=_("brand project"))
    figure = models.DecimalField(_("figure"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    text = models.CharField(_("what was achieved"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("project", "outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["project_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(figure__isnull=True) | ~Q(unit=""), name="chamber_outcome_figure_unit"),
        ]

    def __str__(self) -> str:
        figure = f"{Decimal(str(self.figure)).normalize():f} {self.unit} " if self.figure is not None else ""
        return f"{figure}{self.text}"


def photo_path(instance: BrandPhoto, filename: str) -> str:
    """A random name with the extension of the re-encoded format (never the uploaded name)."""
    return f"chambers/brand/{uuid.uuid4().hex}{filename[filename.rfind('.'):] if '.' in filename else ''}"


class BrandPhoto(models.Model):
    """A photo of a brand project, re-encoded on upload (kaopu.publicity.images)."""

    project = models.ForeignKey(BrandProject, models.CASCADE, related_name="photos", verbose_name=_("brand project"))
    file = models.FileField(_("file"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("file name"), max_length=200)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("brand project photo")
        verbose_name_plural = _("brand project photos")
        ordering = ["project_id", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name


class TermReminder(models.Model):
    """That staff were told a term ends in ``days_before`` days (90 or 30): the nightly task sends each
    reminder once (the unique constraint, taken under the term's row lock)."""

    term = models.ForeignKey(LeadershipTerm, models.CASCADE, related_name="reminders",
                             verbose_name=pgettext_lazy("chamber", "term"))
    days_before = models.PositiveSmallIntegerField(_("days before the end"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("term-end reminder")
        verbose_name_plural = _("term-end reminders")
        constraints = [
            models.UniqueConstraint(fields=["term", "days_before"], name="chamber_term_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.term} −{self.days_before}"
