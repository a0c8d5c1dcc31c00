"""Youth-entrepreneur training (青年企业家培训班): cohorts, their sessions (the curriculum), trainees,
attendance and certificates.

A cohort belongs to one district and one year and has a curriculum of sessions, a capacity and an
application window; young entrepreneurs of the district's enterprises apply (or staff enrol them), staff
approve; attendance is taken per session; a trainee who meets the cohort's completion rule graduates and
receives a certificate with a verification number that anyone can check on a public page.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.models import District, Enterprise


class Cohort(models.Model):
    """A training cohort (一期培训班). Its state moves along kaopu.programs.actions_training.COHORT_MOVES."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("cohort", "draft")
        OPEN = "open", pgettext_lazy("cohort", "open for applications")
        IN_PROGRESS = "in_progress", pgettext_lazy("cohort", "in progress")
        FINISHED = "finished", pgettext_lazy("cohort", "finished")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(pgettext_lazy("cohort", "year"))
    name = models.CharField(pgettext_lazy("cohort", "name"), max_length=100)
    description = models.TextField(pgettext_lazy("cohort", "description"), max_length=3000, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=50)
    applications_open_on = models.DateField(_("applications open on"), null=True, blank=True)
    applications_close_on = models.DateField(_("applications close on"), null=True, blank=True)
    # Percent of the sessions held (not cancelled) a trainee must attend to graduate (kaopu.programs.completion).
    completion_threshold = models.DecimalField(_("completion threshold (percent)"), max_digits=5, decimal_places=2,
                                               default=Decimal(80),
                                               validators=[MinValueValidator(Decimal(1)),
                                                           MaxValueValidator(Decimal(100))])
    state = models.CharField(pgettext_lazy("cohort", "state"), max_length=12, choices=State, default=State.DRAFT)
    # Set once by graduate_cohort: the date printed on the certificates.
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("training cohort")
        verbose_name_plural = _("training cohorts")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="cohort_unique_name"),
            models.CheckConstraint(condition=Q(completion_threshold__gte=1) & Q(completion_threshold__lte=100),
                                   name="cohort_threshold_percent"),
            models.CheckConstraint(condition=Q(applications_close_on__isnull=True)
                                   | Q(applications_open_on__isnull=True)
                                   | Q(applications_close_on__gte=F("applications_open_on")),
                                   name="cohort_window_in_order"),
        ]
        indexes = [
            # The staff's list (by district, newest first) and the enterprise's list of open cohorts.
            models.Index(fields=["district", "state", "year"], name="cohort_district_state"),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    """A session of a cohort's curriculum: a date and time, a topic, the speaker, a place. A cancelled
    session stays in the curriculum but counts for nobody (neither held nor attended)."""

    cohort = models.ForeignKey(Cohort, models.CASCADE, related_name="sessions", verbose_name=_("training cohort"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=100)
    # As printed in the curriculum; the lecturers' bookings (FK to this session) are shown next to it.
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["cohort_id", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="training_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.topic


class Trainee(models.Model):
    """A young entrepreneur of an enterprise applying to (or enrolled in) a cohort."""

    class State(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("trainee", "applied")
        APPROVED = "approved", pgettext_lazy("trainee", "approved")
        REFUSED = "refused", pgettext_lazy("trainee", "refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("trainee", "withdrawn")

    cohort = models.ForeignKey(Cohort, models.PROTECT, related_name="trainees", verbose_name=_("training cohort"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="+", verbose_name=_("enterprise"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=30)
    position = models.CharField(_("position"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20)
    state = models.CharField(pgettext_lazy("trainee", "state"), max_length=10, choices=State, default=State.APPLIED)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=200, blank=True)
    # Given on approval (kaopu.dialogues.codes): typed or scanned at a session to check in.
    check_in_code = models.CharField(_("check-in code"), max_length=8, null=True, blank=True, unique=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["cohort_id", "id"]
        constraints = [
            # One live application per person and cohort (a withdrawn or refused one may be made again).
            models.UniqueConstraint(fields=["cohort", "mobile"], condition=Q(state__in=["applied", "approved"]),
                                    name="trainee_one_live_application"),
        ]
        indexes = [
            # The cohort's list by state (applications waiting, the approved roll) and the capacity count.
            models.Index(fields=["cohort", "state", "id"], name="trainee_cohort_state"),
            # The enterprise's own applications.
            models.Index(fields=["enterprise", "id"], name="trainee_enterprise"),
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """A trainee present at a session: by their check-in code, or ticked by staff."""

    class Source(models.TextChoices):
        CODE = "code", pgettext_lazy("attendance", "check-in code")
        STAFF = "staff", pgettext_lazy("attendance", "ticked by staff")

    trainee = models.ForeignKey(Trainee, models.CASCADE, related_name="attendances", verbose_name=_("trainee"))
    session = models.ForeignKey(TrainingSession, models.CASCADE, related_name="attendances",
                                verbose_name=_("training session"))
    source = models.CharField(pgettext_lazy("attendance", "source"), max_length=5, choices=Source)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["trainee", "session"], name="attendance_once")]
        indexes = [models.Index(fields=["session", "trainee"], name="attendance_session")]

    def __str__(self) -> str:
        return f"{self.trainee_id}@{self.session_id}"


def certificate_path(instance: Certificate, filename: str) -> str:
    return f"programs/certificates/{instance.number}.pdf"


class Certificate(models.Model):
    """A graduate's certificate (结业证书): its verification number, the facts printed on it (kept as
    issued, so that the public check answers the same whatever changes later), and its PDF, written in
    the background (kaopu.programs.tasks)."""

    class PdfState(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("certificate", "queued")
        RUNNING = "running", pgettext_lazy("certificate", "being written")
        DONE = "done", pgettext_lazy("certificate", "ready")
        FAILED = "failed", pgettext_lazy("certificate", "failed")

    trainee = models.OneToOneField(Trainee, models.PROTECT, related_name="certificate", verbose_name=_("trainee"))
    # Copied from the trainee's cohort: the alumni list filters on them without a join.
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    cohort = models.ForeignKey(Cohort, models.PROTECT, related_name="certificates", verbose_name=_("training cohort"))
    year = models.PositiveSmallIntegerField(pgettext_lazy("cohort", "year"))
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=30)
    enterprise_name = models.CharField(_("enterprise"), max_length=200)
    cohort_name = models.CharField(_("training cohort"), max_length=100)
    first_session_on = models.DateField(_("first session"))
    last_session_on = models.DateField(_("last session"))
    issued_on = models.DateField(_("graduated on"))
    issuer = models.CharField(_("issuer"), max_length=100)
    pdf_state = models.CharField(_("PDF"), max_length=8, choices=PdfState, default=PdfState.QUEUED)
    pdf = models.FileField(_("file"), upload_to=certificate_path, max_length=200, blank=True)
    pdf_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    pdf_error = models.CharField(_("PDF error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            # The alumni list: the district's graduates newest first (keyset on id), by year or by cohort.
            models.Index(fields=["district", "id"], name="certificate_district"),
            models.Index(fields=["district", "year", "id"], name="certificate_district_year"),
            models.Index(fields=["cohort", "id"], name="certificate_cohort"),
            # The cockpit's "trainees graduated" of a period.
            models.Index(fields=["district", "issued_on"], name="certificate_district_issued"),
        ]

    def __str__(self) -> str:
        return self.number
