"""The chamber officer's start page (工作台) until the chambers module exists (kaopu.core.registry).

DESIGN.md gives the chamber officer their chamber's members, activities and Four-Good evaluation
material, all of which the chambers module (``kaopu.chambers``, not built yet) will bring. Until then
their start page says what is coming, in words, and links to the pages already open to them. The
chambers module replaces this file's entries with its own to-dos and panels (delete them here then).

``accounts`` knows no feature app: the links are found by their URL names, and a page whose app is
not installed is simply left out.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Notice, Panel, PanelRow, registry

CHAMBER_OFFICER = frozenset({Role.CHAMBER_OFFICER})

registry.add_notice(Notice(
    key="accounts.chambers_coming", label=_("Your chamber's workspace is coming"), roles=CHAMBER_OFFICER,
    text=_("The chambers module will bring your chamber's work here: its member enterprises and their roles, "
           "the leadership terms, your chamber's activities, the material of the yearly Four-Good evaluation "
           "(good political leadership, good team building, good service to development, good "
           "self-discipline) with its indicators, evidence and the reviewers' scores, and your "
           "one-chamber-one-brand projects. Until then the FIC's staff keep your chamber's records; the "
           "pages under “Open to you today” are open to you and your members."),
    order=10))

# (label, URL name, what it serves): pages open to a chamber officer today.
LINKS: tuple[tuple[Any, str, Any], ...] = (
    (_("Upcoming government–enterprise meetings"), "meetings:upcoming",
     _("breakfast meetings and roundtables your members may register for")),
    (_("Meeting calendar"), "meetings:calendar", _("the month's meetings, to plan your chamber's activities")),
    (_("Public board of appeals"), "board:board",
     _("how enterprises' appeals were answered; your members raise theirs on the platform")),
)


def chamber_links(user: Any, limit: int) -> list[PanelRow]:
    rows = []
    for label, name, detail in LINKS[:limit]:
        try:
            rows.append(PanelRow(text=str(label), url=reverse(name), detail=str(detail)))
        except NoReverseMatch:  # the app is not installed
            continue
    return rows


registry.add_panel(Panel(
    key="accounts.chamber_links", label=_("Open to you today"), roles=CHAMBER_OFFICER, rows=chamber_links,
    url=lambda user: "", empty=_("No page is open to chamber officers yet."), order=10))
