"""Pages of other apps open to a chamber officer, on their start page (工作台, kaopu.core.registry).

Their chamber's own work (members, terms, brand projects, the Four-Good evaluation) is the chambers
module's (kaopu.chambers.workbench); this panel links the pages of other apps a chamber uses: the
government–enterprise meetings its members may register for and the public board of appeals.

``accounts`` knows no feature app: the links are found by their URL names, and a page whose app is
not installed is simply left out.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Panel, PanelRow, registry

CHAMBER_OFFICER = frozenset({Role.CHAMBER_OFFICER})

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
