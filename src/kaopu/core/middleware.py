"""Request middleware shared by every module."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

# The session keeps the time of the last request; writing it on every request would turn every
# page view into a database write, so it is refreshed at most once a minute.
_LAST_SEEN_KEY = "kaopu_last_seen"
_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(_LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                request.session["kaopu_idle_logout"] = True
            elif last_seen is None or now - last_seen > _REFRESH_SECONDS:
                request.session[_LAST_SEEN_KEY] = now
        return self.get_response(request)
