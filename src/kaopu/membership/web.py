"""What the membership pages share: how an action's refusal becomes a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from kaopu.accounts.roles import Role
from kaopu.membership.actions import MembershipError


def is_staff(request: HttpRequest) -> bool:
    return request.user.role == Role.FIC_STAFF


def attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> Any:
    """Run an action; its refusal becomes an error message (returns None), success a message (the result)."""
    try:
        result = call()
    except MembershipError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return result if result is not None else True


def posted(request: HttpRequest, *names: str) -> dict[str, str]:
    """The named fields of the POST body (absent ones as ""), for an action's keyword arguments."""
    return {name: request.POST.get(name, "") for name in names}
