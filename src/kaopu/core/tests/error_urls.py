"""The site's URLs plus a page that fails, for the 500 page's tests (``@pytest.mark.urls``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kaopu import urls as site


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a page")


urlpatterns = [path("fails/", fails), *site.urlpatterns]
handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
