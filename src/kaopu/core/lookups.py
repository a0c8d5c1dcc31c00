"""JSON look-ups behind the type-ahead pickers (kaopu.core.widgets.RemotePicker).

An app writes a function that answers a person's query with at most ``limit`` choices, read through
its access rules, and wraps it with :func:`lookup_view`::

    @lookup_view(Role.FIC_STAFF)
    def enterprises(request, query, limit):
        return [Choice(value=e.credit_code, text=e.name) for e in search(request.user, query)[:limit]]

The view answers ``GET …?q=…`` with ``{"results": [{"value", "text", "hint"}, …]}``. Another role,
or nobody logged in, gets 403 with no rows, so that a look-up never lists what its pages would not
show. The query is normalised (NFKC, spaces collapsed) and cut to MAX_QUERY_LENGTH characters; the
answer is never cached by the browser (it depends on who asks).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LOOKUP_LIMIT = 20  # what a drop-down shows; a person types more rather than scrolls further
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Choice:
    """One row of a picker's drop-down: ``value`` fills the field, ``text`` is what the person reads,
    ``hint`` a second, muted detail (a credit code, a date)."""

    value: str
    text: str
    hint: str = ""


Lookup = Callable[..., Iterable[Choice]]


def normalise_query(raw: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())[:MAX_QUERY_LENGTH]


def lookup_view(*roles: str) -> Callable[[Lookup], Callable[..., HttpResponse]]:
    """Make ``lookup(request, query, limit, *args, **kwargs) -> choices`` a JSON view for ``roles``."""
    def decorate(lookup: Lookup) -> Callable[..., HttpResponse]:
        @never_cache
        @require_GET
        @wraps(lookup)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or getattr(user, "role", None) not in roles:
                return JsonResponse({"error": _("You may not use this look-up.")}, status=403)
            query = normalise_query(request.GET.get("q"))
            choices = list(lookup(request, query, LOOKUP_LIMIT, *args, **kwargs))[:LOOKUP_LIMIT]
            return JsonResponse({"results": [asdict(choice) for choice in choices]})
        return view
    return decorate
