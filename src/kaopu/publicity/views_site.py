"""The public site: published articles, their images and attachments. Open to everyone.

A published article shows; an article the tamper check withdrew answers the neutral "维护中" page (503, so a
crawler keeps the address and comes back); anything else is 404, whoever asks.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kaopu.core import access
from kaopu.publicity.models import Article, ArticleAttachment, ArticleImage

S = Article.State


def maintenance(request: HttpRequest) -> HttpResponse:
    response = render(request, "publicity/site/maintenance.html", status=503)
    response["Retry-After"] = "3600"
    return response


def article_page(request: HttpRequest, pk: int) -> HttpResponse:
    article = (Article.objects.select_related("column", "cover").filter(pk=pk)
               .only("id", "district_id", "column__name", "column__slug", "title", "summary", "body", "source",
                     "byline", "state", "published_at", "withdrawn_by", "cover__id", "cover__alt", "cover__width",
                     "cover__height").first())
    if article is None:
        raise Http404
    if article.state == S.WITHDRAWN and article.withdrawn_by == Article.WithdrawnBy.GUARD:
        return maintenance(request)
    if article.state != S.PUBLISHED:
        raise Http404
    attachments = list(article.attachments.only("id", "name", "size"))
    return render(request, "publicity/site/article.html", {"article": article, "attachments": attachments})


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
