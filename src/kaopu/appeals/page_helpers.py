"""What the enterprise's and the department's appeal pages share: running one action for a POST,
labelling the timeline and the state badges.

Kept apart from the views so that both sides run actions and show refusals in the same way: a
refusal (TransitionError) or a deadline in a year nobody entered (UnknownCalendarYear) becomes a
message on the page, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kaopu.appeals import workflow
from kaopu.appeals.models import Appeal, Event
from kaopu.appeals.workflow import TransitionError
from kaopu.core.workdays import UnknownCalendarYear

S = Appeal.State

# The badge class of each state on lists and detail pages: waiting for someone, answered, finished.
STATE_BADGES: dict[str, str] = {
    S.SUBMITTED: "brand", S.ACCEPTED: "brand", S.DISPATCHED: "warn", S.IN_PROGRESS: "warn",
    S.REPLIED: "ok", S.CLOSED: "ok", S.DECLINED: "danger", S.WITHDRAWN: "", S.MERGED: "",
}


def run_action(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """Run one action; its refusal is shown as an error message. True when it succeeded."""
    try:
        call()
    except (TransitionError, UnknownCalendarYear) as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def report_form_errors(request: HttpRequest, form: Form) -> None:
    """A POST form with errors, on a page that redirects: each error names its field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def event_label(action: str) -> str:
    """The timeline's words for an event; submission and the deadline sweep's events are not in the table."""
    outside_the_table = {
        "submit": _("submitted"),
        "close_unrated": _("closed as not rated in time"),
        "remind": _("reminder sent (deadline near)"),
        "escalate": _("escalated (deadline passed)"),
    }
    if action in outside_the_table:
        return outside_the_table[action]
    transition = workflow.TRANSITIONS.get(action)
    return str(transition.label) if transition else action


def label_events(events: Iterable[Event]) -> list[Event]:
    labelled = list(events)
    for event in labelled:
        event.label = event_label(event.action)  # type: ignore[attr-defined]
    return labelled


def with_badges(appeals: Iterable[Appeal]) -> list[Appeal]:
    rows = list(appeals)
    for appeal in rows:
        appeal.badge = STATE_BADGES.get(appeal.state, "")  # type: ignore[attr-defined]
    return rows
