"""The error pages (400, 403, 404, 500 and a refused CSRF check), in the request's language and the
platform's frame, each with a way back to the start page; below /api/ the same errors answer JSON
in the API's shape (kaopu.core.api_errors), because a script cannot read a page.

kaopu.urls points Django's handler400/403/404/500 here, and settings.CSRF_FAILURE_VIEW at
``csrf_failure``. The 500 page is rendered without the request's context processors (no user, no
menu, no query): the database may be the thing that failed. The 400 page uses the same bare frame,
since a malformed request (a forged Host header) may not have been through the middleware that loads
the user.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"  # kaopu.urls mounts the ninja API at api/v1/

PAGES: dict[str, tuple[int, Promise, Promise]] = {
    "400": (400, _("Bad request"), _("The request could not be understood: a link may be broken or a form "
                                      "damaged. Go back and try again.")),
    "403": (403, _("Access denied"), _("Your role may not open this page. If your work needs it, ask the "
                                        "system administrator.")),
    "404": (404, _("Page not found"), _("This page does not exist, or it is not open to you. Check the address, "
                                         "or start again from your start page.")),
    "500": (500, _("Server error"), _("Something went wrong on our side and it has been recorded. Please try "
                                       "again in a moment; if it keeps happening, tell the system administrator.")),
    "csrf": (403, _("The form has expired"), _("For your safety the form was not sent: the page was open too "
                                                "long, or the browser blocks this site's cookies. Go back, reload "
                                                "the page and send the form again.")),
}
# What the API says instead; 404 and 403 are worded as kaopu.core.api_errors words them.
API_DETAIL: dict[str, Promise] = {
    "400": _("Bad request."),
    "403": _("Your role may not do this."),
    "404": _("Not found."),
    "500": _("Server error: it has been recorded; please try again later."),
    "csrf": _("The CSRF check failed: send the X-CSRFToken header with the value of the csrftoken cookie, or use "
              "a bearer token."),
}


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _answer(request: HttpRequest, kind: str, *, bare: bool = False) -> HttpResponse:
    status, title, message = PAGES[kind]
    if _is_api(request):
        return JsonResponse({"detail": gettext(API_DETAIL[kind]), "errors": []}, status=status)
    context = {"status": status, "code": kind if kind.isdigit() else "", "title": title, "message": message,
               "frame": "core/skeleton.html" if bare else "core/base.html"}
    if bare:
        return HttpResponse(loader.render_to_string("core/error.html", context), status=status)
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _answer(request, "400", bare=True)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _answer(request, "403")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _answer(request, "404")


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(request, "500", bare=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _answer(request, "csrf")
