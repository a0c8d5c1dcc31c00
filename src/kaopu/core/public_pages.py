"""Cache headers and conditional GET for the public pages (the portal, the public board, the meeting pages).

An anonymous visitor's page answers ``Cache-Control: public, max-age=60``, an ETag of its content and (where
the view set one) its Last-Modified, and a conditional GET with 304, so that a proxy or a browser may keep it a
minute and a crawler's revisit costs no rendering on the wire. A logged-in user's page is never cached (its
header differs: their name, their menu). A response that sets a cookie or used the CSRF token is never marked
public, whoever asks: a shared cache would hand one visitor's cookie or token to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import require_safe

View = Callable[..., HttpResponse]
CACHE_SECONDS = 60  # as long as a public page may be cached by browsers and proxies


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) \
        or bool(request.META.get("CSRF_COOKIE_USED"))


def public_page(view: View) -> View:
    """Cache headers and conditional GET for a public page (see the module's docstring); GET and HEAD only."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if isinstance(response, SimpleTemplateResponse):
            response.render()  # a TemplateResponse (the sitemap): the ETag is of its content
        if _personal(request, response):
            add_never_cache_headers(response)
            return response
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        if not response.has_header("ETag") and not response.streaming:
            set_response_etag(response)
        last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") \
            else None
        return get_conditional_response(request, etag=response.get("ETag"), last_modified=last_modified,
                                        response=response)
    return require_safe(wrapper)
