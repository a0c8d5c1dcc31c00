"""Appeals (企业诉求): an enterprise's problem, the department that must answer it, and its timeline.

The state of an appeal changes only through kaopu.appeals.actions, which follow the table in
kaopu.appeals.workflow and append an AppealEvent for every change: the events are the timeline the
pages show, the audit trail of the appeal and the source of its statistics.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaopu.directory.models import Department, District, Enterprise, Subdistrict


class Category(models.Model):
    """A subject category (融资, 法律, 用工 …); staff may add and retire categories."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # A department's reply to an appeal of this category waits for FIC staff to review it (审核) before
    # the enterprise sees it (kaopu.appeals.actions.reply, approve_reply, return_reply).
    reply_review_required = models.BooleanField(_("replies are reviewed by FIC staff"), default=False)

    class Meta:
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


DEFAULT_CATEGORIES = ("融资", "法律", "用工", "政策咨询", "审批", "用地用房", "知识产权", "税费", "市场监管", "其他")


def ensure_categories(sender: object = None, using: str = "default", **kwargs: object) -> None:
    """The default categories, on a database that has none (post_migrate; staff edit them later)."""
    if not Category.objects.using(using).exists():
        Category.objects.using(using).bulk_create(
            [Category(name=name, sort_order=order) for order, name in enumerate(DEFAULT_CATEGORIES)])


class Appeal(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        DISPATCHED = "dispatched", _("dispatched")
        IN_PROGRESS = "in_progress", _("in progress")
        # The department replied; FIC staff review the reply before the enterprise sees it (the
        # category's reply_review_required).
        REVIEWING = "reviewing", _("reply under review")
        REPLIED = "replied", _("replied")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        MERGED = "merged", _("merged")

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("consultation")
        HELP = "help", _("request for help")
        SUGGESTION = "suggestion", _("suggestion")
        COMPLAINT = "complaint", _("complaint")

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        BREAKFAST = "breakfast", _("breakfast meeting")
        ROUNDTABLE = "roundtable", _("roundtable")
        HOTLINE = "hotline", _("hotline")
        VISIT = "visit", _("visit")
        OTHER_MEETING = "other_meeting", _("another meeting")
        LEGAL = "legal", _("legal service")

    class Rating(models.TextChoices):
        # The national five-level scale; the two lowest reopen the appeal.
        VERY_SATISFIED = "5", _("very satisfied")
        SATISFIED = "4", _("satisfied")
        BASICALLY_SATISFIED = "3", _("basically satisfied")
        DISSATISFIED = "2", _("dissatisfied")
        VERY_DISSATISFIED = "1", _("very dissatisfied")

    class SummaryReview(models.TextChoices):
        PENDING = "pending", _("not reviewed yet")
        APPROVED = "approved", _("approved for the public board")
        WITHHELD = "withheld", _("not published")

    class CloseReason(models.TextChoices):
        RATED = "rated", _("rated by the enterprise")
        UNRATED = "unrated", _("not rated in time")
        ARBITRATED = "arbitrated", _("closed by FIC arbitration")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    # The number people use (诉求编号), PT-2026-000302: the district's abbreviation, the Asia/Shanghai year of
    # submission and a sequence per district and year, consecutive and never given twice (kaopu.appeals.numbering).
    number = models.CharField(_("appeal number"), max_length=24, unique=True, editable=False)
    number_year = models.PositiveSmallIntegerField(_("year of the number"), editable=False)
    number_sequence = models.PositiveIntegerField(_("sequence of the number"), editable=False)
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="appeals",
                                   verbose_name=_("enterprise"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    # Whom the departments call about the appeal, chosen by the enterprise when it submits (itself by default),
    # or recorded by staff. The phone is shown whole only to roles that must call (kaopu.appeals.contact).
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=15, choices=Kind)
    category = models.ForeignKey(Category, models.PROTECT, related_name="appeals", verbose_name=_("category"))
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"), max_length=5000)
    source = models.CharField(_("source"), max_length=15, choices=Source, default=Source.ONLINE)
    # The meeting an appeal was raised at (breakfast meeting, roundtable …; kaopu.dialogues).
    source_meeting = models.ForeignKey("dialogues.Meeting", models.PROTECT, null=True, blank=True,
                                       related_name="appeals", verbose_name=_("meeting"))
    is_confidential = models.BooleanField(_("confidential"), default=False)
    publish_consent = models.BooleanField(_("may be shown on the public board"), default=False)

    state = models.CharField(_("state"), max_length=12, choices=State, default=State.SUBMITTED)
    # The FIC staff member who accepted the appeal and follows it (a confidential appeal is shown to them).
    assigned_staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("responsible staff"))
    lead_department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("lead department"))
    co_departments = models.ManyToManyField(Department, through="CoHandler", related_name="+",
                                            verbose_name=_("co-handling departments"))
    # The deadline of the step the appeal waits for (accept, sign for, reply, rate), in local dates:
    # ``due_working_days`` working days after ``due_from`` (kaopu.appeals.deadlines keeps the three
    # together, so that the deadline can be counted again when the calendar of its years changes).
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_from = models.DateField(_("deadline counted from"), null=True, blank=True)
    due_working_days = models.PositiveSmallIntegerField(_("working days to the deadline"), null=True, blank=True)
    # Counted Monday–Friday over a year whose holidays nobody had entered yet; recomputed when they are.
    due_provisional = models.BooleanField(_("deadline is provisional"), default=False)
    return_requested = models.BooleanField(_("return requested"), default=False)
    extension_requested = models.BooleanField(_("extension requested"), default=False)
    extension_used = models.BooleanField(_("extension used"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Escalated (督办) at least once: the deadline sweep escalated a missed deadline to FIC staff and the
    # department head, or a third unsatisfied rating sent the appeal to FIC arbitration. A fact for the
    # measures (kaopu.appeals.kpi), kept on the row so that the rollup can be rebuilt from the rows alone.
    escalated = models.BooleanField(_("escalated"), default=False)
    rating = models.CharField(_("rating"), max_length=1, choices=Rating, blank=True)
    close_reason = models.CharField(_("closed because"), max_length=12, choices=CloseReason, blank=True)
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged",
                                    verbose_name=_("merged into"))
    # Set by submit_appeal from the same moment as the number's year (not auto_now_add, which would take a
    # later one: a submission at midnight on New Year's Eve must not be numbered in the year it was not made).
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Facts for the measures (kaopu.appeals.kpi): set by the actions, never edited by hand.
    signed_on_time = models.BooleanField(_("signed for in time"), null=True, blank=True)
    first_reply_days = models.PositiveSmallIntegerField(_("working days to the first reply"), null=True,
                                                        blank=True)
    replied_late = models.BooleanField(_("a reply was late"), default=False)
    # first_reply_days was counted Monday–Friday over a year nobody had entered; recounted when entered.
    first_reply_provisional = models.BooleanField(_("working days to the first reply are provisional"),
                                                  default=False)
    # What the public board shows of the answer: written or approved by FIC staff (the review queue),
    # stored already masked (kaopu.core.masking). Only an approved summary is ever shown: no reply
    # text reaches the board unreviewed.
    public_summary = models.TextField(_("public summary of the answer"), max_length=500, blank=True)
    summary_review = models.CharField(_("review of the public summary"), max_length=10, choices=SummaryReview,
                                      default=SummaryReview.PENDING)
    summary_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("public summary reviewed by"))
    summary_reviewed_at = models.DateTimeField(_("public summary reviewed at"), null=True, blank=True)
    summary_withheld_reason = models.CharField(_("reason for not publishing"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-id"]
        indexes = [
            # Staff lists by district and state, newest first; a department's inbox; an enterprise's list.
            models.Index(fields=["district", "state", "-id"], name="appeal_district_state_id"),
            models.Index(fields=["lead_department", "state", "-id"], name="appeal_lead_state_id"),
            # A department's inbox without a state filter: the led branch, newest first.
            models.Index(fields=["lead_department", "-id"], name="appeal_lead_id"),
            models.Index(fields=["enterprise", "-id"], name="appeal_enterprise_id"),
            # The deadline sweep reads open appeals by due date.
            models.Index(fields=["due_on"], name="appeal_due_open",
                         condition=Q(state__in=["submitted", "accepted", "dispatched", "in_progress", "reviewing",
                                                "replied"])),
            # "Overdue now" of a district (appeals.selectors.overdue: the cockpit, the start pages' to-do, the
            # staff list's filter), counted from this index alone: its condition is the selector's list of open
            # states, word for word, so PostgreSQL needs no look at the rows (an index-only scan).
            models.Index(fields=["district", "due_on"], name="appeal_district_overdue",
                         condition=Q(state__in=["submitted", "accepted", "dispatched", "in_progress", "reviewing",
                                                    "replied"])),
            # Recounting provisional first replies when staff enter a year's calendar (a handful of rows).
            models.Index(fields=["id"], name="appeal_first_reply_provisional",
                         condition=Q(first_reply_provisional=True)),
            # The public board: closed appeals the enterprise agreed to show and staff approved, newest first.
            models.Index(fields=["district", "-closed_at"], name="appeal_public_board",
                         condition=Q(state="closed", publish_consent=True, is_confidential=False,
                                     summary_review="approved")),
            # The staff's to-dos of requests to decide (退单, 延期) and the list filtered to them (selectors
            # AppealFilters.pending): a handful of rows per district at any time.
            models.Index(fields=["district", "-id"], name="appeal_decision_pending",
                         condition=Q(return_requested=True) | Q(extension_requested=True)),
            # Appeals rated 不满意/非常不满意 (selectors.unsatisfied_condition): the staff's and leaders' to-dos.
            models.Index(fields=["district", "-id"], name="appeal_rated_unsatisfied",
                         condition=Q(rating__in=["1", "2"])),
            # The staff's queue of public summaries to review (views_summaries.py), newest first.
            models.Index(fields=["district", "-id"], name="appeal_summary_queue",
                         condition=Q(state="closed", publish_consent=True, is_confidential=False,
                                     summary_review="pending")),
        ]
        constraints = [
            # Numbers are gap-free per district and year (kaopu.appeals.numbering); the sequence comes before
            # the year so that this index also serves the search by a number's last digits (selectors).
            models.UniqueConstraint(fields=["district", "number_sequence", "number_year"],
                                    name="appeal_number_sequence_unique"),
            models.CheckConstraint(condition=Q(number_sequence__gte=1), name="appeal_number_sequence_positive"),
            models.CheckConstraint(condition=Q(reopen_count__lte=2), name="appeal_reopened_at_most_twice"),
            models.CheckConstraint(condition=Q(merged_into__isnull=True) | Q(state="merged"),
                                   name="appeal_merged_into_only_when_merged"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


class NumberCounter(models.Model):
    """The last sequence given to an appeal of one district in one year: the row a submission locks while it
    takes the next number (kaopu.appeals.numbering), so that two submissions at once get consecutive numbers
    and a rolled-back one gives its number back."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last sequence given"), default=0)

    class Meta:
        verbose_name = _("appeal number counter")
        verbose_name_plural = _("appeal number counters")
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.year}: {self.last}"


class CoHandler(models.Model):
    """A co-handling department (协办) of an appeal; its opinion goes into the lead department's reply."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="co_handlers", verbose_name=_("appeal"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="co_handled_appeals",
                                   verbose_name=_("department"))
    opinion = models.TextField(_("opinion"), blank=True)
    opinion_at = models.DateTimeField(_("opinion given at"), null=True, blank=True)
    # The lead department replies with the co-handlers' opinions: each is asked for by this date
    # (the "opinion" step of kaopu.appeals.deadlines, counted from the dispatch).
    opinion_due_on = models.DateField(_("opinion due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-handling department")
        verbose_name_plural = _("co-handling departments")
        constraints = [models.UniqueConstraint(fields=["appeal", "department"], name="cohandler_unique")]
        indexes = [
            # A department's inbox: the co-handled branch, newest appeal first (keyset_union_page).
            models.Index(fields=["department", "-appeal"], name="cohandler_department_appeal"),
            # The deadline sweep's reminders of opinions still missing, by due date.
            models.Index(fields=["opinion_due_on"], name="cohandler_opinion_missing",
                         condition=Q(opinion_at__isnull=True, opinion_due_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return str(self.department)


class Event(models.Model):
    """One change of an appeal: append-only. ``is_public`` events are shown to the enterprise."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="events", verbose_name=_("appeal"))
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from state"), max_length=12, choices=Appeal.State)
    to_state = models.CharField(_("to state"), max_length=12, choices=Appeal.State)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    is_public = models.BooleanField(_("shown to the enterprise"), default=True)

    class Meta:
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")
        ordering = ["appeal_id", "id"]
        indexes = [models.Index(fields=["appeal", "id"], name="appeal_event_timeline")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class DeadlineRule(models.Model):
    """A deadline in working days for one step, overriding the defaults of kaopu.appeals.deadlines for
    an appeal type and/or category (blank: every type / every category). Staff edit these."""

    class Step(models.TextChoices):
        ACCEPT = "accept", _("accept")
        DISPATCH = "dispatch", _("dispatch")
        SIGN_FOR = "sign_for", _("sign for")
        OPINION = "opinion", _("co-handler's opinion")
        REPLY = "reply", _("reply")
        REVIEW = "review", _("review the reply")
        RATE = "rate", _("rate")

    step = models.CharField(_("step"), max_length=10, choices=Step)
    kind = models.CharField(_("type"), max_length=15, choices=Appeal.Kind, blank=True)
    category = models.ForeignKey(Category, models.CASCADE, null=True, blank=True, verbose_name=_("category"))
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(fields=["step", "kind", "category"], name="deadline_rule_unique",
                                    nulls_distinct=False),
            models.CheckConstraint(condition=Q(working_days__gte=1, working_days__lte=60),
                                   name="deadline_rule_days_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.working_days}"


class RoutingRule(models.Model):
    """A dispatch suggestion (分派规则) kept by a district's FIC staff: an appeal that meets every given
    condition (category, the enterprise's subdistrict, any of the keywords in its title or content) is
    suggested to ``lead_department`` with ``co_departments``. The district's active rules are tried in
    ``position`` order; the first that matches wins (kaopu.appeals.routing). Staff may always change
    the suggestion on the dispatch form. Written only by kaopu.appeals.actions_routing, which keeps
    the positions of a district 1..n under a lock of the district's row."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveIntegerField(_("position in the list"))
    is_active = models.BooleanField(_("active"), default=True)
    # The conditions: blank means "any"; at least one is given (checked by actions_routing.check_rule).
    category = models.ForeignKey(Category, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("category"))
    subdistrict = models.ForeignKey(Subdistrict, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("subdistrict"))
    # Words separated by one space, normalised (NFKC, case-folded) when saved: any one found in the
    # appeal's title or content (normalised the same way) meets the condition.
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    lead_department = models.ForeignKey(Department, models.PROTECT, related_name="+",
                                        verbose_name=_("suggested lead department"))
    co_departments = models.ManyToManyField(Department, related_name="+", blank=True,
                                            verbose_name=_("suggested co-handling departments"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["district_id", "position", "id"]
        constraints = [
            # The order of a district's rules is total: first match wins. Reordering moves positions
            # out of the way first (actions_routing._renumber), since PostgreSQL checks a
            # non-deferrable unique constraint row by row.
            models.UniqueConstraint(fields=["district", "position"], name="routing_rule_unique_position"),
            models.UniqueConstraint(fields=["district", "name"], name="routing_rule_unique_name"),
            models.CheckConstraint(condition=Q(position__gte=1), name="routing_rule_position_from_1"),
            models.CheckConstraint(
                condition=Q(category__isnull=False) | Q(subdistrict__isnull=False) | ~Q(keywords=""),
                name="routing_rule_has_a_condition"),
        ]
        # The matcher and the rules page read a district's rules in order: the unique constraint's
        # index (district, position) serves them.

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return self.keywords.split()


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a random name: the original name is kept in the row, never trusted as a path."""
    return f"appeals/{instance.appeal_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file added to an appeal with its submission or with a reply. Files are served only through
    the appeal pages' download view, which applies the appeal's access rules."""

    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="attachments", verbose_name=_("appeal"))
    event = models.ForeignKey(Event, models.CASCADE, null=True, blank=True, related_name="attachments",
                              verbose_name=_("timeline event"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    is_public = models.BooleanField(_("shown to the enterprise"), default=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["appeal_id", "id"]

    def __str__(self) -> str:
        return self.name


class KpiCell(models.Model):
    """One row of the measures' rollup: the sums of kaopu.appeals.kpi.contribution over the appeals of
    one district submitted in one month that share one value of one dimension (a department, a type,
    a category …; dimension "all" has the single key ""). The actions keep it current by adding the
    change of an appeal's contribution; ``kaopu kpi --rebuild`` recomputes it from the appeals."""

    district = models.ForeignKey(District, models.CASCADE, related_name="+", verbose_name=_("district"))
    month = models.DateField(_("month"))
    dimension = models.CharField(_("dimension"), max_length=12)
    key = models.CharField(_("key"), max_length=20, blank=True)
    submitted = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    dispatched = models.IntegerField(default=0)
    signed_on_time = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    reply_days = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closed_on_time = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("measure rollup")
        verbose_name_plural = _("measure rollups")
        constraints = [models.UniqueConstraint(fields=["district", "month", "dimension", "key"],
                                               name="kpicell_unique")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.key}"
