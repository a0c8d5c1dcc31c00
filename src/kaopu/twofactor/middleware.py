"""Until a session is fully logged in (``session.fully_logged_in``), every page sends it to the second
step or to enrolment. A short allow-list stays open: those pages themselves, logging out, the
language switch and static files. The API answers for itself (``core.api_auth.BrowserSession``)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kaopu.twofactor import session


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _always_open(request.path_info):
            owed = session.need(request)
            if owed and not session.fully_logged_in(request):
                target = reverse("twofactor:verify" if owed == session.VERIFY else "twofactor:enrol")
                if request.path_info != target:
                    return _send_to(request, target)
        return self.get_response(request)


def _always_open(path: str) -> bool:
    open_paths = (reverse("accounts:logout"), reverse("set_language"), "/favicon.ico")
    return (path in open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
            or path.startswith("/api/"))


def _send_to(request: HttpRequest, target: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # A background htmx call (the notification bell) must not swap the second-step page into
        # a corner of the page: refuse it quietly.
        return HttpResponse(status=403)
    if request.method == "GET":
        target = f"{target}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(target)
