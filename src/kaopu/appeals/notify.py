"""Who is told what when an appeal changes, and the recipients of the deadline sweep's messages.

The appeal actions call :func:`after_event` from ``transaction.on_commit``: RULES below is the whole
policy, one line per timeline action. Texts are written in the site's language (settings.LANGUAGE_CODE),
not the acting user's, because they are read by other people later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet, Subquery
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal, CoHandler, Event
from kaopu.directory.models import Department
from kaopu.notifications.actions import notify

S = Appeal.State

# Where each side opens an appeal (urls_enterprise / urls_department / urls_staff); leaders use the staff pages.
DETAIL_URL_NAMES = {
    Role.ENTERPRISE_USER: "appeals:my_detail",
    Role.DEPARTMENT_HANDLER: "appeals:inbox_detail",
    Role.FIC_STAFF: "appeals:staff_detail",
}


# --- Audiences: who may act on, or must hear about, an appeal --------------------------------------

def _active(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).select_related("organisation")


def enterprise(appeal: Appeal) -> QuerySet[User]:
    return _active(User.objects.filter(role=Role.ENTERPRISE_USER, organisation__enterprise_id=appeal.enterprise_id))


def lead_department(appeal: Appeal) -> QuerySet[User]:
    """The lead department's handlers."""
    if appeal.lead_department_id is None:
        return User.objects.none()
    return _active(User.objects.filter(role=Role.DEPARTMENT_HANDLER,
                                       organisation__department_id=appeal.lead_department_id))


def lead_department_head(appeal: Appeal) -> QuerySet[User]:
    """The head account of the lead department (Department.head, set by FIC staff), while it is an
    active handler of that department; otherwise the department's handlers stand for the head."""
    if appeal.lead_department_id is None:
        return User.objects.none()
    head = lead_department(appeal).filter(pk=Subquery(
        Department.objects.filter(pk=appeal.lead_department_id).values("head_id")))
    return head if head.exists() else lead_department(appeal)


def department_handlers(department_id: int) -> QuerySet[User]:
    """The handlers of one department (a co-handler asked for its opinion)."""
    return _active(User.objects.filter(role=Role.DEPARTMENT_HANDLER, organisation__department_id=department_id))


def lead_and_co_departments(appeal: Appeal) -> QuerySet[User]:
    departments = [appeal.lead_department_id, *CoHandler.objects.filter(appeal=appeal)
                   .values_list("department_id", flat=True)]
    return _active(User.objects.filter(role=Role.DEPARTMENT_HANDLER, organisation__department_id__in=departments))


def staff(appeal: Appeal) -> QuerySet[User]:
    """The FIC staff member following the appeal, or every staff member of its district when nobody
    does yet (who must triage it). A confidential appeal is never shown to other staff."""
    if appeal.assigned_staff_id is not None:
        return _active(User.objects.filter(pk=appeal.assigned_staff_id))
    return _active(User.objects.filter(role=Role.FIC_STAFF, organisation__district_id=appeal.district_id))


def district_staff(appeal: Appeal) -> QuerySet[User]:
    """Every FIC staff member of the district (督办), except for a confidential appeal: its staff member only."""
    if appeal.is_confidential and appeal.assigned_staff_id is not None:
        return staff(appeal)
    return _active(User.objects.filter(role=Role.FIC_STAFF, organisation__district_id=appeal.district_id))


def department_and_enterprise(appeal: Appeal) -> QuerySet[User]:
    return lead_department(appeal) | enterprise(appeal)


def department_and_staff(appeal: Appeal) -> QuerySet[User]:
    return lead_department(appeal) | staff(appeal)


def staff_and_department_head(appeal: Appeal) -> QuerySet[User]:
    """督办: the district's FIC staff and, once a department has the appeal, the head of the lead department."""
    if appeal.state in (S.DISPATCHED, S.IN_PROGRESS):
        return district_staff(appeal) | lead_department_head(appeal)
    return district_staff(appeal)


Audience = Callable[[Appeal], QuerySet[User]]

# The policy: timeline action (see rule_key) → who is told, and the title of the message.
RULES: dict[str, tuple[Audience, Any]] = {
    "submit":            (staff,                     _("A new appeal waits to be accepted: %(title)s")),
    "dispatch":          (lead_and_co_departments,   _("New appeal for your department: %(title)s")),
    "reply":             (enterprise,                _("Your appeal was answered, please rate the reply: %(title)s")),
    "submit_reply":      (staff,                     _("A department's reply waits for your review: %(title)s")),
    "approve_reply":     (lead_department,           _("Your reply was approved and sent on: %(title)s")),
    "return_reply":      (lead_department,           _("Your reply was sent back by FIC staff: %(title)s")),
    "request_return":    (staff,                     _("A department asks to return an appeal: %(title)s")),
    "refuse_return":     (lead_department,           _("The return was refused; the appeal stays with you: %(title)s")),
    "request_extension": (staff,                     _("A department asks for an extension: %(title)s")),
    "approve_extension": (department_and_enterprise, _("The deadline was extended: %(title)s")),
    "refuse_extension":  (department_and_enterprise, _("The extension was refused: %(title)s")),
    "merge":             (enterprise,                _("Your appeal was merged into another one: %(title)s")),
    "reopen":            (department_and_staff,      _("Reopened, the enterprise was not satisfied: %(title)s")),
    "instruct":          (department_and_staff,      _("A leader gave an instruction on an appeal: %(title)s")),
    "decline":           (enterprise,                _("Your appeal was declined: %(title)s")),
    "arbitrate":         (enterprise,                _("Your appeal was closed by FIC arbitration: %(title)s")),
    "close_unrated":     (enterprise,                _("Your appeal was closed without a rating: %(title)s")),
    # Sent by the deadline sweep (kaopu.appeals.tasks), whose marker events are not actions.
    "escalate":          (staff_and_department_head, _("Overdue: the deadline of this appeal has passed: %(title)s")),
}


def rule_key(event: Event) -> str:
    """The RULES key of an event: a rating that sends the appeal back is a "reopen"."""
    if event.action == "rate" and event.to_state == S.IN_PROGRESS:
        return "reopen"
    return event.action


def detail_path(appeal: Appeal, user: User) -> str:
    return reverse(DETAIL_URL_NAMES.get(user.role, DETAIL_URL_NAMES[Role.FIC_STAFF]), args=[appeal.pk])


def tell(users: QuerySet[User] | list[User], appeal: Appeal, *, kind: str, title: Any, body: str = "") -> int:
    """Notify ``users`` about ``appeal``, each with a link to their own side's page of it."""
    by_path: dict[str, list[User]] = {}
    for user in users:
        by_path.setdefault(detail_path(appeal, user), []).append(user)
    with translation.override(settings.LANGUAGE_CODE):
        # The number first: people quote it on the phone and search for it (PT-2026-000302 贷款续贷困难).
        text = str(title) % {"title": f"{appeal.number} {appeal.title}" if appeal.number else appeal.title}
        for path, recipients in by_path.items():
            notify(recipients, kind=f"appeal.{kind}", title=text, body=body, url=path)
    return sum(len(recipients) for recipients in by_path.values())


def after_event(event_id: int) -> None:
    """Tell the people RULES names about one timeline event (called after the action commits)."""
    event = Event.objects.select_related("appeal").filter(pk=event_id).first()
    if event is None:
        return
    rule = RULES.get(rule_key(event))
    if rule is None:
        return
    audience, title = rule
    # Internal texts go only to internal audiences (the enterprise is never told of these actions).
    internal_but_told = ("request_return", "request_extension", "instruct", "submit_reply", "return_reply")
    body = event.text if event.is_public or event.action in internal_but_told else ""
    tell(audience(event.appeal), event.appeal, kind=rule_key(event), title=title, body=body[:500])
