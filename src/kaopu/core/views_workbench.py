"""The start page (工作台): what needs the user's attention, read from the registry and nothing else.

Each installed app declares its to-dos, short lists and notices in its ``workbench.py``
(kaopu.core.registry); this page shows those of the user's role: the to-dos as a grid of count tiles
(each linking to the list of exactly the counted rows), then the short lists, then the notices. The
page runs a fixed number of queries whatever the data size: one per to-do and one or two per short
list (each entry keeps to that; the query-count tests of each role hold them to it).

The three administrators (三员) have no to-dos: their start page is still the page of their work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string

from kaopu.accounts.roles import Role
from kaopu.core.registry import Notice, Panel, PanelRow, Todo, registry

# A short list on the start page shows at most this many rows, then its "all" link.
PANEL_ROWS = 5
# What "/" shows an anonymous visitor: the public site's portal.
PUBLIC_HOME = "kaopu.publicity.views_site.home"
# Where the administrators start: the page of their one duty.
ADMIN_START = {Role.AUDIT_ADMIN: "audit:entry_list", Role.SYSTEM_ADMIN: "admin:index",
               Role.SECURITY_ADMIN: "admin:index"}


def dom_id(kind: str, key: str) -> str:
    """The HTML id of an entry, from its registry key: todo-appeals-staff_accept (tests and the browser
    walks find the entries by it)."""
    return f"{kind}-{key.replace('.', '-')}"


@dataclass(frozen=True)
class ShownTodo:
    todo: Todo
    count: int
    url: str

    @property
    def dom_id(self) -> str:
        return dom_id("todo", self.todo.key)

    @property
    def tone(self) -> str:
        """"late" for an urgent count above zero (red), "none" for zero (muted), "" otherwise."""
        if self.count == 0:
            return "none"
        return "late" if self.todo.urgent else ""


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    rows: list[PanelRow]
    url: str

    @property
    def dom_id(self) -> str:
        return dom_id("panel", self.panel.key)


def workbench_of(user: Any) -> dict[str, Any]:
    """What the start page of ``user`` shows: their to-dos counted, their short lists read, their notices."""
    todos = [ShownTodo(todo, todo.count(user), todo.url(user)) for todo in registry.todos_for(user)]
    panels = [ShownPanel(panel, list(panel.rows(user, PANEL_ROWS))[:PANEL_ROWS], panel.url(user))
              for panel in registry.panels_for(user)]
    notices: list[tuple[Notice, str]] = [(notice, dom_id("notice", notice.key))
                                         for notice in registry.notices_for(user)]
    return {"todos": todos, "panels": panels, "notices": notices}


def home(request: HttpRequest) -> HttpResponse:
    """``/``: the public site's home (the FIC's portal) for an anonymous visitor, the start page for a user."""
    if not request.user.is_authenticated:
        return import_string(PUBLIC_HOME)(request)
    return workbench(request)


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """The start page of every role but the administrators, who start on the page of their duty."""
    if request.user.role in ADMIN_START:
        return redirect(ADMIN_START[request.user.role])
    return render(request, "core/workbench.html", workbench_of(request.user))
