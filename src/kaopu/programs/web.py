"""What the activity pages share: who reaches them, and how an action's refusal reaches the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest

from kaopu.accounts.roles import Role
from kaopu.core.decorators import for_roles
from kaopu.core.errors import ActionRefused
from kaopu.core.page_actions import form_errors
from kaopu.core.pagination import query_with

# Staff and leaders read every activity of the district; an officer their chamber's (the access rule).
readers = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.CHAMBER_OFFICER)
recorders = for_roles(Role.FIC_STAFF, Role.CHAMBER_OFFICER)
officers = for_roles(Role.CHAMBER_OFFICER)


def tab_of(request: HttpRequest) -> str:
    """The tab bar a page shows: the officer's own (本会活动) or the staff's and leaders' (活动, 统计, 类型)."""
    return "chamber" if request.user.role == Role.CHAMBER_OFFICER else "activities"


def may_record(request: HttpRequest) -> bool:
    return request.user.role in (Role.FIC_STAFF, Role.CHAMBER_OFFICER)


def run(request: HttpRequest, form: Form, call: Callable[[], Any], done: str) -> Any:
    """``call`` (an action) when the form is valid; a refusal is shown on its field (and as a message that
    names the field), success as a message. Returns the action's result, or None."""
    if not form.is_valid():
        form_errors(request, form)
        return None
    try:
        result = call()
    except ActionRefused as error:  # the activities', the sites' and the lecturers' refusals
        form.add_error(error.field if error.field in form.fields else None, error.message)
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return True if result is None else result


def pager(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"page": page, "next_query": query_with(request.GET, after=page.next_cursor, before=None),
            "previous_query": query_with(request.GET, before=page.previous_cursor, after=None)}
