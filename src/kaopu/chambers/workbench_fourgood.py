"""The Four-Good evaluation's entries on the start pages (kaopu.core.registry) and its section on a chamber's
page (kaopu.chambers.sections): the chamber officer's application to submit, the reviewer's applications to
score, staff's results to record, and the chamber's evaluations across cycles.

Each to-do's count and the list its link leads to read the same selector (kaopu.chambers.selectors_fourgood),
so they cannot disagree.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.sections import ChamberSection, register
from kaopu.core.registry import PanelRow, Todo, registry

registry.add_todo(Todo(
    key="chambers.fourgood_to_submit", label=gettext_lazy("Four-Good application to submit"),
    roles=frozenset({Role.CHAMBER_OFFICER}),
    count=lambda user: selectors.to_submit(user).count(),
    url=lambda user: reverse("fourgood:mine"),
    help=gettext_lazy("Four-Good evaluation cycles open for applications in which your chamber has not submitted "
                      "its application yet; the page shows each deadline."),
    order=60))
registry.add_todo(Todo(
    key="chambers.fourgood_to_score", label=gettext_lazy("Four-Good applications to score"),
    roles=frozenset({Role.FIC_STAFF}),
    count=lambda user: selectors.to_score(user).count(),
    url=lambda user: reverse("fourgood:to_score"),
    help=gettext_lazy("Submitted applications of the cycles you review whose scores you have not submitted yet."),
    order=61))
registry.add_todo(Todo(
    key="chambers.fourgood_results", label=gettext_lazy("Four-Good results to record"),
    roles=frozenset({Role.FIC_STAFF}),
    count=lambda user: selectors.results_to_record(user).count(),
    url=lambda user: reverse("fourgood:results_to_record"),
    help=gettext_lazy("Applications every reviewer has scored that have no final result recorded yet."),
    order=62))


def history_rows(user: Any, chamber: Any, limit: int) -> list[PanelRow]:
    rows = []
    for application in selectors.chamber_history(user, chamber)[:limit]:
        if application.result:
            detail = application.get_result_display()
            if application.result_level:
                detail = f"{detail}（{application.get_result_level_display()}）"
        else:
            detail = application.get_state_display()
        rows.append(PanelRow(text=application.cycle.name, detail=detail,
                             url=reverse("fourgood:application", args=[application.pk])))
    return rows


def _history_url(user: Any, chamber: Any) -> str:
    return reverse("fourgood:mine") if user.role == Role.CHAMBER_OFFICER else reverse("fourgood:cycle_list")


register(ChamberSection(key="chambers.fourgood", label=gettext_lazy("Four-Good evaluations"), order=30,
                        rows=history_rows, url=_history_url, empty=gettext_lazy("No Four-Good application yet.")))
