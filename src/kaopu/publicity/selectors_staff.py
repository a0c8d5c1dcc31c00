"""The staff's article lists, one definition shared by the list's tabs and the start page's to-dos
(kaopu.publicity.workbench): what "待我审核", "退回修改" and "待发布" mean is written once, here.

Every list goes through the access rule (staff and leaders see their district's articles) and is read in
one query by keyset pages (kaopu.core.pagination).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kaopu.accounts.roles import Permission, Role
from kaopu.core import access
from kaopu.publicity.models import Article, ArticleVersion, Review

S = Article.State
# The list's tabs: key → the states it shows (None: a selector below).
TABS = ("all", "to_review", S.DRAFT, S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.WITHDRAWN, "returned", "to_publish")


def visible(user: Any) -> QuerySet[Article]:
    return access.scope(user, Article.objects.all(), "view")


def to_review(user: Any) -> QuerySet[Article]:
    """Articles in review at a step ``user`` may decide: the rules of actions.may_decide as one query
    (step 1: FIC staff; step 2: holders of the final approval; never an author of the article, never
    someone who decided an earlier step of the same round)."""
    steps = []
    if user.role == Role.FIC_STAFF:
        steps.append(1)
    if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER) and user.holds(Permission.FINAL_APPROVAL):
        steps.append(2)
    if not steps:
        return Article.objects.none()
    wrote = ArticleVersion.objects.filter(article=OuterRef("pk"), saved_by=user)
    decided = Review.objects.filter(article=OuterRef("pk"), round=OuterRef("round"), reviewer=user)
    return (visible(user).filter(state=S.IN_REVIEW, review_step__in=steps).exclude(created_by=user)
            .exclude(Exists(wrote)).exclude(Exists(decided)))


def returned(user: Any) -> QuerySet[Article]:
    """``user``'s drafts a reviewer sent back in their last round (to be corrected and submitted again)."""
    sent_back = Review.objects.filter(article=OuterRef("pk"), round=OuterRef("round"),
                                      decision=Review.Decision.RETURN)
    return visible(user).filter(state=S.DRAFT, created_by=user, round__gt=0).filter(Exists(sent_back))


def to_publish(user: Any) -> QuerySet[Article]:
    """Approved articles with no scheduled time: waiting for someone to publish them."""
    return visible(user).filter(state=S.APPROVED, publish_at__isnull=True)


def article_list(user: Any, *, tab: str = "all", column: int | None = None, q: str = "") -> QuerySet[Article]:
    """The rows of one tab of the staff's list, filtered by column and a title search."""
    if tab == "to_review":
        rows = to_review(user)
    elif tab == "returned":
        rows = returned(user)
    elif tab == "to_publish":
        rows = to_publish(user)
    elif tab in S.values:
        rows = visible(user).filter(state=tab)
    else:
        rows = visible(user)
    if column:
        rows = rows.filter(column_id=column)
    if q:
        rows = rows.filter(Q(title__icontains=q))
    return rows.select_related("column", "created_by").only(
        "id", "title", "state", "review_step", "version", "updated_at", "publish_at", "published_at",
        "column__name", "created_by__name", "created_by__username")

