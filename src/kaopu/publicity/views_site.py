"""The public site: published articles, their images and attachments. Open to everyone.

A published article shows; an article the tamper check withdrew answers the neutral "维护中" page (503, so a
crawler keeps the address and comes back); anything else is 404, whoever asks.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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


def image(request: HttpRequest, pk: int) -> FileResponse:
    """A re-encoded image of a published article."""
    found = ArticleImage.objects.filter(pk=pk, article__state=S.PUBLISHED).only("file", "content_type").first()
    if found is None:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment of a published article, always downloaded (never shown inline)."""
    found = ArticleAttachment.objects.filter(pk=pk, article__state=S.PUBLISHED).only(
        "file", "name", "content_type").first()
    if found is None:
        raise Http404
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name,
                            content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
