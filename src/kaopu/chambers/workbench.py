"""The chambers' entries on the start pages (工作台, kaopu.core.registry).

- FIC staff: the terms of their district's chambers ending within 90 days whose next term is not recorded;
  the count and the list it opens read the same selector (selectors.terms_ending).
- A chamber officer: their own chamber's term ending within 90 days (the same selector, their chamber only),
  this year's brand projects without an outcome (selectors.unrecorded_outcomes, which the chamber's
  project list applies for ?without_outcomes=1), and a panel with the number of current members and the
  last membership changes.
- The Four-Good evaluation's to-dos live in workbench_fourgood.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.chambers import (
    selectors,
    workbench_fourgood,  # noqa: F401  (the Four-Good evaluation's to-dos)
)
from kaopu.chambers.permissions import officer_chamber
from kaopu.core.registry import Panel, PanelRow, Todo, registry
from kaopu.core.workdays import local_today

STAFF = frozenset({Role.FIC_STAFF})
OFFICER = frozenset({Role.CHAMBER_OFFICER})

registry.add_todo(Todo(
    key="chambers.terms_ending", label=gettext_lazy("Chamber terms ending within 90 days"), roles=STAFF,
    count=lambda user: selectors.terms_ending(user, local_today()).count(),
    url=lambda user: reverse("chambers:terms_ending"),
    help=gettext_lazy("Leadership terms of your district's active chambers that end within 90 days and whose "
                      "next term is not recorded yet: remind the chamber to prepare its election (换届)."),
    order=90))

registry.add_todo(Todo(
    key="chambers.our_term_ending", label=gettext_lazy("Our chamber's term ends within 90 days"), roles=OFFICER,
    count=lambda user: selectors.terms_ending(user, local_today()).count(),
    url=lambda user: reverse("chambers:our_chamber"),
    help=gettext_lazy("Your chamber's leadership term ends within 90 days and the next term is not recorded yet: "
                      "prepare the election (换届) and record the new term."),
    order=20))

registry.add_todo(Todo(
    key="chambers.projects_without_outcomes", label=gettext_lazy("This year's brand projects without outcomes"),
    roles=OFFICER, count=lambda user: selectors.unrecorded_outcomes(user, local_today().year).count(),
    url=lambda user: f"{reverse('chambers:our_projects')}?without_outcomes=1",
    help=gettext_lazy("Your chamber's one-chamber-one-brand projects of this year that have no outcome recorded "
                      "yet: record what they achieved (figures with their unit, and words)."),
    order=30))


def our_chamber_rows(user: Any, limit: int) -> list[PanelRow]:
    """The number of current members, then the last membership changes (three queries)."""
    chamber = officer_chamber(user)
    if chamber is None:
        return []
    members = selectors.current_members(chamber).count()
    rows = [PanelRow(text=_("%(n)s current members") % {"n": members},
                     url=reverse("chambers:member_list", args=[chamber.pk]), detail=chamber.name)]
    for membership in selectors.recent_changes(chamber, max(limit - 1, 0)):
        rows.append(PanelRow(text=membership.enterprise.name, url=reverse("chambers:member_list", args=[chamber.pk]),
                             detail=f"{membership.get_role_display()} · {membership.joined_on:%Y-%m-%d}"))
    return rows


registry.add_panel(Panel(
    key="chambers.our_chamber", label=gettext_lazy("Our chamber's members"), roles=OFFICER, rows=our_chamber_rows,
    url=lambda user: reverse("chambers:our_members"),
    empty=gettext_lazy("Your chamber is not recorded on the platform yet: the FIC's staff record it and link it to "
                       "your account."), order=5))
