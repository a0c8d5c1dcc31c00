"""Every change of an appeal: one function per action of kaopu.appeals.workflow.

Each runs in one transaction: it fetches the appeal through the access rules with a row lock
(select_for_update), so that of two people acting at once the second sees the first one's result;
checks the workflow table and the user's part in the appeal; writes the new state and an Event.
Refusals raise workflow.TransitionError (a message for a person naming the action and the state) or
Http404 (an appeal the user may not see). Notifications are sent after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.appeals import contact, deadlines, kpi, notify, numbering, publication, routing, workflow
from kaopu.appeals.attachments import AttachmentBatch
from kaopu.appeals.models import Appeal, Attachment, Category, CoHandler, Event
from kaopu.appeals.permissions import is_co_handler, is_lead_handler
from kaopu.appeals.workflow import TransitionError
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access, workdays
from kaopu.directory.models import Department, District, Enterprise
from kaopu.publicity import screening

S = Appeal.State
PUBLIC_SUMMARY_MAX_LENGTH = 500  # Appeal.public_summary's form field; the board shows it whole
REOPENING_RATINGS = workflow.REOPENING_RATINGS
# The department reads the reason when the appeal comes back to it (the reopening's notification and timeline).
DISCONTENT_REASON_REQUIRED = gettext_lazy(
    "Comment: please say why you are not satisfied; the department reads it when the appeal comes back to it.")
MAX_REOPENINGS = 2


def submit_appeal(*, enterprise: Enterprise, acting_user: Any, kind: str, category: Category, title: str,
                  content: str, is_confidential: bool = False, publish_consent: bool = False,
                  source: str = Appeal.Source.ONLINE, source_meeting_id: int | None = None,
                  attachments: Iterable[Any] = (), contact_name: str = "", contact_phone: str = "") -> Appeal:
    """An enterprise user submits for its own enterprise; FIC staff submit on an enterprise's behalf
    (from a meeting, the hotline or a visit). The appeal gets its number (kaopu.appeals.numbering) and
    waits to be accepted within its deadline. ``contact_name``/``contact_phone``: whom the departments call,
    checked (kaopu.appeals.contact.clean); both left empty, the default contact (contact.default_for).
    ``attachments`` (uploaded files) are checked first and saved with the submission's event.
    Raises TransitionError for another enterprise, a role that may not submit, an unknown meeting or a
    wrong contact (naming the field); Http404 for an enterprise outside the staff member's district."""
    if acting_user.role == Role.ENTERPRISE_USER:
        if enterprise.pk != acting_user.enterprise_id:
            raise TransitionError(_("You may submit appeals only for your own enterprise."))
        source, source_meeting_id = Appeal.Source.ONLINE, None
    elif acting_user.role == Role.FIC_STAFF:
        access.get_object_for_user(acting_user, Enterprise, enterprise.pk)  # 404 outside the district
    else:
        raise TransitionError(_("Your role may not submit appeals."))
    if source_meeting_id is not None:
        meetings = Appeal._meta.get_field("source_meeting").related_model._default_manager
        if not meetings.filter(pk=source_meeting_id, district_id=enterprise.district_id).exists():
            raise TransitionError(_("Meeting: there is no meeting with the number %(id)s in this district.")
                                  % {"id": source_meeting_id})
    person = _contact(acting_user, enterprise, contact_name, contact_phone)
    files = AttachmentBatch(attachments)
    with files, transaction.atomic(), kpi.tracking() as tracked:
        now = timezone.now()
        appeal = Appeal(district_id=enterprise.district_id, enterprise=enterprise, created_by=acting_user,
                        kind=kind, category=category, title=title, content=content,
                        is_confidential=is_confidential, publish_consent=publish_consent, source=source,
                        source_meeting_id=source_meeting_id, created_at=now,
                        contact_name=person.name if person else "", contact_phone=person.phone if person else "")
        deadlines.set_due(appeal, "accept")
        numbering.assign(appeal, _abbreviation(enterprise.district_id), now)  # last: it locks the counter
        appeal.save()
        tracked.appeal = appeal
        event = Event.objects.create(appeal=appeal, action="submit", from_state=S.SUBMITTED,
                                     to_state=S.SUBMITTED, actor=acting_user, text=content[:200])
        files.attach(event, acting_user)
        record(Action.CREATE, actor=acting_user, target=appeal,
               summary=f"提交诉求{_named(appeal)}", data={"number": appeal.number, "kind": kind,
                                                   "category": category.pk, "source": source,
                                                   "confidential": is_confidential, "attachments": len(files.files),
                                                   "contact": bool(person)})
        transaction.on_commit(partial(notify.after_event, event.pk), robust=True)
    return appeal


def _contact(user: Any, enterprise: Enterprise, name: str, phone: str) -> contact.Contact | None:
    """The submission's contact: the one given, checked, else the default (contact.default_for)."""
    if not (name or "").strip() and not (phone or "").strip():
        return contact.default_for(user, enterprise)
    try:
        return contact.clean(name, phone)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from None


def _abbreviation(district_id: int) -> str:
    return District.objects.filter(pk=district_id).values_list("abbreviation", flat=True).get()


def _named(appeal: Appeal) -> str:
    """The appeal in words for the audit log: 「title」（number，enterprise）."""
    return f"「{appeal.title}」（{appeal.number}，{appeal.enterprise.name}）"


def _audit_step(appeal: Appeal, action: str, user: Any, from_state: str, data: dict[str, Any] | None) -> None:
    """The audit entry of one workflow step, in the step's transaction. Worded in the site's language
    (Chinese) whatever the acting user's language, so the log reads the same for every auditor."""
    with translation.override("zh-hans"):
        label = str(workflow.TRANSITIONS[action].label) if action in workflow.TRANSITIONS else action
    record(Action.UPDATE, actor=user, target=appeal, summary=f"{label}：诉求{_named(appeal)}",
           data={"action": action, "from": from_state, "to": appeal.state, **(data or {})})


def _act(appeal_id: Any, action: str, user: Any, *, text: str = "", data: dict[str, Any] | None = None,
         public: bool | Callable[[Appeal], bool] = True, change: Callable[[Appeal], str | None] | None = None,
         allowed: Callable[[Appeal], bool] | None = None,
         event_action: str | Callable[[Appeal], str] | None = None) -> Appeal:
    """The shared body of every action: lock, check, change, record.

    ``change`` edits the locked appeal and may return the target state when the table leaves it to
    the action; ``allowed`` is the user's part in this appeal (e.g. the lead department). ``public``
    may be decided from the changed appeal; ``event_action`` names the timeline event when it is not
    the action's name (a reply that waits for review is a "submit_reply")."""
    with transaction.atomic():
        appeal = access.get_object_for_user(user, Appeal.objects.select_for_update(), appeal_id)
        transition = workflow.check(appeal, action, user.role)
        if allowed is not None and not allowed(appeal):
            raise TransitionError(_("Only the department(s) assigned to this appeal may %(action)s it.")
                                  % {"action": transition.label})
        from_state = appeal.state
        with kpi.tracking(appeal):
            target = change(appeal) if change is not None else None
            appeal.state = target or transition.target or from_state
            if appeal.state in workflow.FINAL_STATES and appeal.closed_at is None:
                appeal.closed_at = timezone.now()
            appeal.save()
        if callable(event_action):
            event_action = event_action(appeal)
        event = Event.objects.create(appeal=appeal, action=event_action or action, from_state=from_state,
                                     to_state=appeal.state, actor=user, text=text, data=data or {},
                                     is_public=public(appeal) if callable(public) else public)
        _audit_step(appeal, action, user, from_state, data)
        transaction.on_commit(partial(notify.after_event, event.pk), robust=True)
    return appeal


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Please write the %(what)s.") % {"what": what})
    return text


def accept(appeal_id: Any, *, acting_user: Any) -> Appeal:
    def change(appeal: Appeal) -> None:
        appeal.assigned_staff = acting_user
        deadlines.set_due(appeal, "dispatch")  # accepted, it waits for staff to dispatch it (待交办)
    return _act(appeal_id, "accept", acting_user, change=change)


def decline(appeal_id: Any, *, acting_user: Any, reason: str) -> Appeal:
    reason = _required(reason, _("reason for declining"))
    return _act(appeal_id, "decline", acting_user, text=reason, change=deadlines.clear_due)


DISPATCH_INSTRUCTION_MAX_LENGTH = 500


def dispatch(appeal_id: Any, *, acting_user: Any, lead: Department,
             co_handlers: Iterable[Department] = (), instruction: str = "") -> Appeal:
    """Send the appeal to a lead department (主办) and optional co-handlers (协办) of its district; each
    co-handler is asked for its opinion by the "opinion" deadline (kaopu.appeals.deadlines). When a routing
    rule of the district matches the appeal (kaopu.appeals.routing), the event and the audit entry note
    under "routing" which rule suggested what and whether it was followed. ``instruction`` (交办意见, at most
    500 characters) is kept in the event's details for the departments and the dispatch slip, never shown to
    the enterprise."""
    co_handlers = [d for d in co_handlers if d.pk != lead.pk]
    data: dict[str, Any] = {"lead": lead.pk, "co_handlers": [d.pk for d in co_handlers]}
    instruction = (instruction or "").strip()
    if len(instruction) > DISPATCH_INSTRUCTION_MAX_LENGTH:
        raise TransitionError(_("%(field)s: at most %(max)d characters; this one has %(count)d.") % {
            "field": _("Dispatch instruction"), "max": DISPATCH_INSTRUCTION_MAX_LENGTH, "count": len(instruction)})
    if instruction:
        data["instruction"] = instruction

    def change(appeal: Appeal) -> None:
        for department in [lead, *co_handlers]:
            if department.district_id != appeal.district_id or not department.is_active:
                raise TransitionError(_("“%(name)s” is not an active department of this district.")
                                      % {"name": department.name})
        appeal.lead_department = lead
        CoHandler.objects.filter(appeal=appeal).delete()
        opinion_due = deadlines.due_on("opinion", appeal) if co_handlers else None
        CoHandler.objects.bulk_create([CoHandler(appeal=appeal, department=d, opinion_due_on=opinion_due)
                                       for d in co_handlers])
        appeal.return_requested = False
        appeal.signed_on_time = None  # the (new) lead department has to sign for it
        deadlines.set_due(appeal, "sign_for")
        suggestion = routing.suggest(appeal)
        if suggestion is not None:
            data["routing"] = suggestion.record(lead.pk, data["co_handlers"])
    return _act(appeal_id, "dispatch", acting_user, change=change, data=data)


def sign_for(appeal_id: Any, *, acting_user: Any) -> Appeal:
    def change(appeal: Appeal) -> None:
        if appeal.return_requested:
            raise TransitionError(_("A return was asked for; wait until FIC staff decide on it."))
        appeal.signed_on_time = appeal.due_on is None or workdays.local_today() <= appeal.due_on
        deadlines.set_due(appeal, "reply")
    return _act(appeal_id, "sign_for", acting_user, change=change,
                allowed=lambda appeal: is_lead_handler(acting_user, appeal))


def reply(appeal_id: Any, *, acting_user: Any, text: str, attachments: Iterable[Any] = ()) -> Appeal:
    """The lead department's answer; co-handlers' opinions are included in the event's details.
    ``attachments`` are saved with the reply's event, in the same transaction.

    Where the appeal's category wants replies reviewed (Category.reply_review_required) the reply is an
    internal "submit_reply" event and the appeal waits for FIC staff (reviewing, with the review's
    deadline): :func:`approve_reply` shows it to the enterprise, :func:`return_reply` sends it back.
    Otherwise the enterprise is asked to rate it. Either way the department's timeliness (working days
    to the first reply, a late reply) is counted now, at the department's reply."""
    text = _required(text, _("reply"))
    files = AttachmentBatch(attachments)
    data: dict[str, Any] = {}

    def change(appeal: Appeal) -> str:
        today = workdays.local_today()
        if appeal.due_on is not None and today > appeal.due_on:
            appeal.replied_late = True
        if appeal.first_reply_days is None:
            count = workdays.count_working_days(workdays.to_local_date(appeal.created_at), today)
            appeal.first_reply_days, appeal.first_reply_provisional = count.days, count.provisional
        if Category.objects.filter(pk=appeal.category_id, reply_review_required=True).exists():
            # Kept so that a reply sent back is due again by the department's own deadline.
            data["reply_due"] = _due_fields(appeal)
            deadlines.set_due(appeal, "review")
            return S.REVIEWING
        deadlines.set_due(appeal, "rate")
        appeal.rating = ""
        return S.REPLIED

    def allowed(appeal: Appeal) -> bool:
        data["co_handler_opinions"] = {str(c.department): c.opinion
                                       for c in appeal.co_handlers.select_related("department") if c.opinion}
        return is_lead_handler(acting_user, appeal)
    with files, transaction.atomic():
        appeal = _act(appeal_id, "reply", acting_user, text=text, change=change, allowed=allowed, data=data,
                      public=lambda appeal: appeal.state == S.REPLIED,
                      event_action=lambda appeal: "submit_reply" if appeal.state == S.REVIEWING else "reply")
        files.attach_to_latest(appeal, "submit_reply" if appeal.state == S.REVIEWING else "reply", acting_user)
    return appeal


def _due_fields(appeal: Appeal) -> dict[str, Any]:
    return {"on": appeal.due_on.isoformat() if appeal.due_on else None,
            "from": appeal.due_from.isoformat() if appeal.due_from else None,
            "days": appeal.due_working_days, "provisional": appeal.due_provisional}


def approve_reply(appeal_id: Any, *, acting_user: Any, note: str = "") -> Appeal:
    """FIC staff approve a department's reply that waits for review: the enterprise now sees it (a
    public "reply" event by the department's handler, with the reply's attachments made public) and is
    asked to rate it within the rating deadline. ``note`` stays internal. Raises TransitionError for
    another role or an appeal not waiting for review; Http404 for an appeal the user may not see."""
    submitted: dict[str, Any] = {}

    def change(appeal: Appeal) -> None:
        event = (appeal.events.filter(action="submit_reply").order_by("-id")
                 .only("id", "text", "actor_id", "data").first())
        if event is None:
            raise TransitionError(_("There is no reply waiting for review."))
        submitted["event"] = event
        deadlines.set_due(appeal, "rate")
        appeal.rating = ""
    with transaction.atomic():
        appeal = _act(appeal_id, "approve_reply", acting_user, text=(note or "").strip(), public=False,
                      change=change)
        review = submitted["event"]
        answer = Event.objects.create(
            appeal=appeal, action="reply", from_state=S.REVIEWING, to_state=S.REPLIED, actor_id=review.actor_id,
            text=review.text, is_public=True,
            data={"co_handler_opinions": review.data.get("co_handler_opinions", {}), "reviewed_by": acting_user.pk,
                  "submitted_event": review.pk})
        Attachment.objects.filter(event=review).update(event=answer, is_public=True)
        transaction.on_commit(partial(notify.after_event, answer.pk), robust=True)
    return appeal


def return_reply(appeal_id: Any, *, acting_user: Any, reason: str) -> Appeal:
    """FIC staff send a reply that waits for review back to the lead department with ``reason``
    (internal; the department is told). The department answers again by its own reply deadline, or
    within one working day when that has passed during the review. Raises TransitionError for an empty
    reason, another role or an appeal not waiting for review; Http404 for an appeal the user may not see."""
    reason = _required(reason, _("reason for sending the reply back"))

    def change(appeal: Appeal) -> None:
        event = appeal.events.filter(action="submit_reply").order_by("-id").only("data").first()
        due = (event.data.get("reply_due") or {}) if event is not None else {}
        if due.get("on") and date.fromisoformat(due["on"]) >= workdays.deadline(workdays.local_today(), 1).on:
            appeal.due_on, appeal.due_from = date.fromisoformat(due["on"]), date.fromisoformat(due["from"])
            appeal.due_working_days, appeal.due_provisional = due["days"], due["provisional"]
        else:
            deadlines.set_due(appeal, "reply", working_days=1)
    return _act(appeal_id, "return_reply", acting_user, text=reason, public=False, change=change)


def withdraw(appeal_id: Any, *, acting_user: Any, reason: str = "") -> Appeal:
    return _act(appeal_id, "withdraw", acting_user, text=reason, change=deadlines.clear_due)


def rate(appeal_id: Any, *, acting_user: Any, rating: str, comment: str = "") -> Appeal:
    """Rate the reply. The two lowest ratings reopen the appeal (back to in progress with a new
    reply deadline) at most twice; after that it stays replied for FIC staff to arbitrate."""
    if rating not in Appeal.Rating.values:
        raise TransitionError(_("Choose one of the five ratings."))
    if rating in REOPENING_RATINGS and not (comment or "").strip():
        raise TransitionError(DISCONTENT_REASON_REQUIRED)

    def change(appeal: Appeal) -> str:
        if appeal.rating:
            raise TransitionError(_("This reply was rated already; FIC staff will arbitrate."))
        appeal.rating = rating
        if rating in REOPENING_RATINGS:
            if appeal.reopen_count >= MAX_REOPENINGS:
                deadlines.clear_due(appeal)
                appeal.escalated = True  # to FIC arbitration: counted as escalated in the measures
                return S.REPLIED  # staff arbitrate
            appeal.reopen_count += 1
            deadlines.set_due(appeal, "reply")
            return S.IN_PROGRESS
        deadlines.clear_due(appeal)
        appeal.close_reason = Appeal.CloseReason.RATED
        return S.CLOSED
    return _act(appeal_id, "rate", acting_user, text=comment, data={"rating": rating}, change=change)


def request_return(appeal_id: Any, *, acting_user: Any, reason: str) -> Appeal:
    """A misrouted appeal: the lead department asks, within 1 working day of dispatch, to send it back."""
    reason = _required(reason, _("reason for the return"))

    def change(appeal: Appeal) -> None:
        dispatched = appeal.events.filter(action="dispatch").order_by("-id").values_list("at", flat=True).first()
        if appeal.return_requested:
            raise TransitionError(_("A return was asked for already."))
        if dispatched and workdays.count_working_days(workdays.to_local_date(dispatched),
                                                      workdays.local_today()).days > 1:
            raise TransitionError(_("A return may be asked for only within 1 working day of dispatch."))
        appeal.return_requested = True
    return _act(appeal_id, "request_return", acting_user, text=reason, public=False, change=change,
                allowed=lambda appeal: is_lead_handler(acting_user, appeal))


def decide_return(appeal_id: Any, *, acting_user: Any, approve: bool, note: str = "") -> Appeal:
    """Approve (the appeal goes back to accepted, to be dispatched again) or refuse (the department keeps it)."""
    def change(appeal: Appeal) -> None:
        if not appeal.return_requested:
            raise TransitionError(_("No return was asked for."))
        appeal.return_requested = False
        if approve:
            appeal.lead_department = None
            deadlines.set_due(appeal, "dispatch")  # back with staff, to be dispatched again
    return _act(appeal_id, "approve_return" if approve else "refuse_return", acting_user, text=note,
                public=False, change=change)


def give_opinion(appeal_id: Any, *, acting_user: Any, opinion: str, attachments: Iterable[Any] = ()) -> Appeal:
    """A co-handler's opinion (internal); its ``attachments`` are internal too."""
    opinion = _required(opinion, _("opinion"))
    files = AttachmentBatch(attachments)

    def change(appeal: Appeal) -> None:
        appeal.co_handlers.filter(department_id=acting_user.department_id).update(
            opinion=opinion, opinion_at=timezone.now())
    with files, transaction.atomic():
        appeal = _act(appeal_id, "give_opinion", acting_user, text=opinion, public=False, change=change,
                      allowed=lambda appeal: is_co_handler(acting_user, appeal))
        files.attach_to_latest(appeal, "give_opinion", acting_user)
    return appeal


def request_extension(appeal_id: Any, *, acting_user: Any, reason: str, working_days: int) -> Appeal:
    """Once per appeal, before the deadline, with reasons; FIC staff decide."""
    reason = _required(reason, _("reason for the extension"))
    if not 1 <= working_days <= 30:
        raise TransitionError(_("An extension is 1 to 30 working days."))

    def change(appeal: Appeal) -> None:
        if appeal.extension_used or appeal.extension_requested:
            raise TransitionError(_("An extension may be asked for only once."))
        if appeal.due_on is not None and workdays.local_today() > appeal.due_on:
            raise TransitionError(_("The deadline has passed; an extension must be asked for before it."))
        appeal.extension_requested = True
    return _act(appeal_id, "request_extension", acting_user, text=reason, public=False,
                data={"working_days": working_days}, change=change,
                allowed=lambda appeal: is_lead_handler(acting_user, appeal))


def decide_extension(appeal_id: Any, *, acting_user: Any, approve: bool, note: str = "") -> Appeal:
    """Approval moves the deadline by the working days asked for; the enterprise sees the decision."""
    def change(appeal: Appeal) -> None:
        request = appeal.events.filter(action="request_extension").order_by("-id").first()
        if not appeal.extension_requested or request is None:
            raise TransitionError(_("No extension was asked for."))
        appeal.extension_requested = False
        appeal.extension_used = True
        if approve:
            deadlines.extend_due(appeal, request.data["working_days"])
    return _act(appeal_id, "approve_extension" if approve else "refuse_extension", acting_user, text=note,
                change=change)


def arbitrate(appeal_id: Any, *, acting_user: Any, conclusion: str) -> Appeal:
    """Staff close an appeal that was reopened twice and rated unsatisfied again."""
    conclusion = _required(conclusion, _("conclusion"))

    def change(appeal: Appeal) -> None:
        if appeal.reopen_count < MAX_REOPENINGS:
            raise TransitionError(_("Arbitration is for an appeal reopened twice; this one can still be reopened."))
        deadlines.clear_due(appeal)
        appeal.close_reason = Appeal.CloseReason.ARBITRATED
    return _act(appeal_id, "arbitrate", acting_user, text=conclusion, change=change)


def merge(appeal_id: Any, *, acting_user: Any, into: Appeal) -> Appeal:
    """Fold a duplicate into another open appeal of the same enterprise; the enterprise is told."""
    def change(appeal: Appeal) -> None:
        target = access.get_object_for_user(acting_user, Appeal, into.pk)
        if target.pk == appeal.pk or target.enterprise_id != appeal.enterprise_id:
            raise TransitionError(_("An appeal can be merged only into another appeal of the same enterprise."))
        if target.state in workflow.FINAL_STATES:
            raise TransitionError(_("The appeal to merge into is finished already."))
        appeal.merged_into = target
        deadlines.clear_due(appeal)
    return _act(appeal_id, "merge", acting_user, change=change, data={"into": into.pk})


def instruct(appeal_id: Any, *, acting_user: Any, instruction: str) -> Appeal:
    """A district leader's instruction (批示); it stays in the timeline, the state does not change."""
    instruction = _required(instruction, _("instruction"))
    return _act(appeal_id, "instruct", acting_user, text=instruction, public=False)


def close_unrated(appeal: Appeal) -> Appeal:
    """Used by the deadline sweep: a reply not rated within its window closes as unrated, never as
    satisfied. Does nothing when the appeal is no longer waiting for a rating (idempotent)."""
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.state != S.REPLIED or (locked.reopen_count >= MAX_REOPENINGS and locked.rating):
            return locked
        from_state = locked.state
        with kpi.tracking(locked):
            locked.state, locked.close_reason = S.CLOSED, Appeal.CloseReason.UNRATED
            locked.closed_at = timezone.now()
            deadlines.clear_due(locked)
            locked.save()
        event = Event.objects.create(appeal=locked, action="close_unrated", from_state=from_state,
                                     to_state=S.CLOSED)
        record(Action.UPDATE, target=locked, actor_name="system",
               summary=f"逾期未评价，自动办结诉求{_named(locked)}", data={"from": from_state, "to": S.CLOSED})
        transaction.on_commit(partial(notify.after_event, event.pk), robust=True)
    return locked


class SummaryRefused(TransitionError):
    """The content guard refused a public summary (kaopu.publicity.screening): ``refused`` holds the
    findings and whether acknowledging them (the same review with their keys) lets it through."""

    def __init__(self, refused: Any) -> None:
        super().__init__(refused.message)
        self.refused = refused


def review_public_summary(appeal_id: Any, *, acting_user: Any, publish: bool, text: str = "", reason: str = "",
                          request: Any = None, acknowledged: Iterable[str] = ()) -> Appeal:
    """FIC staff review what the public board shows of a closed appeal the enterprise agreed to publish:
    ``publish`` stores ``text`` as its public summary, masked first (kaopu.appeals.publication: the
    enterprise's names, its people and those who acted on the appeal, phones, e-mail addresses, ID and
    card numbers, addresses), approved by ``acting_user`` now; otherwise the appeal is kept off the
    board ("不公开") with ``reason``. Editing an approved summary is a new review (new reviewer and
    time). Each review goes to the audit log and to the timeline as an internal "review_summary"
    event; the same decision and text again change nothing. Raises TransitionError for another role,
    an appeal that is not closed or not for publication, an empty text (publishing) or reason (not
    publishing), a text over 500 characters; SummaryRefused when the content guard finds a high-severity
    term in the summary as it will be published (masked), or medium ones whose keys are not in
    ``acknowledged`` (those acknowledged are recorded in the audit entry); Http404 for an appeal the user
    may not see."""
    text, reason = (text or "").strip(), (reason or "").strip()
    if acting_user.role != Role.FIC_STAFF:
        raise TransitionError(_("Only FIC staff may review the public summary."))
    if publish and not text:
        raise TransitionError(_("Public summary of the answer: write the text to publish, or choose not to "
                                "publish it with a reason."))
    if not publish and not reason:
        raise TransitionError(_("Reason for not publishing: say why this appeal stays off the public board."))
    for label, value in ((_("Public summary of the answer"), text), (_("Reason for not publishing"), reason)):
        if len(value) > PUBLIC_SUMMARY_MAX_LENGTH:
            raise TransitionError(_("%(field)s: at most %(max)d characters; this one has %(count)d.") % {
                "field": label, "max": PUBLIC_SUMMARY_MAX_LENGTH, "count": len(value)})
    with transaction.atomic():
        appeal = access.get_object_for_user(
            acting_user, Appeal.objects.select_for_update(of=("self",)).select_related("enterprise", "created_by"),
            appeal_id)
        if appeal.state != S.CLOSED:
            raise TransitionError(_("Only a closed appeal is shown on the public board; its summary can be "
                                    "reviewed once it is closed."))
        if not appeal.publish_consent or appeal.is_confidential:
            raise TransitionError(_("This appeal is not for the public board: the enterprise did not agree to "
                                    "publication, or it is confidential."))
        people = {appeal.created_by.name, *Event.objects.filter(appeal=appeal, actor__isnull=False)
                  .values_list("actor__name", flat=True)}
        summary = publication.mask_for_public(text, appeal.enterprise, people) if publish else ""
        if len(summary) > PUBLIC_SUMMARY_MAX_LENGTH:
            raise TransitionError(_("%(field)s: at most %(max)d characters; this one has %(count)d.") % {
                "field": _("Public summary of the answer"), "max": PUBLIC_SUMMARY_MAX_LENGTH, "count": len(summary)})
        medium = []
        if publish:
            try:
                medium = screening.check_public_texts({_("Public summary of the answer"): summary}, acknowledged)
            except screening.ScreeningRefused as refused:
                raise SummaryRefused(refused) from None
        decision = Appeal.SummaryReview.APPROVED if publish else Appeal.SummaryReview.WITHHELD
        old = (appeal.summary_review, appeal.public_summary, appeal.summary_withheld_reason)
        if old == (decision, summary, reason if not publish else ""):
            return appeal
        appeal.summary_review, appeal.public_summary = decision, summary
        appeal.summary_withheld_reason = "" if publish else reason
        appeal.summary_reviewed_by, appeal.summary_reviewed_at = acting_user, timezone.now()
        appeal.save(update_fields=["summary_review", "public_summary", "summary_withheld_reason",
                                   "summary_reviewed_by", "summary_reviewed_at", "updated_at"])
        Event.objects.create(appeal=appeal, action="review_summary", from_state=appeal.state, to_state=appeal.state,
                             actor=acting_user, text=summary or reason, is_public=False,
                             data={"decision": decision, "old_decision": old[0], "old": old[1]})
        outcome = "批准公开" if publish else f"不公开（理由：{reason[:80]}）"
        record(Action.UPDATE, actor=acting_user, request=request, target=appeal,
               summary=f"审核公开答复摘要：{outcome}，诉求 {appeal.number}「{appeal.title}」"
                       f"（{appeal.enterprise.name}）",
               data={"summary_review": {"old": old[0], "new": decision},
                     "public_summary": {"old": old[1], "new": summary},
                     "summary_withheld_reason": {"old": old[2], "new": appeal.summary_withheld_reason},
                     "masked": publish and summary != " ".join(text.split()),
                     **({"acknowledged": screening.audit_record(medium)} if medium else {})})
    return appeal


def recount_deadlines(year: int) -> int:
    """Count again, over the calendars known now, every open deadline whose count touched ``year`` (or
    was provisional), after staff entered or corrected that year's calendar. Each appeal whose deadline
    moved, or stopped being provisional, gets a public "recount_deadline" event saying old → new and an
    audit entry; working days to a first reply that were counted provisionally are counted again, with
    the measures' rollup in step. Returns how many deadlines changed. Idempotent."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    touched = (Appeal.objects.filter(state__in=workflow.OPEN_STATES, due_on__isnull=False)
               .filter(Q(due_on__gte=first, due_from__lte=last) | Q(due_provisional=True))
               .order_by("id").values_list("pk", flat=True))
    changed = sum(_recount_one(appeal_id, year) for appeal_id in list(touched))
    for appeal_id in list(Appeal.objects.filter(first_reply_provisional=True).values_list("pk", flat=True)):
        _recount_first_reply(appeal_id)
    return changed


def _recount_one(appeal_id: int, year: int) -> bool:
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
        old, was_provisional = appeal.due_on, appeal.due_provisional
        if appeal.state not in workflow.OPEN_STATES or not deadlines.recount(appeal):
            return False
        appeal.save(update_fields=["due_on", "due_provisional", "updated_at"])
        data = {"old": old.isoformat(), "new": appeal.due_on.isoformat(), "year": year,  # type: ignore[union-attr]
                "was_provisional": was_provisional, "provisional": appeal.due_provisional}
        Event.objects.create(appeal=appeal, action="recount_deadline", from_state=appeal.state,
                             to_state=appeal.state, data=data, is_public=True)
        record(Action.UPDATE, target=appeal, actor_name="system",
               summary=f"按 {year} 年工作日历重算诉求「{appeal.title}」（{appeal.number}）的办理时限："
                       f"{data['old']} → {data['new']}", data=data)
    return True


def _recount_first_reply(appeal_id: int) -> None:
    """The working days from submission to the first reply, counted again (a fact of the measures)."""
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
        # The department's first answer: a reply, or a reply submitted for review (its timeliness counts there).
        replied = (appeal.events.filter(action__in=("reply", "submit_reply")).order_by("id")
                   .values_list("at", flat=True).first())
        if not appeal.first_reply_provisional or replied is None:
            return
        with kpi.tracking(appeal):
            count = workdays.count_working_days(workdays.to_local_date(appeal.created_at),
                                                workdays.to_local_date(replied))
            old = appeal.first_reply_days
            appeal.first_reply_days, appeal.first_reply_provisional = count.days, count.provisional
            appeal.save(update_fields=["first_reply_days", "first_reply_provisional", "updated_at"])
        record(Action.UPDATE, target=appeal, actor_name="system",
               summary=f"按工作日历重算诉求{_named(appeal)}的首次答复用时：{old} → {count.days} 个工作日",
               data={"first_reply_days": {"old": old, "new": count.days}, "provisional": count.provisional})
