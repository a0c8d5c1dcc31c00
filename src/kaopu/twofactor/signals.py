"""Login events: what the session still owes (second step or enrolment), failures for the throttle,
and the addresses people log in from."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from kaopu.twofactor import session, throttle


@receiver(user_logged_in, dispatch_uid="twofactor_state_at_login")
def state_at_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    owed = session.remember(request, user) if request is not None and hasattr(request, "session") else ""
    if not owed:
        # An address becomes known only by a complete login: a stolen password alone must not make
        # the thief's address one that is let through during a wave of failures.
        throttle.record_success(request)


@receiver(user_login_failed, dispatch_uid="twofactor_count_failure")
def count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    throttle.record_failure(request, str(credentials.get("username", "")))
