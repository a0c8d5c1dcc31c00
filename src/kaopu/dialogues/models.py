"""Government–enterprise dialogues (政企沟通): breakfast meetings, roundtables, Kaopu runs and
symposiums; who registers, who comes, what is raised, and the appeals that follow.

A meeting's registrations change only through kaopu.dialogues.actions, which lock the meeting row
so that seats are never given twice (capacity and waitlist), and every issue raised at a meeting
becomes an appeal (kaopu.appeals) whose source is the meeting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaopu.directory.models import Department, District, Enterprise, IndustrySection


class MeetingKind(models.Model):
    """A kind of meeting (早餐会, 圆桌会议 …): staff add and retire kinds; each has its own numbering."""

    class AppealSource(models.TextChoices):
        # The source recorded on the appeals a meeting of this kind raises (kaopu.appeals.models.Appeal.Source).
        BREAKFAST = "breakfast", _("breakfast meeting")
        ROUNDTABLE = "roundtable", _("roundtable")
        OTHER_MEETING = "other_meeting", _("another meeting")

    name = models.CharField(_("name"), max_length=30, unique=True)
    appeal_source = models.CharField(_("source of the appeals it raises"), max_length=15, choices=AppealSource,
                                     default=AppealSource.OTHER_MEETING)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


DEFAULT_KINDS = (
    ("政企早餐会", MeetingKind.AppealSource.BREAKFAST),
    ("民营企业圆桌会议", MeetingKind.AppealSource.ROUNDTABLE),
    ("靠谱跑", MeetingKind.AppealSource.OTHER_MEETING),
    ("座谈会", MeetingKind.AppealSource.OTHER_MEETING),
    ("其他", MeetingKind.AppealSource.OTHER_MEETING),
)


def ensure_kinds(sender: object = None, using: str = "default", **kwargs: object) -> None:
    """The default kinds, on a database that has none (post_migrate; staff edit them later)."""
    if not MeetingKind.objects.using(using).exists():
        MeetingKind.objects.using(using).bulk_create(
            [MeetingKind(name=name, appeal_source=source, sort_order=order)
             for order, (name, source) in enumerate(DEFAULT_KINDS)])


class Meeting(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for registration")
        CLOSED = "closed", _("registration closed")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    kind = models.ForeignKey(MeetingKind, models.PROTECT, related_name="meetings", verbose_name=_("kind"))
    number = models.PositiveIntegerField(_("number in its series"))
    theme = models.CharField(_("theme"), max_length=100)
    industries = models.ManyToManyField(IndustrySection, blank=True, related_name="+",
                                        verbose_name=_("industry focus"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveIntegerField(_("seats"))
    seats_per_enterprise = models.PositiveSmallIntegerField(
        _("seats per enterprise"), default=1,
        help_text=_("How many people one enterprise may bring (one registration per enterprise)."))
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    requires_approval = models.BooleanField(
        _("registrations need approval"), default=True,
        help_text=_("Off: a registration takes a free seat at once, or joins the waitlist."))
    description = models.TextField(_("description and how to register"), max_length=5000, blank=True)
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                     verbose_name=_("leaders attending"))
    departments = models.ManyToManyField(Department, blank=True, related_name="+",
                                         verbose_name=_("departments attending"))
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("organiser"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    minutes_updated_at = models.DateTimeField(_("minutes updated at"), null=True, blank=True)
    # When the day-before reminder went out (the reminder job sends it once).
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            # Staff list by district, newest first; public and calendar pages by start time.
            models.Index(fields=["district", "-id"], name="meeting_district_id"),
            models.Index(fields=["district", "state", "starts_at"], name="meeting_district_state_start"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "kind", "number"], name="meeting_number_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_capacity_positive"),
            models.CheckConstraint(condition=Q(seats_per_enterprise__gte=1), name="meeting_seats_positive"),
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} 第{self.number}期 {self.theme}"

    # Check-in is taken from settings.KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE minutes before the start until
    # the end, both moments included (kaopu.dialogues.actions refuses outside; the pages say when).
    @property
    def check_in_opens_at(self) -> datetime:
        return self.starts_at - timedelta(minutes=settings.KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE)

    @property
    def check_in_closes_at(self) -> datetime:
        return self.ends_at

    def check_in_timing(self, now: datetime) -> str:
        """"early" before check-in opens, "open" within the window, "over" after the meeting ended."""
        if now < self.check_in_opens_at:
            return "early"
        return "open" if now <= self.check_in_closes_at else "over"


class Registration(models.Model):
    """One enterprise's place at a meeting: invited by staff or asked for by the enterprise."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        WAITLISTED = "waitlisted", _("on the waitlist")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    class Origin(models.TextChoices):
        INVITED = "invited", _("invited by FIC staff")
        SELF = "self", _("registered by the enterprise")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="registrations", verbose_name=_("meeting"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="meeting_registrations",
                                   verbose_name=_("enterprise"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    seats = models.PositiveSmallIntegerField(_("attendees"), default=1)
    attendee_names = models.CharField(_("names of the attendees"), max_length=200, blank=True)
    topic = models.TextField(_("topic to raise"), max_length=2000, blank=True)
    # The check-in code: random, unique, shown (and as a QR image) once the registration is approved.
    code = models.CharField(_("check-in code"), max_length=12, unique=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("checked in by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting_id", "id"]
        indexes = [
            # A meeting's registrations by state in arrival order (seats taken, the waitlist's head).
            models.Index(fields=["meeting", "state", "id"], name="registration_meeting_state"),
            models.Index(fields=["enterprise", "-id"], name="registration_enterprise"),
        ]
        constraints = [
            # One live registration per enterprise per meeting.
            models.UniqueConstraint(fields=["meeting", "enterprise"], name="registration_one_per_enterprise",
                                    condition=Q(state__in=["pending", "approved", "waitlisted"])),
            models.CheckConstraint(condition=Q(seats__gte=1), name="registration_seats_positive"),
            models.CheckConstraint(condition=Q(checked_in_at__isnull=True) | Q(state="approved"),
                                   name="registration_checked_in_only_when_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.enterprise_id}"

    def code_is_usable(self, now: datetime) -> bool:
        """The check-in code can still be used: approved, not checked in, and its meeting (loaded with
        it) neither cancelled nor over. Only then do pages show the code, and its QR image is served."""
        return (self.state == self.State.APPROVED and self.checked_in_at is None
                and self.meeting.state != Meeting.State.CANCELLED and now <= self.meeting.ends_at)


class RaisedIssue(models.Model):
    """An issue an enterprise raised at a meeting, from the minutes; it becomes an appeal."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="issues", verbose_name=_("meeting"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="+", verbose_name=_("enterprise"))
    summary = models.TextField(_("issue"), max_length=2000)
    appeal = models.OneToOneField("appeals.Appeal", models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("appeal"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issue raised")
        verbose_name_plural = _("issues raised")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.summary[:40]

    @staticmethod
    def named(number: int, enterprise_name: str) -> str:
        """An issue as the minutes page lists it: its number in the meeting (selectors.issue_numbers)
        and its enterprise, e.g. 问题 3（上海甲科技有限公司）. Refusals name an issue so, never by its id."""
        return gettext("Issue %(n)s (%(enterprise)s)") % {"n": number, "enterprise": enterprise_name}
