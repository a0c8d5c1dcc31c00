"""The FIC's own members (会员) and their dues (会费).

A :class:`Member` is one member of the district FIC: a member enterprise (one row per enterprise, the
directory's row) or an individual member (a person, with their work unit and position). The row keeps the
current state (category, joined on, left on); every change appends a :class:`MemberEvent` (joined, category
changed, left, rejoined), which is the member's history. A member who leaves and rejoins keeps the same row,
so their invoices and payments stay together.

The directory's member flag (Enterprise.is_member, member_since) follows from membership: it is written
only by kaopu.membership.actions, in the transaction that makes or ends a member enterprise.

Dues: staff set the yearly amount per category (:class:`DuesRate`), issue the year's invoices
(:class:`Invoice`, one per member per year), record payments made elsewhere (:class:`Payment`, no online
payment) and waivers (减免, on the invoice with a reason). Each member carries its outstanding balance
(``outstanding``/``in_arrears``), recomputed by the actions from its invoices in the same transaction,
so that the member list filters on arrears through an index instead of summing invoices.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.models import District, Enterprise


def yuan_field(verbose_name: object, **options: object) -> models.DecimalField:
    """An amount in yuan to the fen: dues are small sums, written in yuan on receipts (not 万元)."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **options)  # type: ignore[arg-type]


class Category(models.Model):
    """A membership category (会员, 理事, 常务理事, 执委 …): data staff edit, listed in their order."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0,
                                             help_text=_("Smaller numbers are listed first."))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")
        ordering = ["district_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="member_category_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member of the district FIC: an enterprise or a person."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("member enterprise")  # 企业会员
        INDIVIDUAL = "individual", _("individual member")  # 个人会员

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    enterprise = models.OneToOneField(Enterprise, models.PROTECT, null=True, blank=True,
                                      related_name="fic_member", verbose_name=_("enterprise"))
    # An individual member's identity (an enterprise member's representative may be named the same way).
    person_name = models.CharField(_("name of the person"), max_length=50, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # What the list shows and sorts by: the enterprise's name or the person's (kept in step by the actions).
    name = models.CharField(_("member"), max_length=200)
    category = models.ForeignKey(Category, models.PROTECT, related_name="members",
                                 verbose_name=_("membership category"))
    joined_on = models.DateField(_("joined on"))
    # The year of joined_on, stored so that the member list's "joined in" filter is one index range.
    joined_year = models.PositiveSmallIntegerField(_("joined in"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    outstanding = yuan_field(_("dues outstanding (yuan)"), default=Decimal("0"))
    in_arrears = models.BooleanField(_("in arrears"), default=False)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("FIC member")
        verbose_name_plural = _("FIC members")
        ordering = ["-id"]
        indexes = [
            # The member list (keyset on id, newest first) and each of its filters: one index per filter,
            # so that a page reads about one page of rows whatever the number of members.
            models.Index(fields=["district", "-id"], name="member_district_id"),
            models.Index(fields=["district", "category", "-id"], name="member_district_category_id"),
            models.Index(fields=["district", "kind", "-id"], name="member_district_kind_id"),
            models.Index(fields=["district", "joined_year", "-id"], name="member_district_joined_id"),
            # The arrears filter, the arrears to-do and the reminders.
            models.Index(fields=["district", "in_arrears", "-id"], name="member_district_arrears_id"),
            # Former members (the list's status filter): few rows, so a partial index.
            models.Index(fields=["district", "-id"], name="member_district_former_id",
                         condition=Q(left_on__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="enterprise") & Q(enterprise__isnull=False))
                | (Q(kind="individual") & Q(enterprise__isnull=True) & ~Q(person_name="")),
                name="member_kind_has_identity"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   name="member_leaves_after_joining"),
            models.CheckConstraint(condition=Q(outstanding__gte=0), name="member_outstanding_not_negative"),
            models.CheckConstraint(condition=Q(in_arrears=True, outstanding__gt=0) | Q(in_arrears=False, outstanding=0),
                                   name="member_arrears_flag"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class MemberEvent(models.Model):
    """One change of a member (append-only): the member's history."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("joined")
        CATEGORY = "category", _("category changed")
        LEFT = "left", pgettext_lazy("membership", "left")
        REJOINED = "rejoined", _("rejoined")

    member = models.ForeignKey(Member, models.CASCADE, related_name="events", verbose_name=_("member"))
    kind = models.CharField(_("what"), max_length=10, choices=Kind)
    happened_on = models.DateField(_("date"))
    category = models.ForeignKey(Category, models.PROTECT, related_name="+", verbose_name=_("membership category"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["member_id", "-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.happened_on}"


class Application(models.Model):
    """An enterprise's application to join the FIC (入会申请), decided by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to decide")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="fic_applications",
                                   verbose_name=_("enterprise"))
    statement = models.TextField(_("statement"), max_length=2000)
    # The enterprise user who applied; none for an application handed in on paper before the platform
    # (the demo's history).
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("applicant"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-id"]
        indexes = [
            # The staff queue and its to-do count: a district's applications to decide.
            models.Index(fields=["district", "status", "-id"], name="member_application_queue"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["enterprise"], condition=Q(status="pending"),
                                    name="member_application_one_pending"),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(reason=""),
                                   name="member_application_refusal_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} 入会申请"


class ExecutiveTerm(models.Model):
    """A term (届) of the FIC's executive committee, with who sits on it (:class:`Seat`)."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    number = models.PositiveSmallIntegerField(_("term number"), help_text=_("第N届: the Nth term."))
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"))

    class Meta:
        verbose_name = _("executive committee term")
        verbose_name_plural = _("executive committee terms")
        ordering = ["district_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["district", "number"], name="member_term_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="member_term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return str(_("Term %(number)d") % {"number": self.number})


class Seat(models.Model):
    """A seat on a term's executive committee: a member in a position."""

    class Position(models.TextChoices):
        # In order of rank: the committee is listed in this order.
        CHAIR = "chair", _("chair")  # 主席
        VICE_CHAIR = "vice_chair", _("vice-chair")  # 副主席
        STANDING = "standing", _("standing committee member")  # 常委
        EXECUTIVE = "executive", _("executive committee member")  # 执委

    term = models.ForeignKey(ExecutiveTerm, models.CASCADE, related_name="seats",
                             verbose_name=_("executive committee term"))
    member = models.ForeignKey(Member, models.PROTECT, related_name="seats", verbose_name=_("member"))
    position = models.CharField(_("position"), max_length=10, choices=Position)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("executive committee seat")
        verbose_name_plural = _("executive committee seats")
        ordering = ["term_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "member"], name="member_seat_once_per_term"),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.member_id}"


class DuesRate(models.Model):
    """The yearly dues of one category in one year (staff set them per year)."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.ForeignKey(Category, models.PROTECT, related_name="rates", verbose_name=_("membership category"))
    amount = yuan_field(_("yearly dues (yuan)"))

    class Meta:
        verbose_name = _("dues rate")
        verbose_name_plural = _("dues rates")
        ordering = ["district_id", "-year", "category__order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="member_rate_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="member_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category_id} {self.amount}"


class Invoice(models.Model):
    """The dues one member owes for one year (会费通知), with what was paid and waived."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    member = models.ForeignKey(Member, models.PROTECT, related_name="invoices", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.ForeignKey(Category, models.PROTECT, related_name="+", verbose_name=_("membership category"))
    amount = yuan_field(_("dues (yuan)"))
    paid = yuan_field(_("paid (yuan)"), default=Decimal("0"))
    waived = yuan_field(_("waived (yuan)"), default=Decimal("0"))
    waiver_reason = models.CharField(_("reason for the waiver"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))

    class Meta:
        verbose_name = _("dues invoice")
        verbose_name_plural = _("dues invoices")
        ordering = ["-year", "-id"]
        indexes = [
            # The invoices list of a year and the yearly statement.
            models.Index(fields=["district", "year", "-id"], name="member_invoice_year_id"),
        ]
        constraints = [
            # Issuing the year's invoices twice (or twice at once) makes one invoice per member and year.
            models.UniqueConstraint(fields=["member", "year"], name="member_invoice_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(paid__gte=0) & Q(waived__gte=0),
                                   name="member_invoice_not_negative"),
            models.CheckConstraint(condition=Q(paid__lte=F("amount") - F("waived")),
                                   name="member_invoice_not_overpaid"),
            models.CheckConstraint(condition=Q(waived=Decimal("0")) | ~Q(waiver_reason=""),
                                   name="member_invoice_waiver_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.year} 年会费"

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid - self.waived


class Payment(models.Model):
    """A payment of dues made elsewhere (cash, bank transfer), recorded by staff with its receipt number."""

    class Method(models.TextChoices):
        CASH = "cash", _("cash")  # 现金
        TRANSFER = "transfer", _("bank transfer")  # 转账
        OTHER = "other", _("other")  # 其他

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    invoice = models.ForeignKey(Invoice, models.PROTECT, related_name="payments", verbose_name=_("invoice"))
    amount = yuan_field(_("amount (yuan)"))
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=10, choices=Method)
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "receipt_number"], name="member_payment_receipt_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="member_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.amount}"
