"""What a logged-in session still owes before it is fully logged in, kept in the session.

At login (``user_logged_in``) the user's state is worked out once: ``verify`` when they have a second
factor (the second step follows the password), ``enrol`` when their role's policy requires one and they
have none, nothing otherwise. The middleware reads it from the session, so an ordinary page costs no
query; it is worked out again every ``RECHECK_SECONDS`` (a policy the security administrator just
tightened reaches sessions that were already open) and whenever the two-factor pages change it.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from kaopu.twofactor.devices import has_second_factor
from kaopu.twofactor.policy import requires_two_factor

STATE_KEY = "kaopu_two_factor"
VERIFY = "verify"
ENROL = "enrol"
RECHECK_SECONDS = 300


def work_out(user: Any) -> str:
    if has_second_factor(user):
        return VERIFY
    if requires_two_factor(user):
        return ENROL
    return ""


def remember(request: HttpRequest, user: Any) -> str:
    need = work_out(user)
    request.session[STATE_KEY] = {"need": need, "at": time.time()}
    return need


def need(request: HttpRequest) -> str:
    """``verify``, ``enrol`` or "" for the request's logged-in user, worked out again when stale."""
    state = request.session.get(STATE_KEY)
    if not isinstance(state, dict) or time.time() - float(state.get("at", 0)) > RECHECK_SECONDS:
        return remember(request, request.user)
    return str(state.get("need", ""))


def fully_logged_in(request: HttpRequest) -> bool:
    """The session has passed every step its policy asks for: a user with a second factor has used
    it in this session (``user.is_verified()``), and a user whose role requires one has one."""
    user = request.user
    if not user.is_authenticated:
        return False
    owed = need(request)
    if not owed:
        return True
    if owed == ENROL:
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
