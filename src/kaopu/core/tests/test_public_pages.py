"""kaopu.core.public_pages: a public page is cacheable for visitors, never for a logged-in user, and never when
it sets a cookie or used the CSRF token (a shared cache would hand it to the next visitor)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from kaopu.core.public_pages import public_page


def _get(view, **headers):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/x/", headers=headers)
    request.user = AnonymousUser()
    return public_page(view)(request)


def test_a_visitors_page_is_public_with_an_etag_and_answers_304():
    response = _get(lambda request: HttpResponse("页面"))
    assert response["Cache-Control"] == "public, max-age=60" and response["ETag"]
    assert _get(lambda request: HttpResponse("页面"), if_none_match=response["ETag"]).status_code == 304


def test_a_page_that_sets_a_cookie_is_never_public():
    def view(request):  # type: ignore[no-untyped-def]
        response = HttpResponse("页面")
        response.set_cookie("who", "me")
        return response
    assert "public" not in _get(view)["Cache-Control"]


def test_a_page_that_used_the_csrf_token_is_never_public():
    def view(request):  # type: ignore[no-untyped-def]
        return HttpResponse(f"<input value='{get_token(request)}'>")
    response = _get(view)
    assert "public" not in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_an_error_page_gets_no_cache_headers():
    assert not _get(lambda request: HttpResponse("无", status=404)).has_header("ETag")
