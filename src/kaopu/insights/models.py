"""The private-economy indicators (民营经济指标): figures the FIC quotes about the district's private economy
(the "56789" shares: of market entities, high-tech enterprises, new jobs, tax revenue …), entered by staff
from published statistics, one value per district and period, with its source and the source's date.

An :class:`Indicator` is a definition shared by every district (four built-ins seeded by the migration
``0002_builtin_indicators``, and any that staff add); an :class:`IndicatorValue` is one district's figure
for a whole year (``quarter`` empty) or one quarter of it.

THE UNIT OF A PERCENT INDICATOR: its values are stored as a percentage, ``56.30`` for 56.30%, between 0
and 100 (a share: the database refuses anything else, through the copy of the unit kept on each value).
The registry (kaopu.core.registry) speaks in fractions: kaopu.insights.metrics divides by 100 on the way
out, and nowhere else does.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.models import District

FIRST_YEAR = 2000  # the earliest year a value may describe
VALUE_DIGITS, VALUE_PLACES = 18, 4
HUNDRED = Decimal(100)


class Unit(models.TextChoices):
    """The unit of an indicator's values: the words of kaopu.core.registry.Unit where they fit."""

    PERCENT = "percent", _("percent (a share, 0–100)")
    YUAN = "yuan", pgettext_lazy("unit", "yuan")
    COUNT = "count", pgettext_lazy("unit", "count")
    PEOPLE = "people", pgettext_lazy("unit", "people")


class Indicator(models.Model):
    """One indicator and its one written definition. A built-in one (``is_builtin``) is known to the
    registry by its ``key``; staff may retire any indicator, and change a custom one's name, unit and
    definition only while it has no values (a value means what its indicator said when it was entered)."""

    key = models.SlugField(pgettext_lazy("indicator", "code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("indicator", "name"), max_length=50, unique=True)
    unit = models.CharField(pgettext_lazy("indicator", "unit"), max_length=10, choices=Unit.choices)
    definition = models.TextField(_("definition"), max_length=1000)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    is_builtin = models.BooleanField(_("built in"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("private-economy indicator")
        verbose_name_plural = _("private-economy indicators")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name="") & ~Q(definition=""), name="insights_indicator_named"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT


class IndicatorValue(models.Model):
    """One district's value of an indicator for a year (``quarter`` empty) or a quarter: at most one per
    period (two partial unique constraints, since NULLs never collide in a plain one). A correction edits
    the row in place; the audit log keeps what it was."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(pgettext_lazy("indicator", "year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    value = models.DecimalField(pgettext_lazy("indicator", "value"), max_digits=VALUE_DIGITS,
                                decimal_places=VALUE_PLACES)
    # The indicator's unit is percent: a copy (the unit cannot change once values exist), so that the
    # database itself keeps a share between 0 and 100.
    is_percent = models.BooleanField(default=False, editable=False)
    source = models.CharField(_("source"), max_length=200)
    source_date = models.DateField(_("source date"))
    note = models.TextField(pgettext_lazy("indicator", "note"), max_length=1000, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, verbose_name=_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "district", "year"], condition=Q(quarter__isnull=True),
                                    name="insights_value_one_per_year"),
            models.UniqueConstraint(fields=["indicator", "district", "year", "quarter"],
                                    condition=Q(quarter__isnull=False), name="insights_value_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                                   name="insights_value_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR, year__lte=2200), name="insights_value_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="insights_value_not_negative"),
            models.CheckConstraint(condition=Q(is_percent=False) | Q(value__lte=HUNDRED),
                                   name="insights_value_share_at_most_100"),
            models.CheckConstraint(condition=~Q(source=""), name="insights_value_has_source"),
        ]
        # The list and the registry read a district's values of some indicators, newest year first.
        indexes = [models.Index(fields=["district", "indicator", "year"], name="insights_value_lookup")]

    def __str__(self) -> str:
        return f"{self.indicator}（{self.district}，{self.period}）"

    @property
    def shown(self) -> str:
        return value_words(self.value, self.indicator.unit)

    @property
    def period(self) -> str:
        """The period in words: 2025年 or 2025年第3季度."""
        return period_words(self.year, self.quarter)


def period_words(year: int, quarter: int | None) -> str:
    return f"{year}年" if quarter is None else f"{year}年第{quarter}季度"


def value_words(value: Decimal, unit: str) -> str:
    """A value as entered, with its unit: 95.20%, 1,234.5元, 12,000人 (for pages and the audit log; the
    unit words are Chinese, as every audit entry is)."""
    places = max(-value.normalize().as_tuple().exponent, 0)  # type: ignore[operator]
    if unit == Unit.PERCENT:
        return f"{value:.{max(places, 2)}f}%"
    suffix = {Unit.YUAN: "元", Unit.PEOPLE: "人", Unit.COUNT: ""}.get(unit, "")  # type: ignore[call-overload]
    return f"{value:,.{places}f}{suffix}"
