"""View decorators shared by every app: who may reach a page at all.

Which rows a user sees is kaopu.core.access's business; these only keep a role away from pages that
are not for it, with the same answer as for a row it may not see (404), so that a page's existence
tells nothing either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from kaopu.accounts.roles import Permission, Role

View = Callable[..., HttpResponse]


def for_roles(*roles: str) -> Callable[[View], View]:
    """Only these roles reach the view; everyone else gets 404, like a row they may not see."""
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)
        return wrapped
    return decorate


def for_permission(permission: str) -> Callable[[View], View]:
    """Only users holding ``permission`` (by role or granted, kaopu.accounts.roles.Permission) reach the
    view; everyone else gets 404. The menu entry of such a page names the same permission."""
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.holds(permission):
                raise Http404
            return view(request, *args, **kwargs)
        return wrapped
    return decorate


staff_only = for_roles(Role.FIC_STAFF)
staff_and_leaders = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)
# The settings pages (appeal, legal-service): FIC staff, and a district leader granted them (read only).
settings_readers = for_permission(Permission.SETTINGS)
