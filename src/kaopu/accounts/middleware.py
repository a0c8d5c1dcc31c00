"""Send a user whose password someone else chose, or whose password expired, to the change page.

Until they choose their own password the account is good for nothing else: every page redirects
to /accounts/password/ (and comes back to where the user was going afterwards), htmx fragments
answer 204 (the bell polling on the change page must not draw a page into the bell), and the JSON
API answers 401 to the browser session. Bearer tokens are not concerned: a reset revokes them.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kaopu.accounts import passwords

# Paths other apps need while a password change is pending (e.g. a second factor's login step, if it
# runs on a logged-in session): allow_during_password_change("/twofactor/verify/") in their ready().
# Another gate of the same kind must in turn let /accounts/password/ through, or the two redirect to
# each other.
_ALSO_ALLOWED: list[str] = []


def allow_during_password_change(prefix: str) -> None:
    if prefix not in _ALSO_ALLOWED:
        _ALSO_ALLOWED.append(prefix)


# The second step of the login (kaopu.twofactor: verifying or enrolling a second factor) comes before
# the password change. Its middleware sends a half-logged-in session to those pages and lets nothing
# else through, /accounts/password/ included, so they must stay open here, or each gate would send
# the user to the other's page for ever. Found by URL name: accounts imports nothing from that app.
LOGIN_STEPS = ("twofactor:verify", "twofactor:enrol")


def _login_step_paths() -> list[str]:
    paths = []
    for name in LOGIN_STEPS:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:
            continue
    return paths


def _allowed_paths() -> tuple[str, ...]:
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    return (reverse("accounts:password_change"), reverse("accounts:logout"), reverse("set_language"),
            reverse("admin:logout"), static, "/favicon.ico", *_login_step_paths(), *_ALSO_ALLOWED)


class PasswordPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and passwords.must_choose_new(user)
                and not request.path.startswith(_allowed_paths())):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": _("You must choose a new password first: open Kaopu in the "
                                                 "browser, or use an API token."), "errors": []}, status=401)
            response["WWW-Authenticate"] = "Bearer"
            return response
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204)
        target = reverse("accounts:password_change")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
