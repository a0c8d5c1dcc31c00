"""Ideals-and-beliefs education sites (理想信念教育基地): the guidance sites (指导点) and demonstration
sites (示范点) the FIC designates at enterprises and chambers, where activities are held.

A site belongs to one district; it is hosted by an enterprise or a chamber (or neither, for a public
venue) and lies in a subdistrict, which the map-free list shows. Activities name the site they were held
at (Activity.site), which is how activities are counted per site.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.chambers.models import Chamber
from kaopu.directory.models import District, Enterprise, Subdistrict


class EducationSite(models.Model):
    """An education site (指导点 or 示范点)."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", pgettext_lazy("education site", "guidance site")
        DEMONSTRATION = "demonstration", pgettext_lazy("education site", "demonstration site")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("education site", "active")
        SUSPENDED = "suspended", pgettext_lazy("education site", "suspended")
        WITHDRAWN = "withdrawn", pgettext_lazy("education site", "withdrawn")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(pgettext_lazy("education site", "name"), max_length=100)
    kind = models.CharField(pgettext_lazy("education site", "kind"), max_length=15, choices=Kind)
    subdistrict = models.ForeignKey(Subdistrict, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("subdistrict"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    host_enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("host enterprise"))
    host_chamber = models.ForeignKey(Chamber, models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("host chamber"))
    capacity = models.PositiveIntegerField(pgettext_lazy("education site", "capacity"), null=True, blank=True)
    designated_year = models.PositiveSmallIntegerField(_("year designated"))
    status = models.CharField(pgettext_lazy("education site", "status"), max_length=10, choices=Status,
                              default=Status.ACTIVE)
    # The last change of status: its day and reason (every change is in the audit log as well).
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason for the status"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, null=True)

    class Meta:
        verbose_name = _("education site")
        verbose_name_plural = _("education sites")
        ordering = ["kind", "name", "id"]
        indexes = [
            # The site list (a district's sites, filtered by kind or status) and the officer's picker
            # (the district's active sites); a district designates tens of sites, not thousands.
            models.Index(fields=["district", "status", "kind"], name="education_site_district"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="education_site_unique_name"),
            models.CheckConstraint(condition=models.Q(host_enterprise__isnull=True)
                                   | models.Q(host_chamber__isnull=True),
                                   name="education_site_one_host"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        """The host's name (enterprise or chamber), or empty."""
        host = self.host_enterprise or self.host_chamber
        return host.name if host else ""
