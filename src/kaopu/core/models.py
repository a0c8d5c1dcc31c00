"""Platform-wide tables that belong to no single module.

The working-day calendar lives here because every module with deadlines (appeals first) counts in
working days. Reads go through :mod:`kaopu.core.workdays`, never through these models directly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """One year of mainland holidays entered by FIC staff (from the State Council notice).

    A staff-entered year is complete by definition: a date it does not list follows the Monday–Friday
    rule. It overrides the ``chinese_calendar`` library for that year, so staff can also correct it.
    """

    class Source(models.TextChoices):
        # The library's years are not stored; this leaves room for another source (e.g. an import).
        STAFF = "staff", _("entered by staff")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.STAFF)
    notice = models.CharField(_("notice reference"), max_length=200, blank=True,
                              help_text=_("For example 国办发明电〔2026〕7号."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A date that breaks the Monday–Friday rule in a staff-entered year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday (a weekday that is off)")  # 休息日
        WORKDAY = "workday", _("make-up working day (a weekend day that is worked)")  # 调休上班

    year = models.ForeignKey(CalendarYear, models.CASCADE, related_name="days", verbose_name=_("year"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("For example 春节."))

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
