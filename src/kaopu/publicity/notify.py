"""Who hears of an article's steps (kaopu.notifications): whoever may decide the next review step when it
is submitted or passes the first review, and its author when it is sent back, approved or published.

Called after the action committed (the pages call these once the action returned; publishing goes
through the AFTER_PUBLISH hook, registered on import, which waits for the commit), so that a refused or
rolled-back action tells nobody.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kaopu.notifications.actions import notify
from kaopu.publicity import actions
from kaopu.publicity.models import Article


def _url(article: Article) -> str:
    return reverse("publicity:article_detail", args=[article.pk])


def to_reviewers(article: Article) -> None:
    """The article waits at a review step: everyone who may decide it."""
    notify(actions.reviewers_for(article), kind="publicity.review",
           title=_("An article waits for your review: %(title)s") % {"title": article.title}, url=_url(article))


def to_author(article: Article, kind: str, title: str, body: str = "") -> None:
    notify([article.created_by], kind=f"publicity.{kind}", title=title % {"title": article.title}, body=body,
           url=_url(article))


def after_review(article: Article, *, approved: bool, comment: str = "") -> None:
    if not approved:
        to_author(article, "returned", _("Your article was sent back: %(title)s"), comment)
    elif article.state == Article.State.IN_REVIEW:
        to_reviewers(article)
    elif article.state == Article.State.APPROVED:
        to_author(article, "approved", _("Your article was approved: %(title)s"))


def _published(article: Article) -> None:
    transaction.on_commit(lambda: to_author(
        Article.objects.select_related("created_by").get(pk=article.pk), "published",
        _("Your article was published: %(title)s")))


def register() -> None:
    if _published not in actions.AFTER_PUBLISH:
        actions.AFTER_PUBLISH.append(_published)


register()

__all__: list[Any] = ["after_review", "to_author", "to_reviewers"]
