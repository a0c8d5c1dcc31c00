"""Giving (光彩事业, social responsibility) and honours (荣誉).

A donation is given by exactly one donor: an enterprise, a person (and the enterprise they belong to, if
any) or a chamber of commerce — the database refuses any other mix. ``enterprise`` is the donor enterprise
or the person's enterprise, so that "an enterprise's donations" is one column: its own and its people's.
It holds money and the value of goods, both Decimal yuan to the fen, at least one above zero.

A donation is reported (by an enterprise user for their enterprise and its people, by a chamber officer
for their chamber) and confirmed or returned by FIC staff; staff-entered ones are confirmed at once. Only
confirmed donations count in any total (kaopu.giving.selectors).

An honour (荣誉) is held by an enterprise, a person (name and enterprise), a chamber, or the FIC itself,
at one of three levels for a Shanghai district: national (国家级), municipal — Shanghai is a
provincial-level municipality, so its awards are of provincial-ministerial rank (市级（省部级）) — and
district (区级).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.chambers.models import Chamber
from kaopu.directory.models import District, Enterprise


class Category(models.Model):
    """A donation category (对口支援, 乡村振兴, 抗疫 …): staff add, rename, reorder and retire them."""

    name = models.CharField(pgettext_lazy("giving", "category name"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("donation category")
        verbose_name_plural = _("donation categories")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    PERSON = "person", pgettext_lazy("donor", "person")
    CHAMBER = "chamber", _("chamber of commerce")


def _one_donor() -> Q:
    """Exactly one kind of donor (or holder): the columns that kind needs, and none of the others."""
    return (
        (Q(kind=DonorKind.ENTERPRISE) & Q(enterprise__isnull=False) & Q(chamber__isnull=True) & Q(person_name=""))
        | (Q(kind=DonorKind.PERSON) & ~Q(person_name="") & Q(chamber__isnull=True))
        | (Q(kind=DonorKind.CHAMBER) & Q(chamber__isnull=False) & Q(enterprise__isnull=True) & Q(person_name=""))
    )


class Donation(models.Model):
    """A donation (捐赠) of money and/or goods, with its evidence, reported and confirmed."""

    class State(models.TextChoices):
        REPORTED = "reported", _("waiting for confirmation")  # 待确认
        CONFIRMED = "confirmed", _("confirmed")  # 已确认
        RETURNED = "returned", _("returned")  # 已退回

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    kind = models.CharField(_("donor kind"), max_length=12, choices=DonorKind)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="donations",
                                   verbose_name=_("enterprise"))
    person_name = models.CharField(_("person's name"), max_length=50, blank=True)
    chamber = models.ForeignKey(Chamber, models.PROTECT, null=True, blank=True, related_name="donations",
                                verbose_name=_("chamber"))
    donated_on = models.DateField(_("donation date"))
    category = models.ForeignKey(Category, models.PROTECT, related_name="donations",
                                 verbose_name=pgettext_lazy("giving", "category"))
    money = models.DecimalField(_("money (yuan)"), max_digits=14, decimal_places=2, default=0)
    goods_value = models.DecimalField(_("value of goods (yuan)"), max_digits=14, decimal_places=2, default=0)
    goods = models.CharField(_("goods given"), max_length=200, blank=True)
    recipient = models.CharField(pgettext_lazy("giving", "recipient"), max_length=100)
    project = models.CharField(_("project"), max_length=100, blank=True)
    note = models.TextField(pgettext_lazy("giving", "note"), max_length=2000, blank=True)
    state = models.CharField(pgettext_lazy("giving", "state"), max_length=10, choices=State,
                             default=State.REPORTED)
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("confirmed or returned by"))
    decided_at = models.DateTimeField(_("confirmed or returned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-donated_on", "-id"]
        indexes = [
            # Every total: a district's confirmed donations, grouped by year, category or donor, and the
            # cockpit's amount of a period (a range on donated_on).
            models.Index(fields=["district", "state", "donated_on"], name="donation_district_state"),
            # The staff list: keyset on id, newest first, within the district (filters narrow it further).
            models.Index(fields=["district", "id"], name="donation_district_id"),
            # An enterprise's own donations (我的捐赠) and the member donations of a chamber's total.
            models.Index(fields=["enterprise", "id"], name="donation_enterprise"),
            # A chamber's own donations (本会捐赠) and its total.
            models.Index(fields=["chamber", "id"], name="donation_chamber"),
        ]
        constraints = [
            models.CheckConstraint(condition=_one_donor(), name="donation_one_donor"),
            models.CheckConstraint(condition=Q(money__gte=0) & Q(goods_value__gte=0),
                                   name="donation_amounts_not_negative"),
            models.CheckConstraint(condition=Q(money__gt=0) | Q(goods_value__gt=0),
                                   name="donation_some_amount"),
            models.CheckConstraint(condition=~Q(state="returned") | ~Q(return_reason=""),
                                   name="donation_returned_with_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.donor}：{self.recipient}"

    @property
    def donor(self) -> str:
        """The donor in words: the enterprise's or chamber's name, or the person (and their enterprise)."""
        if self.kind == DonorKind.CHAMBER:
            return self.chamber.name if self.chamber_id else ""
        if self.kind == DonorKind.PERSON:
            return f"{self.person_name}（{self.enterprise.name}）" if self.enterprise_id else self.person_name
        return self.enterprise.name if self.enterprise_id else ""

    @property
    def total(self):  # type: ignore[no-untyped-def]
        return self.money + self.goods_value


def evidence_path(instance: DonationEvidence, filename: str) -> str:
    """A random name with the upload's (checked) extension: the shown name is kept in ``name``."""
    extension = filename[filename.rfind("."):].lower() if "." in filename else ""
    return f"giving/evidence/{uuid.uuid4().hex}{extension}"


class DonationEvidence(models.Model):
    """A file that proves a donation (a receipt, a certificate of thanks …), checked as an appeal's
    attachments are (kaopu.appeals.attachments: type by content, size); served to who sees the donation."""

    donation = models.ForeignKey(Donation, models.CASCADE, related_name="evidence", verbose_name=_("donation"))
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["donation_id", "id"]

    def __str__(self) -> str:
        return self.name


class HolderKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    PERSON = "person", pgettext_lazy("donor", "person")
    CHAMBER = "chamber", _("chamber of commerce")
    FIC = "fic", _("the FIC")


def certificate_path(instance: Honour, filename: str) -> str:
    extension = filename[filename.rfind("."):] if "." in filename else ""
    return f"giving/certificates/{uuid.uuid4().hex}{extension}"


class Honour(models.Model):
    """An honour (荣誉) won by the FIC, a chamber, an enterprise or a person, with its certificate image."""

    class Level(models.TextChoices):
        NATIONAL = "national", pgettext_lazy("honour level", "national")  # 国家级
        MUNICIPAL = "municipal", pgettext_lazy("honour level", "municipal (provincial rank)")  # 市级（省部级）
        DISTRICT = "district", pgettext_lazy("honour level", "district")  # 区级

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    title = models.CharField(pgettext_lazy("honour", "title"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    year = models.PositiveSmallIntegerField(pgettext_lazy("honour", "year"))
    awarded_by = models.CharField(_("awarding body"), max_length=100)
    kind = models.CharField(_("holder kind"), max_length=12, choices=HolderKind)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="honours",
                                   verbose_name=_("enterprise"))
    person_name = models.CharField(_("person's name"), max_length=50, blank=True)
    chamber = models.ForeignKey(Chamber, models.PROTECT, null=True, blank=True, related_name="honours",
                                verbose_name=_("chamber"))
    note = models.TextField(pgettext_lazy("giving", "note"), max_length=2000, blank=True)
    certificate = models.FileField(_("certificate image"), upload_to=certificate_path, max_length=200, blank=True)
    certificate_type = models.CharField(_("content type"), max_length=30, blank=True)
    certificate_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "-id"]
        indexes = [
            # The list (keyset on id within a year and level filter) and the counts per level and year.
            models.Index(fields=["district", "year", "level", "id"], name="honour_district_year"),
            models.Index(fields=["district", "level", "id"], name="honour_district_level"),
            # An enterprise's own honours, a chamber's (its page's section).
            models.Index(fields=["enterprise", "year"], name="honour_enterprise"),
            models.Index(fields=["chamber", "year"], name="honour_chamber"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_donor() | (Q(kind=HolderKind.FIC) & Q(enterprise__isnull=True)
                                            & Q(chamber__isnull=True) & Q(person_name="")),
                name="honour_one_holder"),
            models.CheckConstraint(condition=Q(year__gte=1949) & Q(year__lte=2200), name="honour_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def holder(self) -> str:
        if self.kind == HolderKind.FIC:
            return str(_("the FIC"))
        if self.kind == HolderKind.CHAMBER:
            return self.chamber.name if self.chamber_id else ""
        if self.kind == HolderKind.PERSON:
            return f"{self.person_name}（{self.enterprise.name}）" if self.enterprise_id else self.person_name
        return self.enterprise.name if self.enterprise_id else ""
