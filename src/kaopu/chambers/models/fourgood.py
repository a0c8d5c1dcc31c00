"""The Four-Good chamber evaluation (四好商会评价): cycles, their indicators, the chambers' applications and
the reviewers' scores.

A cycle belongs to one district and moves draft → open (for applications) → reviewing → closed
(kaopu.chambers.actions_fourgood.CYCLE_MOVES). Its four dimensions (政治引领好, 队伍建设好, 服务发展好, 自律规范好)
and their indicators are data of the cycle, edited by staff while it is a draft. A chamber has at most one
application per cycle; each assigned reviewer has one review of each submitted application, with one score
per indicator. ``Application.reviewed_at`` is set, under the application's row lock, when the last assigned
reviewer submits: it is what opens the individual scores to everyone (kaopu.chambers.permissions_fourgood).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.chambers.models.chamber import Chamber
from kaopu.directory.models import District

SCORE = {"max_digits": 6, "decimal_places": 2}


class Cycle(models.Model):
    """An evaluation cycle (评价周期) of a district, e.g. 2025—2026年度四好商会评价."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for applications")
        REVIEWING = "reviewing", _("reviewing")
        CLOSED = "closed", pgettext_lazy("four-good", "closed")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=100)
    first_year = models.PositiveSmallIntegerField(_("first year evaluated"))
    last_year = models.PositiveSmallIntegerField(_("last year evaluated"))
    application_deadline = models.DateField(_("application deadline"))
    review_deadline = models.DateField(_("review deadline"))
    spread = models.DecimalField(_("allowed spread between reviewers"), **SCORE, help_text=_(
        "An indicator is flagged when the highest and the lowest reviewer's scores differ by more than this."))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="fourgood_cycles", blank=True,
                                       verbose_name=_("reviewers"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Four-Good evaluation cycle")
        verbose_name_plural = _("Four-Good evaluation cycles")
        ordering = ["-first_year", "-id"]
        indexes = [
            # The cycles list and the officer's "application to submit" to-do: a district's cycles by state.
            models.Index(fields=["district", "state", "-id"], name="fourgood_cycle_district"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="fourgood_cycle_name_unique"),
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="fourgood_cycle_years"),
            models.CheckConstraint(condition=Q(review_deadline__gte=F("application_deadline")),
                                   name="fourgood_cycle_review_after_application"),
            models.CheckConstraint(condition=Q(spread__gte=0), name="fourgood_cycle_spread_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    """One of the four dimensions of a cycle (政治引领好 …), in its order."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="dimensions", verbose_name=_("cycle"))
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["cycle_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="fourgood_dimension_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """An indicator (指标) of a dimension: scored 0..max_score, counted with its weight in the total."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="indicators", verbose_name=_("cycle"))
    dimension = models.ForeignKey(Dimension, models.CASCADE, related_name="indicators",
                                  verbose_name=_("dimension"))
    name = models.CharField(_("name"), max_length=100)
    max_score = models.DecimalField(_("maximum score"), **SCORE)
    weight = models.DecimalField(_("weight"), **SCORE)
    guidance = models.TextField(_("scoring guidance"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["cycle_id", "dimension__order", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="fourgood_indicator_max_positive"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="fourgood_indicator_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """A chamber's application (申报) in a cycle, then its recommended level and final result."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        # withdrawing (before the deadline) makes it a draft again
        SUBMITTED = "submitted", pgettext_lazy("four-good", "submitted")

    class Level(models.TextChoices):
        DISTRICT = "district", _("district level")  # 区级
        CITY = "city", _("city level")  # 市级
        NATIONAL = "national", _("national level")  # 全国

    class Result(models.TextChoices):
        RECOGNISED = "recognised", _("recognised")
        NOT_RECOGNISED = "not_recognised", _("not recognised")

    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="applications", verbose_name=_("cycle"))
    chamber = models.ForeignKey(Chamber, models.PROTECT, related_name="fourgood_applications",
                                verbose_name=_("chamber"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    summary = models.TextField(_("summary of the application"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Set when the last assigned reviewer submitted: from then on the scores are shown to those who may see them.
    reviewed_at = models.DateTimeField(_("all reviews submitted at"), null=True, blank=True)
    recommended_level = models.CharField(_("recommended level"), max_length=10, choices=Level, blank=True)
    result = models.CharField(_("final result"), max_length=16, choices=Result, blank=True)
    result_level = models.CharField(_("recognised at level"), max_length=10, choices=Level, blank=True)
    result_on = models.DateField(_("result dated"), null=True, blank=True)
    result_note = models.CharField(_("result note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Four-Good application")
        verbose_name_plural = _("Four-Good applications")
        ordering = ["cycle_id", "id"]
        indexes = [
            # A chamber's history across cycles (the section on the chamber's page).
            models.Index(fields=["chamber", "-cycle"], name="fourgood_app_chamber"),
            # A cycle's submitted applications (the ranking, the reviewers' and the results' to-dos).
            models.Index(fields=["cycle", "state", "reviewed_at"], name="fourgood_app_cycle_state"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "chamber"], name="fourgood_one_application_per_cycle"),
            models.CheckConstraint(condition=Q(state="draft") | Q(submitted_at__isnull=False),
                                   name="fourgood_app_submitted_has_time"),
            models.CheckConstraint(condition=Q(result="") | Q(result_on__isnull=False),
                                   name="fourgood_app_result_has_date"),
            models.CheckConstraint(condition=~Q(result="recognised") | ~Q(result_level=""),
                                   name="fourgood_app_recognised_has_level"),
        ]

    def __str__(self) -> str:
        return f"{self.chamber} · {self.cycle}"


class SelfAssessment(models.Model):
    """The chamber's own score and account of one indicator."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="self_assessments",
                                    verbose_name=_("application"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
    score = models.DecimalField(_("self score"), **SCORE, null=True, blank=True)
    text = models.TextField(_("self-assessment"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [models.UniqueConstraint(fields=["application", "indicator"],
                                               name="fourgood_self_one_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.score}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"fourgood/{instance.application_id}/{filename}"


class Evidence(models.Model):
    """A file that supports the self-assessment of one indicator (checked like an appeal's attachments)."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="evidence",
                                    verbose_name=_("application"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
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
        ordering = ["application_id", "indicator_id", "id"]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """One reviewer's scoring of one application: a draft until submitted, then fixed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", pgettext_lazy("four-good", "submitted")

    application = models.ForeignKey(Application, models.CASCADE, related_name="reviews",
                                    verbose_name=_("application"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="fourgood_reviews",
                                 verbose_name=pgettext_lazy("four-good", "reviewer"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("four-good", "review")
        verbose_name_plural = pgettext_lazy("four-good", "reviews")
        ordering = ["application_id", "reviewer_id"]
        indexes = [
            # The reviewer's "applications to score" to-do: their reviews by state.
            models.Index(fields=["reviewer", "state"], name="fourgood_review_reviewer"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="fourgood_one_review_per_reviewer"),
            models.CheckConstraint(condition=Q(state="draft") | Q(submitted_at__isnull=False),
                                   name="fourgood_review_submitted_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class Score(models.Model):
    """A reviewer's score of one indicator, 0..the indicator's maximum, with a comment."""

    review = models.ForeignKey(Review, models.CASCADE, related_name="scores",
                               verbose_name=pgettext_lazy("four-good", "review"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
    score = models.DecimalField(pgettext_lazy("four-good", "score"), **SCORE)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("four-good", "score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "indicator"], name="fourgood_one_score_per_indicator"),
            models.CheckConstraint(condition=Q(score__gte=0), name="fourgood_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.score}"
