"""What the chamber pages share: who reaches them, how refusals become messages, the page links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse

from kaopu.accounts.roles import Role
from kaopu.core.decorators import for_roles
from kaopu.core.page_actions import attempt, form_errors
from kaopu.core.pagination import query_with

# Pages of one chamber: staff and leaders of its district, and its own officer (the access rule narrows
# every row further; another chamber's pages answer 404).
chamber_readers = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.CHAMBER_OFFICER)
# Pages that change members, terms and brand projects (permissions.manages decides which chamber).
chamber_keepers = for_roles(Role.FIC_STAFF, Role.CHAMBER_OFFICER)



def pages(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"page": page, "next_query": query_with(request.GET, after=page.next_cursor, before=None),
            "previous_query": query_with(request.GET, before=page.previous_cursor, after=None)}


def submitted(request: HttpRequest, form: Form, save: Callable[[dict[str, Any]], Any], done: str,
              then: Callable[[Any], HttpResponse]) -> HttpResponse | None:
    """A form page's POST: on valid input run ``save(cleaned_data)`` (an action) and answer ``then(result)``;
    on a refusal or invalid input the messages, and None (the page renders the form again)."""
    if request.method != "POST":
        return None
    if not form.is_valid():
        form_errors(request, form)
        return None
    saved = attempt(request, lambda: save(form.cleaned_data), done)
    return then(saved) if saved else None
