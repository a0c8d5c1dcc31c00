"""Investment attraction (政会商企): partner organisations (other federations, chambers and
associations), delegation visits, investment leads with their follow-ups and stages
(洽谈 → 签约 → 落地, or 终止 with a reason), with the amount at each stage.

A lead changes stage only through kaopu.investment.actions, which lock the lead row and write a
StageChange row per move, so the conversion figures count what really happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.core.money import amount_field
from kaopu.directory.models import District, Enterprise, IndustrySection


class Partner(models.Model):
    """An organisation elsewhere that brings investors: an FIC, a chamber, an association."""

    class Kind(models.TextChoices):
        FIC = "fic", _("federation of industry and commerce")
        CHAMBER = "chamber", _("chamber of commerce")
        ASSOCIATION = "association", _("industry association")
        PARK = "park", _("industrial park or agency")
        OTHER = "other", _("other")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    region = models.CharField(_("region"), max_length=50, help_text=_("Province and city, e.g. 浙江省温州市."))
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    agreement_on = models.DateField(_("cooperation agreement signed on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="partner_name_unique_in_district"),
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A delegation visit: a partner's delegation coming to the district, or the FIC going out."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("delegation received")
        OUTGOING = "outgoing", _("visit made")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction, default=Direction.INCOMING)
    partner = models.ForeignKey(
        Partner, models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("partner")
    )
    title = models.CharField(pgettext_lazy("visit", "title"), max_length=100)
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    members = models.TextField(
        _("delegation members"), max_length=3000, help_text=_("One per line: name, organisation, position.")
    )
    visiting_enterprises = models.TextField(
        _("enterprises in the delegation"), max_length=3000, blank=True, help_text=_("One per line.")
    )
    local_enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="+", verbose_name=_("local enterprises taking part")
    )
    topics = models.TextField(_("topics"), max_length=3000)
    summary = models.TextField(pgettext_lazy("visit", "outcome"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation visit")
        verbose_name_plural = _("delegation visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["district", "-visited_on", "-id"], name="visit_district_date")]

    def __str__(self) -> str:
        return self.title


class Lead(models.Model):
    """An enterprise or project that may invest in the district, followed until it lands or ends."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise")
        PROJECT = "project", _("project")

    class Stage(models.TextChoices):
        NEGOTIATING = "negotiating", _("negotiating")
        SIGNED = "signed", _("signed")
        LANDED = "landed", _("landed")
        TERMINATED = "terminated", _("terminated")

    class EndReason(models.TextChoices):
        WENT_ELSEWHERE = "elsewhere", _("chose another location")
        NO_SPACE = "no_space", _("no suitable space")
        POLICY = "policy", _("policy terms not agreed")
        FUNDING = "funding", _("investor's funding fell through")
        INDUSTRY = "industry", _("does not fit the district's industries")
        WITHDRAWN = "withdrawn", _("investor withdrew")
        OTHER = "other", _("other")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.ENTERPRISE)
    name = models.CharField(_("enterprise or project"), max_length=200)
    investor = models.CharField(
        _("investor"),
        max_length=200,
        blank=True,
        help_text=_("The company or person behind the project, and where it is based."),
    )
    industry = models.ForeignKey(IndustrySection, models.PROTECT, related_name="+", verbose_name=_("industry"))
    description = models.TextField(_("description"), max_length=5000, blank=True)
    intended_amount = amount_field(_("intended investment (10k yuan)"))
    signed_amount = amount_field(_("signed investment (10k yuan)"), null=True, blank=True)
    landed_amount = amount_field(_("landed investment (10k yuan)"), null=True, blank=True)
    land_area_mu = models.DecimalField(_("land needed (mu)"), max_digits=9, decimal_places=2, null=True, blank=True)
    floor_area_m2 = models.DecimalField(
        _("floor space needed (m²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    space_note = models.CharField(
        _("space needs"),
        max_length=300,
        blank=True,
        help_text=_("e.g. office in a park near a metro line, 5 m floor height"),
    )
    source_visit = models.ForeignKey(
        Visit, models.SET_NULL, null=True, blank=True, related_name="leads", verbose_name=_("source visit")
    )
    source_partner = models.ForeignKey(
        Partner, models.PROTECT, null=True, blank=True, related_name="leads", verbose_name=_("source partner")
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("owner"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage, default=Stage.NEGOTIATING)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    landed_on = models.DateField(_("landed on"), null=True, blank=True)
    # The enterprise registered in the district when the lead landed (the directory row).
    landed_enterprise = models.ForeignKey(
        Enterprise, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("registered enterprise")
    )
    end_reason = models.CharField(_("reason for ending"), max_length=10, choices=EndReason, blank=True)
    end_note = models.CharField(_("explanation"), max_length=500, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step due"), null=True, blank=True)
    # When the owner was last reminded of the next step (the reminder job sends it once per date).
    reminded_for = models.DateField(_("reminded for"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["district", "-id"], name="lead_district_id"),
            models.Index(fields=["district", "stage", "-id"], name="lead_district_stage_id"),
            models.Index(fields=["owner", "stage", "-id"], name="lead_owner_stage_id"),
            models.Index(fields=["stage", "next_step_on"], name="lead_stage_next_step"),
            # the lead list's industry and partner filters (keyset pages in id order)
            models.Index(fields=["district", "industry", "-id"], name="lead_district_industry_id"),
            models.Index(fields=["source_partner", "-id"], name="lead_partner_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(intended_amount__gt=0), name="lead_intended_positive"),
            models.CheckConstraint(
                condition=Q(signed_amount__isnull=True) | Q(signed_amount__gt=0), name="lead_signed_positive"
            ),
            models.CheckConstraint(
                condition=Q(landed_amount__isnull=True) | Q(landed_amount__gt=0), name="lead_landed_positive"
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["signed", "landed"]) | Q(signed_amount__isnull=False, signed_on__isnull=False),
                name="lead_signed_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(stage="landed") | Q(landed_amount__isnull=False, landed_on__isnull=False),
                name="lead_landed_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(stage="terminated") | ~Q(end_reason=""), name="lead_terminated_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUp(models.Model):
    """A contact with a lead's investor: what was done, what is next."""

    class Method(models.TextChoices):
        # with a context: "meeting", "phone" and "online" mean other things in the appeals' catalogue
        VISIT = "visit", _("site visit")
        MEETING = "meeting", pgettext_lazy("follow-up method", "meeting")
        PHONE = "phone", pgettext_lazy("follow-up method", "phone")
        ONLINE = "online", pgettext_lazy("follow-up method", "online")
        OTHER = "other", _("other")

    lead = models.ForeignKey(Lead, models.CASCADE, related_name="follow_ups", verbose_name=_("lead"))
    happened_on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=10, choices=Method)
    note = models.TextField(_("what happened"), max_length=3000)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["lead_id", "-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.lead_id} {self.happened_on}"


class StageChange(models.Model):
    """One move of a lead between stages, with the amount at that stage."""

    lead = models.ForeignKey(Lead, models.CASCADE, related_name="stage_changes", verbose_name=_("lead"))
    from_stage = models.CharField(_("from"), max_length=12, choices=Lead.Stage, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Lead.Stage)
    amount = amount_field(_("amount (10k yuan)"), null=True, blank=True)
    happened_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["lead_id", "id"]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.from_stage} → {self.to_stage}"
