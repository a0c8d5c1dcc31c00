"""Financing through the bank alliance (政会银企, 靠谱金融服务盟): member banks, their loan products,
enterprises' financing demands, the banks a demand is pushed to, and what each bank did with it.

Amounts are ``Decimal`` in 万元 (ten thousand yuan, four decimal places: one yuan), rates are annual
percentages with two decimals, terms are whole months; never floats. A demand changes only through
kaopu.finance.actions, which lock the demand row, so two officers of two banks granting at once
leave one consistent state; kaopu.finance.matching ranks the products that fit a demand.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.models import Organisation
from kaopu.core.money import WAN_MAX, amount_field
from kaopu.directory.models import District, Enterprise, IndustrySection

# The bounds every amount, rate and term must keep (kaopu.finance.validation says why in Chinese).
AMOUNT_MAX = WAN_MAX  # 万元: 100亿 yuan, far above any alliance loan
RATE_MAX = Decimal("24")  # % a year; courts do not protect more than four times the LPR
TERM_MAX_MONTHS = 360




def rate_field(verbose_name: str, **kwargs: object) -> models.DecimalField:
    """An annual interest rate in percent, e.g. 3.45."""
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, **kwargs)


class Collateral(models.TextChoices):
    """What an enterprise can offer and what a product asks for (a product asking for none is a
    credit loan)."""

    REAL_ESTATE = "real_estate", _("real estate")
    EQUIPMENT = "equipment", _("machinery and equipment")
    RECEIVABLES = "receivables", _("accounts receivable")
    IP = "ip", _("patents, trademarks, copyrights")
    EQUITY = "equity", _("equity")
    DEPOSIT = "deposit", _("deposits, certificates")
    INVENTORY = "inventory", _("inventory and goods")
    GUARANTOR = "guarantor", _("third-party guarantee")


class Bank(models.Model):
    """A member bank (a branch, as a rule) of the district's alliance; its officers are the users
    of its organisation with the role bank officer."""

    organisation = models.OneToOneField(Organisation, models.PROTECT, related_name="bank",
                                        limit_choices_to={"kind": "bank"}, verbose_name=_("organisation"))
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20)
    joined_on = models.DateField(_("joined the alliance on"))
    hotline = models.CharField(_("service hotline"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("active member"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alliance bank")
        verbose_name_plural = _("alliance banks")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="bank_name_unique_in_district"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class BankContact(models.Model):
    """A contact officer a bank names for the alliance (with or without an account)."""

    bank = models.ForeignKey(Bank, models.CASCADE, related_name="contacts", verbose_name=_("bank"))
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("account"))

    class Meta:
        verbose_name = _("contact officer")
        verbose_name_plural = _("contact officers")
        ordering = ["bank_id", "id"]

    def __str__(self) -> str:
        return self.name


class PolicyScheme(models.Model):
    """A policy guarantee or subsidy scheme (政策性融资担保, 贴息 …) that products may accept."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("policy scheme")
        verbose_name_plural = _("policy schemes")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


DEFAULT_POLICY_SCHEMES = (
    ("上海市中小微企业政策性融资担保基金", "市担保基金批次担保，担保费率一般不超过0.5%"),
    ("创业担保贷款", "个人及小微企业创业担保贷款，财政贴息"),
    ("科技履约贷", "科技型中小企业履约保证保险贷款"),
    ("区级贷款贴息", "区级财政对符合条件的贷款给予贴息"),
    ("知识产权质押融资风险补偿", "知识产权质押贷款风险补偿与贴息"),
)


def ensure_policy_schemes(sender: object = None, using: str = "default", **kwargs: object) -> None:
    """The common schemes, on a database that has none (post_migrate; staff edit them later)."""
    if not PolicyScheme.objects.using(using).exists():
        PolicyScheme.objects.using(using).bulk_create(
            [PolicyScheme(name=name, description=text, sort_order=order)
             for order, (name, text) in enumerate(DEFAULT_POLICY_SCHEMES)])


class LoanProduct(models.Model):
    class Kind(models.TextChoices):
        CREDIT = "credit", _("credit loan")
        MORTGAGE = "mortgage", _("mortgage loan")
        GUARANTEE = "guarantee", _("guaranteed loan")
        IP_PLEDGE = "ip_pledge", _("intellectual-property pledge loan")
        SUPPLY_CHAIN = "supply_chain", _("supply-chain financing")
        RECEIVABLES = "receivables", _("receivables financing")
        TAX = "tax", _("tax-credit loan")
        OTHER = "other", _("other")

    bank = models.ForeignKey(Bank, models.PROTECT, related_name="products", verbose_name=_("bank"))
    name = models.CharField(_("product name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind)
    amount_min = amount_field(_("smallest amount (10k yuan)"))
    amount_max = amount_field(_("largest amount (10k yuan)"))
    rate_min = rate_field(_("lowest annual rate (%)"))
    rate_max = rate_field(_("highest annual rate (%)"))
    term_min_months = models.PositiveSmallIntegerField(_("shortest term (months)"))
    term_max_months = models.PositiveSmallIntegerField(_("longest term (months)"))
    # Codes of Collateral; the enterprise must offer one of them. Empty: no collateral asked (credit).
    collateral = models.JSONField(_("collateral accepted"), default=list, blank=True)
    # Empty: every industry section / size class.
    industries = models.ManyToManyField(IndustrySection, blank=True, related_name="+",
                                        verbose_name=_("target industries"))
    sizes = models.JSONField(_("target size classes"), default=list, blank=True)
    policy_schemes = models.ManyToManyField(PolicyScheme, blank=True, related_name="products",
                                            verbose_name=_("policy schemes accepted"))
    description = models.TextField(_("description"), max_length=3000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        ordering = ["bank_id", "id"]
        indexes = [models.Index(fields=["bank", "is_active", "id"], name="product_bank_active")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_min__gt=0) & Q(amount_min__lte=F("amount_max")),
                                   name="product_amount_range"),
            models.CheckConstraint(condition=Q(rate_min__gte=0) & Q(rate_min__lte=F("rate_max")),
                                   name="product_rate_range"),
            models.CheckConstraint(condition=Q(term_min_months__gte=1) & Q(term_min_months__lte=F("term_max_months")),
                                   name="product_term_range"),
        ]

    def __str__(self) -> str:
        return self.name


class FinancingDemand(models.Model):
    """An enterprise's need for money; staff push it to banks (DemandPush), the banks answer."""

    class Purpose(models.TextChoices):
        WORKING_CAPITAL = "working_capital", _("working capital")
        EQUIPMENT = "equipment", _("equipment purchase")
        EXPANSION = "expansion", _("expansion, new plant")
        RESEARCH = "research", _("research and development")
        TRADE = "trade", _("trade and orders")
        REFINANCE = "refinance", _("repaying a maturing loan")
        OTHER = "other", _("other")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("within three months")
        SOON = "soon", _("within a month")
        URGENT = "urgent", _("within two weeks")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting to be pushed")
        PUSHED = "pushed", _("with the banks")
        GRANTED = "granted", _("granted")
        UNMET = "unmet", _("no bank granted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="financing_demands",
                                   verbose_name=_("enterprise"))
    # The enterprise's industry section and size when it asked: figures and matching read these.
    industry = models.ForeignKey(IndustrySection, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("industry"))
    size = models.CharField(_("size class"), max_length=10, choices=Enterprise.Size, blank=True)
    amount = amount_field(_("amount (10k yuan)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    purpose_detail = models.TextField(_("what the money is for"), max_length=2000)
    collateral = models.JSONField(_("collateral offered"), default=list, blank=True)
    wants_policy_guarantee = models.BooleanField(_("interested in a policy guarantee scheme"), default=False)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency, default=Urgency.NORMAL)
    consent_to_share = models.BooleanField(
        _("consent to share the enterprise's data with the banks"), default=False,
        help_text=_("Without consent a demand cannot be pushed to a bank."))
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.SUBMITTED)
    matched_products = models.PositiveSmallIntegerField(_("products that fit"), default=0)
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    granted_at = models.DateTimeField(_("granted at"), null=True, blank=True)
    # Working days from the demand to the first grant (the calendar of kaopu.core.workdays).
    working_days_to_grant = models.PositiveSmallIntegerField(_("working days to grant"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("financing demand")
        verbose_name_plural = _("financing demands")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["district", "-id"], name="demand_district_id"),
            models.Index(fields=["district", "state", "-id"], name="demand_district_state_id"),
            models.Index(fields=["enterprise", "-id"], name="demand_enterprise_id"),
            models.Index(fields=["district", "created_at"], name="demand_district_created"),
            # The staff list's other filters.
            models.Index(fields=["district", "industry", "-id"], name="demand_district_industry_id"),
            models.Index(fields=["district", "urgency", "-id"], name="demand_district_urgency_id"),
            models.Index(fields=["district", "amount"], name="demand_district_amount"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="demand_amount_positive"),
            models.CheckConstraint(condition=Q(term_months__gte=1), name="demand_term_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.amount}万元"


class DemandPush(models.Model):
    """A demand as one bank sees it: pushed by staff, claimed by an officer, contacted, then granted
    or declined."""

    class State(models.TextChoices):
        PUSHED = "pushed", _("waiting to be claimed")
        CLAIMED = "claimed", _("claimed")
        CONTACTED = "contacted", _("enterprise contacted")
        GRANTED = "granted", _("granted")
        # A bank declining a loan is 婉拒, not the appeals' 不予受理: a context of its own.
        DECLINED = "declined", pgettext_lazy("financing", "declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class DeclineReason(models.TextChoices):
        COLLATERAL = "collateral", _("not enough collateral")
        CREDIT = "credit", _("credit record")
        FINANCIALS = "financials", _("revenue or profit too low")
        INDUSTRY = "industry", _("industry not supported")
        AMOUNT = "amount", _("amount beyond what the bank can lend")
        DOCUMENTS = "documents", _("documents incomplete")
        ENTERPRISE = "enterprise", _("the enterprise no longer needs it")
        UNREACHABLE = "unreachable", _("enterprise unreachable")
        OTHER = "other", _("other")

    demand = models.ForeignKey(FinancingDemand, models.CASCADE, related_name="pushes", verbose_name=_("demand"))
    bank = models.ForeignKey(Bank, models.PROTECT, related_name="pushes", verbose_name=_("bank"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PUSHED)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("pushed by"))
    pushed_at = models.DateTimeField(_("pushed at"), auto_now_add=True)
    note = models.CharField(_("note to the bank"), max_length=300, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("claimed by"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    contact_note = models.TextField(_("contact record"), max_length=2000, blank=True)
    product = models.ForeignKey(LoanProduct, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("product"))
    granted_amount = amount_field(_("amount granted (10k yuan)"), null=True, blank=True)
    granted_rate = rate_field(_("annual rate (%)"), null=True, blank=True)
    granted_term_months = models.PositiveSmallIntegerField(_("term granted (months)"), null=True, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    decline_reason = models.CharField(pgettext_lazy("financing", "reason for declining"), max_length=12,
                                      choices=DeclineReason, blank=True)
    decline_note = models.TextField(_("explanation"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(pgettext_lazy("financing", "decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("demand pushed to a bank")
        verbose_name_plural = _("demands pushed to banks")
        ordering = ["demand_id", "id"]
        indexes = [
            # A bank's worklist by state, newest first.
            models.Index(fields=["bank", "state", "-id"], name="push_bank_state_id"),
            models.Index(fields=["bank", "-id"], name="push_bank_id"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["demand", "bank"], name="push_once_per_bank"),
            models.CheckConstraint(
                condition=~Q(state="granted") | (Q(granted_amount__gt=0) & Q(granted_rate__isnull=False)
                                                 & Q(granted_term_months__gte=1) & Q(granted_on__isnull=False)),
                name="push_grant_complete"),
            models.CheckConstraint(condition=~Q(state="declined") | ~Q(decline_reason=""),
                                   name="push_decline_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.demand_id} → {self.bank_id}"


class DemandEvent(models.Model):
    """The timeline of a demand: what happened, who did it, to which bank; the enterprise sees the
    events that are not internal."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("demand submitted")
        EDITED = "edited", _("demand changed")
        CONSENTED = "consented", _("consent to share with the banks given")
        PUSHED = "pushed", _("pushed to a bank")
        CLAIMED = "claimed", _("claimed by the bank")
        CONTACTED = "contacted", _("the bank contacted the enterprise")
        GRANTED = "granted", _("granted")
        DECLINED = "declined", pgettext_lazy("financing", "declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        NOTE = "note", _("note")

    demand = models.ForeignKey(FinancingDemand, models.CASCADE, related_name="events", verbose_name=_("demand"))
    push = models.ForeignKey(DemandPush, models.CASCADE, null=True, blank=True, related_name="events",
                             verbose_name=_("bank"))
    kind = models.CharField(_("event"), max_length=10, choices=Kind)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    text = models.TextField(_("text"), max_length=2000, blank=True)
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demand event")
        verbose_name_plural = _("demand events")
        ordering = ["demand_id", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.kind}"


class DemandMatch(models.Model):
    """A product that fits a demand, with its score, as the last matching run found (the batch
    match refreshes these when products change)."""

    demand = models.ForeignKey(FinancingDemand, models.CASCADE, related_name="matches", verbose_name=_("demand"))
    product = models.ForeignKey(LoanProduct, models.CASCADE, related_name="+", verbose_name=_("product"))
    score = models.PositiveSmallIntegerField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("matching product")
        verbose_name_plural = _("matching products")
        ordering = ["demand_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["demand", "product"], name="match_once")]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.product_id} ({self.score})"
