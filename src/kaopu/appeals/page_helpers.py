"""What the appeal pages of every side share: running one action for a POST, labelling the
timeline and the deadline (the badges' colours are kaopu.appeals.badges).

Kept apart from the views so that both sides run actions and show refusals in the same way: a
refusal (TransitionError) becomes a message on the page, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.appeals import notify, workflow
from kaopu.appeals.models import Appeal, Event
from kaopu.appeals.workflow import TransitionError
from kaopu.notifications.actions import mark_read_for

S = Appeal.State


def run_action(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """Run one action; its refusal is shown as an error message. True when it succeeded."""
    try:
        call()
    except TransitionError as error:
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


# The timeline's words for its events. Submission and the deadline sweep's events are not in the
# workflow table; a transition whose label reads like a state's name gets words of its own here, so that
# an event never looks like a badge ("submitted" is the state 待受理, submitting is 提交诉求).
TIMELINE_WORDS: dict[str, Any] = {
    "submit": gettext_lazy("submitted the appeal"),
    "decline": gettext_lazy("declined to accept the appeal"),
    "close_unrated": gettext_lazy("closed as not rated in time"),
    "remind": gettext_lazy("reminder sent (deadline near)"),
    "escalate": gettext_lazy("escalated (deadline passed)"),
    "edit_summary": gettext_lazy("edited the public summary"),
    "review_summary": gettext_lazy("reviewed the public summary"),
    "recount_deadline": gettext_lazy("deadline recounted with the entered working-day calendar"),
    "submit_reply": gettext_lazy("replied; the reply waits for FIC staff's review"),
    "remind_opinion": gettext_lazy("co-handler reminded of its missing opinion"),
    "opinion_overdue": gettext_lazy("a co-handler's opinion is overdue"),
}


def event_label(action: str) -> str:
    """The timeline's words for an event: its own words above, else the workflow table's label."""
    if action in TIMELINE_WORDS:
        return str(TIMELINE_WORDS[action])
    transition = workflow.TRANSITIONS.get(action)
    return str(transition.label) if transition else action


# The enterprise's timeline reads as sentences: who did what ("区市场监管局已答复"), not a step's name and a
# change of state. %(who)s is the acting organisation, or "you" for the enterprise's own steps.
SENTENCES: dict[str, Any] = {
    "submit": gettext_lazy("%(who)s submitted the appeal"),
    "accept": gettext_lazy("%(who)s accepted the appeal"),
    "decline": gettext_lazy("%(who)s declined to accept the appeal"),
    "dispatch": gettext_lazy("%(who)s passed the appeal to %(lead)s"),
    "sign_for": gettext_lazy("%(who)s signed for the appeal and is handling it"),
    "reply": gettext_lazy("%(who)s replied"),
    "withdraw": gettext_lazy("%(who)s withdrew the appeal"),
    "rate": gettext_lazy("%(who)s rated the reply “%(rating)s”"),
    "approve_extension": gettext_lazy("%(who)s extended the deadline"),
    "refuse_extension": gettext_lazy("%(who)s did not extend the deadline"),
    "arbitrate": gettext_lazy("%(who)s closed the appeal after arbitration"),
    "merge": gettext_lazy("%(who)s merged the appeal into another one of yours"),
    "close_unrated": gettext_lazy("The appeal was closed as not rated in time"),
}


def sentence_events(events: list[Event], appeal: Appeal) -> list[Event]:
    """Give each (labelled) event of the enterprise's timeline of ``appeal`` its ``sentence``, with no
    query: a dispatch names the appeal's lead department (loaded with the appeal) when it is the one
    dispatched to, else "a department" (an earlier lead, before a return)."""
    enterprise_id = appeal.enterprise_id
    leads = {appeal.lead_department_id: appeal.lead_department.name} if appeal.lead_department_id else {}
    for event in events:
        pattern = SENTENCES.get(event.action)
        if pattern is None:
            event.sentence = event.label  # type: ignore[attr-defined]
            continue
        actor = event.actor
        if actor is not None and getattr(actor.organisation, "enterprise_id", None) == enterprise_id:
            who = _("You")
        elif actor is not None:
            who = actor.organisation.name
        else:
            who = ""
        event.sentence = str(pattern) % {  # type: ignore[attr-defined]
            "who": who, "lead": leads.get((event.data or {}).get("lead"), _("a department")),
            "rating": getattr(event, "rating_label", "")}
    return events


def rating_label(value: str) -> str:
    """A rating's words on the five-level scale (满意 …); an unknown value is shown as it is."""
    return str(Appeal.Rating(value).label) if value in Appeal.Rating.values else value


def label_events(events: Iterable[Event]) -> list[Event]:
    """The events with their words (``label``) and, for a rating, the rating's words (``rating_label``)."""
    labelled = list(events)
    for event in labelled:
        event.label = event_label(event.action)  # type: ignore[attr-defined]
        rating = (event.data or {}).get("rating") if event.action == "rate" else None
        event.rating_label = rating_label(str(rating)) if rating else ""  # type: ignore[attr-defined]
    return labelled


# What an appeal's deadline (due_on) is for: every action that moves an appeal sets the deadline of
# the step it now waits for (kaopu.appeals.actions), so the state names the step.
DUE_LABELS: dict[str, Any] = {
    S.SUBMITTED: gettext_lazy("Accept by"),
    S.ACCEPTED: gettext_lazy("Dispatch by"),
    S.DISPATCHED: gettext_lazy("Sign for by"),
    S.IN_PROGRESS: gettext_lazy("Reply by"),
    S.REVIEWING: gettext_lazy("Review by"),
    S.REPLIED: gettext_lazy("Rate by"),
}


def due_label(appeal: Appeal) -> str:
    """The label of the appeal's deadline on a page: the step it waits for (受理/签收/答复/评价截止)."""
    return str(DUE_LABELS[appeal.state]) if appeal.state in DUE_LABELS else _("Due on")


def mark_notifications_read(user: Any, appeal: Appeal) -> None:
    """Opening an appeal's page reads the viewer's notifications about it: they lead to this very page
    (notify.detail_path builds their links), so the bell falls. One UPDATE, whether or not any were unread."""
    mark_read_for(user, notify.detail_path(appeal, user))


def dispatch_instruction(events: Iterable[Event]) -> str:
    """The instruction (交办意见) of the newest dispatch in the (loaded) timeline, "" when none was written."""
    dispatches = [event for event in events if event.action == "dispatch"]
    return (dispatches[-1].data or {}).get("instruction", "") if dispatches else ""


def with_opinion_status(co_handlers: Iterable[Any], today: Any) -> list[Any]:
    """The co-handlers (with their departments) marked ``opinion_overdue`` when their opinion is
    missing after the date it was asked for by; what _co_handlers.html shows."""
    rows = list(co_handlers)
    for row in rows:
        row.opinion_overdue = row.opinion_at is None and row.opinion_due_on is not None and row.opinion_due_on < today
    return rows

