"""Who is told what when a legal service request changes.

kaopu.legal.actions call :func:`after` from ``transaction.on_commit``; RULES is the whole policy, one
line per step. Texts are written in the site's language (settings.LANGUAGE_CODE), because other
people read them later; each person gets the link to their own side's page of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.legal.models import LegalRequest
from kaopu.notifications.actions import notify


def _active(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).select_related("organisation")


def enterprise(request: LegalRequest, **extra: Any) -> QuerySet[User]:
    """The users of the enterprise the request is for (the submitter among them, or staff's contact)."""
    return _active(User.objects.filter(role=Role.ENTERPRISE_USER, organisation__enterprise_id=request.enterprise_id))


def district_staff(request: LegalRequest, **extra: Any) -> QuerySet[User]:
    return _active(User.objects.filter(role=Role.FIC_STAFF, organisation__district_id=request.district_id))


def lawyer(request: LegalRequest, **extra: Any) -> QuerySet[User]:
    if not request.lawyer_id:
        return User.objects.none()
    return _active(User.objects.filter(lawyer_profile__pk=request.lawyer_id))


def lawyers_old_and_new(request: LegalRequest, previous_lawyer_id: int | None = None, **extra: Any) -> QuerySet[User]:
    ids = [pk for pk in (request.lawyer_id, previous_lawyer_id) if pk]
    return _active(User.objects.filter(lawyer_profile__pk__in=ids))


def enterprise_and_lawyer(request: LegalRequest, **extra: Any) -> QuerySet[User]:
    return enterprise(request) | lawyer(request)


Audience = Callable[..., QuerySet[User]]

RULES: dict[str, list[tuple[Audience, Any]]] = {
    "submitted": [(district_staff, _("New legal service request: %(topic)s"))],
    "assigned": [(lawyers_old_and_new, _("Legal service request assigned: %(topic)s")),
                 (enterprise, _("A lawyer takes care of your request: %(topic)s"))],
    "declined": [(enterprise_and_lawyer, _("Legal service request not taken up: %(topic)s"))],
    "cancelled": [(lawyer, _("The enterprise cancelled its legal service request: %(topic)s"))],
    "session": [(enterprise, _("Your lawyer recorded a session: %(topic)s"))],
    "completed": [(enterprise, _("Your legal service is completed, please rate it: %(topic)s"))],
    "rated": [(lawyer, _("The enterprise rated your service: %(topic)s"))],
    "to_appeal": [(enterprise_and_lawyer, _("Your legal service request became an appeal: %(topic)s"))],
}

# Where each side opens a request (a role without such a page gets no link).
DETAIL_URL_NAMES = {Role.ENTERPRISE_USER: "legal:my_detail", Role.FIC_STAFF: "legal:request_detail",
                    Role.LAWYER: "legal:lawyer_detail"}


def detail_path(request_id: int, user: User) -> str:
    name = DETAIL_URL_NAMES.get(user.role)
    try:
        return reverse(name, args=[request_id]) if name else ""
    except NoReverseMatch:
        return ""


def after(key: str, request_id: int, **extra: Any) -> int:
    """Tell the people RULES names about ``key`` for the request (called after commit)."""
    request = LegalRequest.objects.filter(pk=request_id).first()
    if request is None:
        return 0
    told = 0
    for audience, title in RULES[key]:
        by_path: dict[str, list[User]] = {}
        for user in audience(request, **extra).distinct():
            by_path.setdefault(detail_path(request.pk, user), []).append(user)
        with translation.override(settings.LANGUAGE_CODE):
            text = str(title) % {"topic": request.topic}
        for path, users in by_path.items():
            notify(users, kind=f"legal.{key}", title=text, url=path)
            told += len(users)
    return told

