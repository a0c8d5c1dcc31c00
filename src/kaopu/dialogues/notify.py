"""Who is told what when a registration or a meeting changes.

The dialogue actions call :func:`after` from ``transaction.on_commit``: RULES below is the whole
policy, one line per event. Texts are written in the site's language (settings.LANGUAGE_CODE), not
the acting user's, because other people read them later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.dialogues.models import Registration
from kaopu.notifications.actions import notify


def _active(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).select_related("organisation")


def enterprise(registration: Registration) -> QuerySet[User]:
    """The users of the registered enterprise."""
    return _active(User.objects.filter(role=Role.ENTERPRISE_USER,
                                       organisation__enterprise_id=registration.enterprise_id))


def district_staff(registration: Registration) -> QuerySet[User]:
    """The FIC staff of the meeting's district (who approve registrations)."""
    return _active(User.objects.filter(role=Role.FIC_STAFF,
                                       organisation__district_id=registration.meeting.district_id))


Audience = Callable[[Registration], QuerySet[User]]

# The policy: event → who is told, and the title of the message (%(meeting)s is the meeting's name).
RULES: dict[str, tuple[Audience, Any]] = {
    "registered":  (district_staff, _("A registration waits for approval: %(meeting)s")),
    "invited":     (enterprise,     _("You are invited to a meeting: %(meeting)s")),
    "approved":    (enterprise,     _("Your registration was approved: %(meeting)s")),
    "waitlisted":  (enterprise,     _("The meeting is full, your registration is on the waitlist: %(meeting)s")),
    "declined":    (enterprise,     _("Your registration was declined: %(meeting)s")),
    "promoted":    (enterprise,     _("A seat became free, your registration is approved: %(meeting)s")),
    "cancelled_by_staff": (enterprise, _("Your registration was cancelled by FIC staff: %(meeting)s")),
    "meeting_cancelled": (enterprise, _("The meeting was cancelled: %(meeting)s")),
    "reminder":    (enterprise,     _("Reminder: the meeting is tomorrow, %(when)s at %(venue)s: %(meeting)s")),
}

# Where each side opens a meeting (urls_enterprise / urls_staff); a missing page gives no link.
DETAIL_URL_NAMES = {Role.ENTERPRISE_USER: "dialogues:my_meeting", Role.FIC_STAFF: "dialogues:meeting_detail"}


def detail_path(meeting_id: int, user: User) -> str:
    name = DETAIL_URL_NAMES.get(user.role)
    if name is None:
        return ""
    try:
        return reverse(name, args=[meeting_id])
    except NoReverseMatch:
        return ""


def title_of(key: str, registration: Registration) -> str:
    meeting = registration.meeting
    with translation.override(settings.LANGUAGE_CODE):
        starts = timezone.localtime(meeting.starts_at)
        return str(RULES[key][1]) % {"meeting": str(meeting), "when": starts.strftime("%m-%d %H:%M"),
                                     "venue": meeting.venue}


def after(key: str, registration_ids: Iterable[int], body: str = "") -> int:
    """Tell the people RULES names about ``key`` for each registration (called after commit)."""
    audience, _title = RULES[key]
    told = 0
    registrations = Registration.objects.select_related("meeting__kind").filter(pk__in=list(registration_ids))
    for registration in registrations:
        by_path: dict[str, list[User]] = {}
        for user in audience(registration):
            by_path.setdefault(detail_path(registration.meeting_id, user), []).append(user)
        title = title_of(key, registration)
        for path, users in by_path.items():
            notify(users, kind=f"dialogues.{key}", title=title, body=body[:500], url=path)
            told += len(users)
    return told
