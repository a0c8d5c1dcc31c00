"""Programs (活动与培训): the activities the FIC and its chambers hold. An activity held at an education site
names it (``site``); ``place`` stays for venues that are not sites.

An activity is organised by the FIC (``chamber`` empty) or by one chamber of the district; its district
is the FIC's or the chamber's, so that every access rule and every figure filters on one column. Its
types are data that staff edit (理论学习, 党建, 培训 …). The enterprises taking part are picked from what
the organiser may name: the district's directory for the FIC, the chamber's current members for a
chamber (kaopu.programs.actions), so that a chamber officer reading their activity sees no enterprise
they could not see anyway.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.chambers.models import Chamber
from kaopu.directory.models import District, Enterprise
from kaopu.programs.models.sites import EducationSite


class ActivityType(models.Model):
    """A type of activity (理论学习, 党建, 培训 …): staff add, rename, reorder and retire them."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """An activity (活动) held by the FIC or by a chamber: a study session, a visit, a forum …"""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    # Empty: the FIC's own activity. A chamber's activity belongs to the chamber's district.
    chamber = models.ForeignKey(Chamber, models.PROTECT, null=True, blank=True, related_name="activities",
                                verbose_name=_("organised by chamber"))
    type = models.ForeignKey(ActivityType, models.PROTECT, related_name="activities",
                             verbose_name=_("activity type"))
    title = models.CharField(pgettext_lazy("activity", "title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    site = models.ForeignKey(EducationSite, models.PROTECT, null=True, blank=True, related_name="activities",
                             db_index=False, verbose_name=_("education site"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    enterprises = models.ManyToManyField(Enterprise, blank=True, related_name="+",
                                         verbose_name=_("enterprises taking part"))
    people = models.TextField(_("people taking part"), max_length=3000, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    report = models.TextField(_("short report"), max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        indexes = [
            # The staff list (keyset on starts_at, id; the year filter is a range on starts_at), the yearly
            # figures and the cockpit's "activities held" (a district's activities of a period).
            models.Index(fields=["district", "starts_at", "id"], name="activity_district_start"),
            # The staff list filtered by type.
            models.Index(fields=["district", "type", "starts_at", "id"], name="activity_district_type"),
            # A chamber's list, its section on the chamber's page and the officer's start page.
            models.Index(fields=["chamber", "starts_at", "id"], name="activity_chamber_start"),
            # The activities held at a site (its page and the count per site).
            models.Index(fields=["site", "starts_at", "id"], name="activity_site_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                                   name="activity_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser(self) -> str:
        return self.chamber.name if self.chamber_id else str(_("the FIC"))


def photo_path(instance: ActivityPhoto, filename: str) -> str:
    """A random name with the extension of the re-encoded format (kaopu.publicity.images)."""
    extension = filename[filename.rfind("."):] if "." in filename else ""
    return f"programs/photos/{uuid.uuid4().hex}{extension}"


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded on upload: served from this file, to who may see the activity."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos", verbose_name=_("activity"))
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
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["activity_id", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name
