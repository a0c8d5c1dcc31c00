"""The public site: the home (the FIC's portal), column pages, articles, search, the language switch,
robots.txt. Open to everyone; nothing here needs a login.

A published article shows; an article the tamper check withdrew answers the neutral "维护中" page (503, so a
crawler keeps the address and comes back); anything else is 404, whoever asks.

Every page answers anonymous visitors with ``Cache-Control: public, max-age=60``, an ETag of its content and
(where it has one) Last-Modified of its newest article, and a conditional GET with 304
(``kaopu.core.public_pages.public_page``, shared with the board and the meeting pages).
No public page carries a CSRF token or sets a cookie: the language switch is a GET link. Logged-in users get
``no-cache`` pages (their header differs). The article page is deterministic for a given article (no token,
no "now", no random id): the tamper check hashes it as an anonymous visitor sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET

from kaopu.core import access
from kaopu.core.pagination import query_with
from kaopu.core.public_pages import public_page
from kaopu.publicity import site
from kaopu.publicity.models import Article, ArticleAttachment, ArticleImage

S = Article.State
View = Callable[..., HttpResponse]


class AttachmentRow(NamedTuple):
    pk: int
    name: str
    size: int


def _last_modified(response: HttpResponse, moment: datetime | None) -> HttpResponse:
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response


def _district_or_404(request: HttpRequest) -> site.DistrictRef:
    district = site.district_of(request)
    if district is None:
        raise Http404
    return district


def maintenance(request: HttpRequest, district_id: int | None = None) -> HttpResponse:
    """The neutral page of an article the tamper check withdrew (no word of why)."""
    frame = site.frame(district_id) if district_id is not None else None
    response = render(request, "publicity/site/maintenance.html", {"site": frame}, status=503)
    response["Retry-After"] = "3600"
    add_never_cache_headers(response)
    return response


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The portal of one district (?district=<code>, the first district by default)."""
    district = site.district_of(request)
    if district is None:  # a new installation without any district: nothing to show yet
        return render(request, "publicity/site/empty.html")
    lists = site.home(district)
    # An ETag only: a Last-Modified of the newest article would answer 304 to If-Modified-Since after a
    # meeting or a board entry changed the page.
    return render(request, "publicity/site/home.html", {
        "site": site.frame(district.pk), "home": lists, "active": "home"})


@public_page
def column_page(request: HttpRequest, slug: str) -> HttpResponse:
    district = _district_or_404(request)
    column = site.column_of(district, slug)
    if column is None:
        raise Http404
    page = site.column_page(column, request.GET)
    response = render(request, "publicity/site/column.html", {
        "site": site.frame(district.pk), "column": column, "page": page, "active": f"column:{column.slug}",
        "rows": [(article, article.title, article.summary) for article in page.items],
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })
    return _last_modified(response, page.items[0].published_at if page.items and not page.has_previous else None)


@public_page
def article_page(request: HttpRequest, pk: int) -> HttpResponse:
    # One query: the article with its column and cover, one row per attachment (a LEFT JOIN).
    rows = list(Article.objects.select_related("column", "cover").filter(pk=pk)
                .only("id", "district_id", "column__name", "column__slug", "title", "summary", "body", "source",
                      "byline", "state", "published_at", "withdrawn_by", "cover__id", "cover__alt", "cover__width",
                      "cover__height")
                .annotate(file_id=F("attachments__id"), file_name=F("attachments__name"),
                          file_size=F("attachments__size")).order_by("file_id"))
    if not rows:
        raise Http404
    article = rows[0]
    if article.state == S.WITHDRAWN and article.withdrawn_by == Article.WithdrawnBy.GUARD:
        return maintenance(request, article.district_id)
    if article.state != S.PUBLISHED:
        raise Http404
    attachments = [AttachmentRow(row.file_id, row.file_name, row.file_size) for row in rows if row.file_id]
    response = render(request, "publicity/site/article.html", {
        "site": site.frame(article.district_id), "article": article, "attachments": attachments,
        "active": f"column:{article.column.slug}"})
    return _last_modified(response, article.published_at)


@public_page
def search(request: HttpRequest) -> HttpResponse:
    """Published articles of the district whose title or text holds the term. The term is shown in the
    search box and highlighted in the results, never in the page's <title> or <meta> tags."""
    district = _district_or_404(request)
    term = site.clean_term(request.GET.get("q"))
    page = site.search_page(district.pk, term, request.GET) if term else None
    results = [(article, site.highlight(article.title, term), site.snippet(article.body_text, term))
               for article in (page.items if page else [])]
    return render(request, "publicity/site/search.html", {
        "site": site.frame(district.pk), "term": term, "page": page, "results": results, "active": "search",
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page else "",
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None) if page else "",
    })


@require_GET
def language(request: HttpRequest) -> HttpResponse:
    """Switch the language by a plain link (?language=en&next=/news/): no form, so public pages need no
    CSRF token. Sets only the language cookie, then goes back to ``next`` on this site."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    add_never_cache_headers(response)
    return response


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site; the working platform's pages are theirs to skip."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /$", "Allow: /news/", "Allow: /meetings/", "Allow: /board/",
             "Disallow: /news/search/", "Disallow: /news/language/", "Disallow: /", "", f"Sitemap: {sitemap}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def _file_of(request: HttpRequest, model: type, pk: int, fields: tuple[str, ...]) -> tuple[object, bool]:
    """The row of a published article's file for anyone, or of an unpublished one for whoever may view
    the article (staff and leaders of its district, to preview it); (row, is_public). 404 otherwise."""
    found = model.objects.filter(pk=pk).only("article__state", "article_id", *fields).select_related(
        "article").first()
    if found is None:
        raise Http404
    if found.article.state == S.PUBLISHED:
        return found, True
    user = request.user
    if not (user.is_authenticated and access.scope(user, Article, "view").filter(pk=found.article_id).exists()):
        raise Http404
    return found, False


def image(request: HttpRequest, pk: int) -> FileResponse:
    """A re-encoded image of a published article (or of one the staff preview)."""
    found, public = _file_of(request, ArticleImage, pk, ("file", "content_type"))
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment of a published article (or of one the staff preview), always downloaded (never
    shown inline)."""
    found, public = _file_of(request, ArticleAttachment, pk, ("file", "name", "content_type"))
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name,
                            content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
