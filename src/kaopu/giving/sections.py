"""Giving's sections on a chamber's page (kaopu.chambers.sections): the chamber's honours, and its
donation total (its own and its members', as kaopu.giving.selectors.by_chamber defines it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.chambers.sections import ChamberSection, register
from kaopu.core.registry import PanelRow
from kaopu.giving import selectors


def honour_rows(user: Any, chamber: Any, limit: int) -> list[PanelRow]:
    """At most ``limit`` of the chamber's latest honours the user may see (index honour_chamber), one query."""
    rows = selectors.honours(user).filter(chamber=chamber).order_by("-year", "-id")[:limit]
    return [PanelRow(text=h.title, url=reverse("giving:honour_detail", args=[h.pk]),
                     detail=f"{h.year} · {h.get_level_display()} · {h.awarded_by}") for h in rows]


def honours_url(user: Any, chamber: Any) -> str:
    return reverse("giving:honour_list")


def donation_rows(user: Any, chamber: Any, limit: int) -> list[PanelRow]:
    """One row: the chamber's confirmed donations, its own and its members' (one query)."""
    found = selectors.chamber_total(user, chamber)
    if found is None or found.total == 0:
        return []
    text = gettext("%(total)s given: %(own)s by the chamber, %(members)s by member enterprises while members") % {
        "total": selectors.in_words(found.total), "own": selectors.in_words(found.own.total),
        "members": selectors.in_words(found.members.total)}
    return [PanelRow(text=text, url=donations_url(user, chamber))][:limit]


def donations_url(user: Any, chamber: Any) -> str:
    if user.role == Role.CHAMBER_OFFICER:
        return reverse("giving:chamber_donations")
    return reverse("giving:totals") + "#by-chamber"


register(ChamberSection(key="giving.honours", label=_("Honours"), rows=honour_rows, url=honours_url,
                        empty=_("No honour recorded yet."), order=60))
register(ChamberSection(key="giving.donations", label=_("Donations"), rows=donation_rows, url=donations_url,
                        empty=_("No confirmed donation yet."), order=61))
