"""A chamber of commerce, its member enterprises and its leadership terms.

A chamber is a social organisation registered with the civil-affairs bureau: its unified social credit
code starts with 5 (the registration authority's code for 民政). Its officer (商会秘书长) is a user of the
chamber's :class:`~kaopu.accounts.models.Organisation` (kind "chamber"); a chamber without an account yet
has no organisation and is kept by FIC staff alone.

Membership keeps history: a row is one period of one enterprise in one chamber with one role. Changing a
member's role ends the current row and opens a new one on the same day; leaving ends it. At most one
period of an enterprise in a chamber is open at a time (a partial unique index). An enterprise may belong
to several chambers at once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.models import Organisation
from kaopu.directory import credit_code
from kaopu.directory.models import District, Enterprise, IndustrySection, Subdistrict

SOCIAL_ORGANISATION_PREFIX = "5"  # GB 32100-2015: registration authority 5 = civil affairs (民政)


def validate_chamber_code(raw: str) -> str:
    """The normalised code of a chamber, or ValidationError naming the rule: a valid unified social credit
    code (kaopu.directory.credit_code) that starts with 5, as every social organisation's does."""
    code = credit_code.validate(raw)
    if not code.startswith(SOCIAL_ORGANISATION_PREFIX):
        raise ValidationError(
            _("A chamber of commerce is a social organisation: its unified social credit code starts with 5 "
              "(registered with the civil-affairs bureau); this one starts with “%(first)s”."),
            code="not_social_organisation", params={"first": code[0]})
    return code


class Chamber(models.Model):
    """A chamber of commerce (商会) guided by the district FIC."""

    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", _("subdistrict chamber")  # 街道商会
        INDUSTRY = "industry", _("industry chamber")  # 行业商会
        REGIONAL = "regional", _("chamber of entrepreneurs from elsewhere")  # 异地商会
        YOUTH = "youth", _("youth entrepreneurs' chamber")  # 青年企业家商会
        OTHER = "other", _("other chamber")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("chamber status", "active")
        MERGED = "merged", pgettext_lazy("chamber status", "merged")
        DISSOLVED = "dissolved", _("dissolved")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    organisation = models.OneToOneField(
        Organisation, models.PROTECT, null=True, blank=True, related_name="chamber",
        limit_choices_to={"kind": "chamber"}, verbose_name=_("organisation of its accounts"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    founded_on = models.DateField(_("founded on"))
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True,
                                   validators=[validate_chamber_code])
    # What the chamber covers: a subdistrict chamber its subdistrict, an industry chamber its industry,
    # a chamber of entrepreneurs from elsewhere the place they come from.
    subdistrict = models.ForeignKey(Subdistrict, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("subdistrict covered"))
    industry_section = models.ForeignKey(IndustrySection, models.PROTECT, null=True, blank=True, related_name="+",
                                         verbose_name=_("industry covered"))
    home_region = models.CharField(_("home region of its members"), max_length=50, blank=True,
                                   help_text=_("For a chamber of entrepreneurs from elsewhere, e.g. 浙江省温州市."))
    address = models.CharField(_("office address"), max_length=200, blank=True)
    secretary_general = models.CharField(_("secretary-general"), max_length=50, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    introduction = models.TextField(_("introduction"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged_from",
                                    verbose_name=pgettext_lazy("chamber", "merged into"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chamber of commerce")
        verbose_name_plural = _("chambers of commerce")
        ordering = ["district_id", "kind", "name"]
        indexes = [
            # The chamber list: a district's chambers by kind and status, keyset on (name, id).
            models.Index(fields=["district", "status", "name", "id"], name="chamber_district_list"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="chamber_name_unique_in_district"),
            models.CheckConstraint(condition=Q(status="merged") | Q(merged_into__isnull=True),
                                   name="chamber_merged_into_only_when_merged"),
            models.CheckConstraint(condition=Q(status="active") | Q(status_changed_on__isnull=False),
                                   name="chamber_ended_has_date"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.MERGED and not self.merged_into_id:
            raise ValidationError({"merged_into": _("A merged chamber names the chamber it merged into.")})
        if self.status != self.Status.MERGED and self.merged_into_id:
            raise ValidationError({"merged_into": _("Only a merged chamber names a chamber it merged into.")})
        if self.status != self.Status.ACTIVE and not self.status_changed_on:
            raise ValidationError({"status_changed_on": _("Give the date the chamber merged or was dissolved.")})
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A chamber cannot merge into itself.")})


class Membership(models.Model):
    """One period of an enterprise in a chamber with one role (会长, 副会长 … 会员)."""

    class Role(models.TextChoices):
        # In order of rank: the chamber's page lists its leadership in this order.
        PRESIDENT = "president", _("president")  # 会长
        EXECUTIVE_VICE_PRESIDENT = "exec_vice", _("executive vice-president")  # 常务副会长
        VICE_PRESIDENT = "vice", _("vice-president")  # 副会长
        DIRECTOR = "director", pgettext_lazy("chamber", "director")  # 理事
        MEMBER = "member", pgettext_lazy("chamber", "member")  # 会员

    chamber = models.ForeignKey(Chamber, models.PROTECT, related_name="memberships", verbose_name=_("chamber"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="chamber_memberships",
                                   verbose_name=_("enterprise"))
    role = models.CharField(pgettext_lazy("chamber", "role"), max_length=10, choices=Role, default=Role.MEMBER)
    representative = models.CharField(_("representative"), max_length=50, blank=True,
                                      help_text=_("The person who represents the enterprise in the chamber."))
    joined_on = models.DateField(pgettext_lazy("chamber", "from"))
    left_on = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chamber membership")
        verbose_name_plural = _("chamber memberships")
        ordering = ["chamber_id", "-id"]
        indexes = [
            # A chamber's current members, keyset on id (the member list page).
            models.Index(fields=["chamber", "id"], name="chamber_member_current",
                         condition=Q(left_on__isnull=True)),
            # The member list filtered by role and the chamber page's council (会长 … 理事): the same,
            # within one role (kaopu.chambers.selectors.member_page, leadership).
            models.Index(fields=["chamber", "role", "id"], name="chamber_member_role",
                         condition=Q(left_on__isnull=True)),
            # A chamber's ended periods, most recently ended first (the chamber page's member history): without
            # it the page read every period of the chamber to keep the ended ones (bench/lists_at_scale.py).
            models.Index(fields=["chamber", "-left_on", "-id"], name="chamber_member_ended",
                         condition=Q(left_on__isnull=False)),
            # An enterprise's chambers (the enterprise's page, the history).
            models.Index(fields=["enterprise", "-joined_on"], name="chamber_member_enterprise"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chamber", "enterprise"], condition=Q(left_on__isnull=True),
                                    name="chamber_member_one_open_period"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   name="chamber_member_leaves_after_joining"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_role_display()}"


class LeadershipTerm(models.Model):
    """A leadership term (第N届理事会) of a chamber, from its election (换届) to the next one."""

    chamber = models.ForeignKey(Chamber, models.PROTECT, related_name="terms", verbose_name=_("chamber"))
    number = models.PositiveSmallIntegerField(_("term number"), help_text=_("第N届: the Nth term."))
    elected_on = models.DateField(_("elected on"))
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("leadership term")
        verbose_name_plural = _("leadership terms")
        ordering = ["chamber_id", "-number"]
        indexes = [
            # The staff reminder of terms ending soon: one range scan on ends_on.
            models.Index(fields=["ends_on", "chamber"], name="chamber_term_ends"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chamber", "number"], name="chamber_term_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="chamber_term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return str(_("Term %(number)d") % {"number": self.number})


class TermOfficer(models.Model):
    """A person elected for a term: the president, the vice-presidents, the secretary-general, the
    supervisors' chair; with the enterprise they come from where they come from one."""

    class Position(models.TextChoices):
        PRESIDENT = "president", _("president")  # 会长
        EXECUTIVE_VICE_PRESIDENT = "exec_vice", _("executive vice-president")  # 常务副会长
        VICE_PRESIDENT = "vice", _("vice-president")  # 副会长
        SECRETARY_GENERAL = "secretary", _("secretary-general")  # 秘书长
        SUPERVISOR_CHAIR = "supervisor", _("chair of the supervisors")  # 监事长
        DIRECTOR = "director", pgettext_lazy("chamber", "director")  # 理事

    term = models.ForeignKey(LeadershipTerm, models.CASCADE, related_name="officers",
                             verbose_name=pgettext_lazy("chamber", "term"))
    position = models.CharField(_("position"), max_length=10, choices=Position)
    name = models.CharField(_("name"), max_length=50)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("enterprise"))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("elected officer")
        verbose_name_plural = _("elected officers")
        ordering = ["term_id", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.name}"
