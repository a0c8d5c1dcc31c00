"""What the membership pages share: how an action's refusal becomes a message."""

from __future__ import annotations

from django.http import HttpRequest

from kaopu.accounts.roles import Role
from kaopu.core.page_actions import attempt  # noqa: F401  (the views import it from here)


def is_staff(request: HttpRequest) -> bool:
    return request.user.role == Role.FIC_STAFF


def posted(request: HttpRequest, *names: str) -> dict[str, str]:
    """The named fields of the POST body (absent ones as ""), for an action's keyword arguments."""
    return {name: request.POST.get(name, "") for name in names}
