"""How the JSON API knows who is calling: a bearer token, or the browser's session.

Scripts and other systems send ``Authorization: Bearer <token>`` with a token the user made on
/accounts/tokens/ (only its SHA-256 is stored, see kaopu.accounts.models.ApiToken). A token works
until it expires or is revoked (by its owner, a password reset or the account's deactivation), and
only while its user holds the permission to use API tokens (kaopu.accounts.roles.Permission); a
read-only token gets 403 for any method but GET, HEAD and OPTIONS, before the endpoint runs (every
write operation declares 403 in the schema). Pages of Kaopu
itself (and the docs page) call the API with the session cookie; a session-authenticated write must
carry the CSRF token, as a form post would, or a third-party page could make the browser write.

Either way the user lands in ``request.auth`` and ``request.user``, so that actions and the audit
log see the caller as they do on pages. Neither method answers anything for an inactive user; an
unauthenticated call gets 401 from the API's error handler.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from kaopu.accounts.models import ApiToken
from kaopu.accounts.roles import Permission

# Writing last_used_at on every request would turn each read into a write (and a row lock on
# PostgreSQL); once a minute is precise enough for "is this token still in use?".
LAST_USED_PRECISION = timedelta(minutes=1)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# A token is "kp_" + 43 URL-safe characters; anything much longer is not one of ours, and hashing
# megabytes of header on every request is work for nothing.
_MAX_TOKEN_LENGTH = 200


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` → the token's user, or None (the next method is tried)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token or len(token) > _MAX_TOKEN_LENGTH or "\x00" in token:
            return None
        api_token = ApiToken.find(token)
        if api_token is None or not api_token.user.holds(Permission.API_TOKENS):
            # A district leader's token works only while the leader is granted API tokens.
            return None
        if api_token.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, _("This API token is read-only: it may only read (GET). Make a read-write "
                                   "token on the API tokens page to change data."))
        _touch(api_token)
        request.user = api_token.user
        return api_token.user


def _touch(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        # update() rather than save(): one UPDATE of one column, no signals, no race on other fields.
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


class BrowserSession(APIKeyCookie):
    """The logged-in session of the browser; writes must carry the CSRF token (403 otherwise).

    Unlike ninja's ``SessionAuth``, the CSRF check runs only for a request that is actually logged
    in, so an anonymous POST gets 401 ("log in") rather than 403 ("CSRF"), which is the more useful
    answer and the one the schema documents.
    """

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        from kaopu.twofactor.session import fully_logged_in

        if not fully_logged_in(request):
            return None  # password given, but the second step (or enrolment) is owed: 401, as logged out
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("The CSRF check failed: send the X-CSRFToken header with the value of "
                                   "the csrftoken cookie, or use a bearer token."))
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover - see __call__
        return None


# Tried in order: a valid bearer token wins; a request without one falls back to the session.
API_AUTH = [BearerToken(), BrowserSession()]
