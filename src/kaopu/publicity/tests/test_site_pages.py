"""The public site's pages: the home, columns, articles, search, feeds, sitemap, robots.txt; who sees what,
cache headers and conditional GET, no token or cookie, fixed query counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kaopu.publicity import actions, site
from kaopu.publicity.models import Article, ArticleAttachment, Column, SiteSettings
from kaopu.publicity.testing import approved_article, draft_article, editorial, make_column, published_article

pytestmark = pytest.mark.django_db
S = Article.State


def fast_published(world, column, n: int, *, title: str = "区工商联召开民营企业座谈会", district=None, **fields):
    """``n`` published articles written straight into the table (the workflow is tested elsewhere)."""
    now = timezone.now()
    author = world.users["staff"]
    articles = [Article(district=district or world.district, column=column, title=f"{title}（{i}）",
                        summary="座谈会听取企业意见", body=f"<p>第{i}篇正文，融资服务。</p>", body_text=f"第{i}篇正文，融资服务。",
                        state=S.PUBLISHED, published_at=now - timedelta(hours=i), created_by=author, **fields)
                for i in range(n)]
    created = Article.objects.bulk_create(articles)
    site.forget()
    return created


@pytest.fixture
def portal(world):
    SiteSettings.objects.create(district=world.district, site_name="普陀区工商联", address="大渡河路1668号",
                                phone="021-52564588", email="gsl@ptq.example.cn", office_hours="工作日 9:00–17:00",
                                record_number="沪ICP备00000000号")
    news = editorial(world).column
    notices = make_column(world.district, "通知公告", "notices", position=1)
    return world, news, notices


def test_smoke(portal, client):
    world, news, notices = portal
    article = published_article(world)
    home = client.get("/")
    assert home.status_code == 200, home.content.decode()[:3000]
    page = home.content.decode()
    assert "普陀区工商联" in page and article.title in page
    for url in [reverse("site:article", args=[article.pk]), reverse("site:column", args=["news"]),
                reverse("site:search") + "?q=座谈", reverse("site:feed_rss"), reverse("site:feed_atom"), "/sitemap.xml",
                "/robots.txt", "/board/", "/meetings/"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content.decode()[:3000])
