"""Columns, editors and articles for tests of the publicity app (and of the public site's pages).

``editorial(world)`` adds two more FIC staff of the world's district (a reviewer and a final approver, the
world's ``staff`` being the author); ``published_article(world)`` takes an article through the whole
review, as the pages would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.testing import World, make_user
from kaopu.publicity import actions
from kaopu.publicity.models import Article, Column

CLEAN_BODY = ("<p>11月20日上午，区工商联召开民营企业座谈会，区市场监管局、区人社局负责同志到会，"
              "听取企业在融资、用工、审批等方面的意见建议。</p><p>会上，12家企业代表发言，"
              "现场交办诉求8件。</p>")


@dataclass
class Editorial:
    author: User
    reviewer: User
    approver: User
    column: Column


def make_column(district: Any, name: str = "工作动态", slug: str = "news", **fields: Any) -> Column:
    return Column.objects.create(district=district, name=name, slug=slug, **fields)


def editorial(world: World) -> Editorial:
    """The world's staff writes; 审核人 reviews; 终审人 gives the final approval (three steps)."""
    fic = world.users["staff"].organisation
    return Editorial(
        author=world.users["staff"],
        reviewer=User.objects.filter(username="reviewer").first() or make_user("reviewer", Role.FIC_STAFF, fic,
                                                                               name="审核人"),
        approver=User.objects.filter(username="approver").first() or make_user("approver", Role.FIC_STAFF, fic,
                                                                               name="终审人"),
        column=Column.objects.filter(district=world.district, slug="news").first() or make_column(world.district),
    )


def draft_article(world: World, *, title: str = "区工商联召开民营企业座谈会", body: str = CLEAN_BODY,
                  column: Column | None = None, **fields: Any) -> Article:
    team = editorial(world)
    article, _removed = actions.create_article(team.author, column=column or team.column, title=title, body=body,
                                               **fields)
    return article


def approved_article(world: World, **fields: Any) -> Article:
    team = editorial(world)
    article = draft_article(world, **fields)
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)
    return actions.review(team.approver, article.pk, approve=True)


def published_article(world: World, **fields: Any) -> Article:
    article = approved_article(world, **fields)
    return actions.publish(editorial(world).author, article.pk)
