"""The public site's pages: the home, columns, articles, search, feeds, sitemap, robots.txt; who sees what,
cache headers and conditional GET, no token or cookie, fixed query counts, districts kept apart."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kaopu.directory.selectors import forget_reference
from kaopu.publicity import actions, site
from kaopu.publicity.models import Article, ArticleAttachment, Column, SiteSettings
from kaopu.publicity.testing import approved_article, draft_article, editorial, make_column, published_article

pytestmark = pytest.mark.django_db
S = Article.State
HOME = "/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fast_published(world, column, n: int, *, title: str = "区工商联召开民营企业座谈会", district=None,
                   text: str = "融资服务") -> list[Article]:
    """``n`` published articles written straight into the table (the workflow is tested in test_actions)."""
    now = timezone.now()
    created = Article.objects.bulk_create([
        Article(district=district or world.district, column=column, title=f"{title}（{i}）", summary="听取企业意见",
                body=f"<p>第{i}篇正文，{text}。</p>", body_text=f"第{i}篇正文，{text}。", state=S.PUBLISHED,
                published_at=now - timedelta(hours=i + 1), created_by=world.users["staff"])
        for i in range(n)])
    site.forget()
    return created


@pytest.fixture
def portal(world):
    SiteSettings.objects.create(district=world.district, site_name="普陀区工商联", address="大渡河路1668号",
                                phone="021-52564588", email="gsl@ptq.example.cn", office_hours="工作日 9:00–17:00",
                                record_number="沪ICP备00000000号-1")
    news = editorial(world).column
    notices = make_column(world.district, "通知公告", "notices", position=1)
    return news, notices


def page_of(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def district_query(world) -> dict[str, str]:
    return {"district": world.district.code or str(world.district.pk)}


# --- Every page, anonymous and logged in -----------------------------------------------------------

def public_urls(article: Article) -> list[str]:
    return ["/", reverse("site:home"), reverse("site:column", args=["news"]),
            reverse("site:article", args=[article.pk]), reverse("site:search") + "?q=座谈", "/board/", "/meetings/",
            "/meetings/calendar/"]


def test_every_public_page_has_the_frame_for_a_visitor(world, portal, client):
    article = published_article(world)
    for url in public_urls(article):
        page = page_of(client, url)
        assert "普陀区工商联" in page, url
        assert 'class="site-nav"' in page and "工作动态" in page and "通知公告" in page, url
        for label in ("会议", "督办榜", "搜索"):
            assert f">{label}</a>" in page, (url, label)
        assert f'href="{reverse("accounts:login")}">登录</a>' in page, url
        assert "沪ICP备00000000号-1" in page and "021-52564588" in page, url
        assert "/news/language/?language=en" in page, url
        assert 'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page, url
        assert "csrfmiddlewaretoken" not in page, url


@pytest.mark.parametrize("persona", ["staff", "ent_user", "far_staff"])
def test_a_logged_in_user_sees_the_same_pages_with_a_link_to_the_workbench(world, portal, login, persona):
    article = published_article(world)
    client = login(world.users[persona])
    for url in public_urls(article)[1:]:
        page = page_of(client, url)
        assert "进入工作台" in page and ">登录</a>" not in page, url
        assert article.title in page or f'href="/news/{article.pk}/"' in page or url.startswith(
            ("/board/", "/meetings/")), url


def test_the_root_shows_the_portal_to_a_visitor_and_the_start_page_to_a_user(world, portal, client, login):
    article = published_article(world)
    assert article.title in page_of(client, HOME)
    response = login(world.users["staff"]).get(HOME)
    assert response.status_code == 200 and "core/workbench.html" in [t.name for t in response.templates]


# --- The home ---------------------------------------------------------------------------------------

def test_the_home_lists_each_home_column_newest_first_with_meetings_board_and_contact(world, portal, client):
    news, notices = portal
    hidden = make_column(world.district, "内部栏目", "hidden", on_home=False, position=2)
    fast_published(world, news, 8, title="动态")
    fast_published(world, notices, 2, title="公告")
    fast_published(world, hidden, 1, title="不上首页")
    page = page_of(client, HOME)
    shown = re.findall(r"动态（(\d)）", page)
    assert shown == [str(i) for i in range(site.HOME_ARTICLES)]  # the newest six, newest first
    assert "公告（0）" in page and "公告（1）" in page and "不上首页" not in page
    assert 'id="home-meetings"' in page and 'id="home-board"' in page and 'id="home-contact"' in page
    assert "大渡河路1668号" in page


def test_a_published_article_shows_on_the_home_at_once_though_the_home_was_cached(world, portal, client):
    page_of(client, HOME)
    article = published_article(world, title="刚刚发布的新闻")
    assert article.title in page_of(client, HOME)
    actions.withdraw(editorial(world).author, article.pk, reason="信息有误")
    assert article.title not in page_of(client, HOME)


def test_the_home_of_another_district_shows_none_of_this_ones_articles(world, portal, client):
    news, _notices = portal
    far_column = make_column(world.far_district, "工作动态", "news")
    fast_published(world, news, 2, title="普陀新闻")
    fast_published(world, far_column, 2, title="静安新闻", district=world.far_district)
    far = {"district": world.far_district.code or str(world.far_district.pk)}
    here, there = page_of(client, HOME), page_of(client, HOME, **far)
    assert "普陀新闻" in here and "静安新闻" not in here
    assert "静安新闻" in there and "普陀新闻" not in there
    assert "静安新闻" not in page_of(client, reverse("site:search"), q="新闻")
    assert "普陀新闻" not in page_of(client, reverse("site:column", args=["news"]), **far)


# --- Articles and columns ---------------------------------------------------------------------------

def test_the_article_page_has_breadcrumb_column_date_source_author_attachments_and_a_way_back(
        world, portal, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = published_article(world, source="区工商联", byline="宣传科")
    attachment = ArticleAttachment(article=article, name="报名表.xlsx", content_type="application/octet-stream",
                                   size=1536, sha256="0" * 64, uploaded_by=world.users["staff"])
    attachment.file.save("x", ContentFile(b"x" * 1536), save=True)
    page = page_of(client, reverse("site:article", args=[article.pk]))
    column_url = reverse("site:column", args=["news"])
    assert re.search(r'class="breadcrumb".*首页.*工作动态', page, re.S)
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") in page
    assert "来源：</span>区工商联" in page and "作者：</span>宣传科" in page
    assert "报名表.xlsx" in page and "1.5\xa0KB" in page
    assert re.search(rf'href="{column_url}[^"]*">← 返回栏目', page)


def test_the_article_page_is_the_same_bytes_on_every_request(world, portal, client, time_machine):
    article = published_article(world)
    url = reverse("site:article", args=[article.pk])
    first = client.get(url).content
    time_machine.move_to(timezone.now() + timedelta(days=3))
    cache.clear()
    assert client.get(url).content == first


@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "withdrawn"])
def test_an_article_that_is_not_published_is_nowhere_public(world, portal, client, state):
    team = editorial(world)
    title = "尚未公开的文章"
    if state == "draft":
        article = draft_article(world, title=title)
    elif state == "in_review":
        article = actions.submit(team.author, draft_article(world, title=title).pk)
    elif state == "approved":
        article = approved_article(world, title=title)
    else:
        article = published_article(world, title=title)
        actions.withdraw(team.author, article.pk, reason="信息有误")
    assert client.get(reverse("site:article", args=[article.pk])).status_code == 404
    for url in (HOME, reverse("site:column", args=["news"]), reverse("site:search") + "?q=尚未公开",
                reverse("site:feed_rss"), reverse("site:feed_atom"), "/sitemap.xml"):
        assert title not in client.get(url).content.decode(), url
        assert f"/news/{article.pk}/" not in client.get(url).content.decode(), url


def test_an_article_the_tamper_check_withdrew_answers_maintenance(world, portal, client):
    article = published_article(world)
    actions.take_down(article, by=Article.WithdrawnBy.GUARD, reason="hash mismatch")
    response = client.get(reverse("site:article", args=[article.pk]))
    assert response.status_code == 503 and "维护中" in response.content.decode()
    assert "hash mismatch" not in response.content.decode() and article.title not in response.content.decode()


def test_an_article_of_a_deactivated_column_still_shows_but_the_column_leaves_the_navigation(world, portal, client):
    _news, notices = portal
    article = published_article(world, column=notices)
    Column.objects.filter(pk=notices.pk).update(active=False)
    site.forget()
    assert article.title in page_of(client, reverse("site:article", args=[article.pk]))
    assert article.title in page_of(client, reverse("site:column", args=["notices"]))
    assert 'href="/news/c/notices/' not in page_of(client, HOME).split('class="site-nav"')[1].split("</nav>")[0]


def test_a_column_pages_by_keyset_on_the_publishing_date(world, portal, client):
    news, _notices = portal
    fast_published(world, news, site.PAGE_SIZE + 5, title="动态")
    first = client.get(reverse("site:column", args=["news"]))
    assert len(first.context["page"].items) == site.PAGE_SIZE and first.context["page"].has_next
    second = client.get(reverse("site:column", args=["news"]), {"after": first.context["page"].next_cursor})
    titles = [a.title for a in second.context["page"].items]
    assert titles == [f"动态（{i}）" for i in range(site.PAGE_SIZE, site.PAGE_SIZE + 5)]
    assert client.get(reverse("site:column", args=["nosuch"])).status_code == 404
    assert client.get(reverse("site:column", args=["news"]), {"after": "junk"}).status_code == 200


# --- Search -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("term", "found"), [("融", True), ("融资", True), ("融资服务", True), ("贷款", False)])
def test_search_finds_one_two_and_more_characters_in_title_or_text(world, portal, client, term, found):
    news, _notices = portal
    fast_published(world, news, 3, title="座谈会", text="融资服务")
    page = page_of(client, reverse("site:search"), q=term)
    assert ("座谈会（0）" in page) is found
    if found:
        assert f"<mark>{term}</mark>" in page


def test_search_matches_the_title_too(world, portal, client):
    news, _notices = portal
    fast_published(world, news, 1, title="法律体检进企业", text="律师上门")
    assert "<mark>体检</mark>" in page_of(client, reverse("site:search"), q="体检")


EVIL = "\"'><script>alert(1)</script><b>融资"


@pytest.mark.parametrize("url_name", ["site:search", "site:home", "board:board", "meetings:upcoming"])
def test_no_page_echoes_the_search_term_in_title_or_meta_and_results_are_escaped(world, portal, client, url_name):
    news, _notices = portal
    fast_published(world, news, 1, title="座谈会", text=f"企业说{EVIL}的事")
    page = page_of(client, reverse(url_name), q=EVIL)
    head = page.split("</head>")[0]
    assert "<script>alert" not in page
    for tag in re.findall(r"<title>.*?</title>|<meta[^>]*>", head, re.S):
        assert "融资" not in tag and "alert" not in tag and "script" not in tag, tag
    if url_name == "site:search":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;<mark>" in page or "<mark>" in page
        assert 'value="&quot;&#x27;&gt;&lt;script&gt;' in page


# --- Feeds, sitemap, robots -------------------------------------------------------------------------

def test_the_feeds_parse_and_list_the_districts_published_articles_only(world, portal, client):
    _news, notices = portal
    published = published_article(world, title="已发布的新闻")
    published_article(world, title="已发布的公告", column=notices)
    draft_article(world, title="草稿")
    fast_published(world, make_column(world.far_district, "工作动态", "news"), 1, title="静安新闻",
                   district=world.far_district)
    rss = ET.fromstring(client.get(reverse("site:feed_rss")).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert sorted(titles) == ["已发布的公告", "已发布的新闻"]
    assert rss.find("channel/title").text == "普陀区工商联"
    links = [item.findtext("link") for item in rss.iter("item")]
    assert f"http://testserver/news/{published.pk}/" in links
    atom = ET.fromstring(client.get(reverse("site:feed_atom")).content)
    assert sorted(e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")) == ["已发布的公告", "已发布的新闻"]
    column = ET.fromstring(client.get(reverse("site:column_feed_rss", args=["notices"])).content)
    assert [item.findtext("title") for item in column.iter("item")] == ["已发布的公告"]
    assert client.get(reverse("site:column_feed_atom", args=["nosuch"])).status_code == 404


def test_the_sitemap_lists_home_columns_and_published_articles_with_lastmod(world, portal, client):
    article = published_article(world)
    hidden = draft_article(world, title="草稿")
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in tree.iter(f"{SITEMAP}url")}
    locations = {re.sub(r"^http://testserver", "", loc) for loc in entries}
    assert {f"/?district={world.district.pk}", f"/news/c/news/?district={world.district.pk}",
            f"/news/c/notices/?district={world.district.pk}", f"/news/{article.pk}/"} <= locations
    assert f"/news/{hidden.pk}/" not in locations
    assert entries[f"http://testserver/news/{article.pk}/"] == timezone.localdate(article.published_at).isoformat()


def test_robots_txt_names_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /news/search/" in text


# --- Caching ----------------------------------------------------------------------------------------

def test_public_pages_are_cacheable_answer_304_and_set_no_cookie(world, portal, client):
    article = published_article(world)
    for url in (HOME, reverse("site:article", args=[article.pk]), reverse("site:column", args=["news"]),
                reverse("site:search") + "?q=座谈", reverse("site:feed_rss"), "/sitemap.xml", "/board/", "/meetings/",
                "/meetings/calendar/"):
        response = client.get(url)
        assert not response.cookies, (url, response.cookies)
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"], url
        again = client.get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304, url
    response = client.get(reverse("site:article", args=[article.pk]))
    assert response["Last-Modified"]
    assert client.get(reverse("site:article", args=[article.pk]),
                      headers={"if-modified-since": response["Last-Modified"]}).status_code == 304


def test_pages_of_a_logged_in_user_are_not_cached(world, portal, login):
    article = published_article(world)
    response = login(world.users["staff"]).get(reverse("site:article", args=[article.pk]))
    assert "public" not in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_the_language_link_sets_the_language_and_comes_back_only_to_this_site(client):
    response = client.get(reverse("site:language"), {"language": "en", "next": "/news/"})
    assert response.status_code == 302 and response.url == "/news/"
    assert response.cookies["django_language"].value == "en"
    assert client.get(reverse("site:language"), {"language": "en", "next": "https://evil.example/"}).url == "/"
    assert "django_language" not in client.get(reverse("site:language"), {"language": "xx"}).cookies


# --- Queries ----------------------------------------------------------------------------------------

def queries(client, url: str, **params) -> int:
    """The queries of a request with nothing cached (neither the site's cache nor the reference data)."""
    cache.clear()
    forget_reference()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_pages_run_a_fixed_number_of_queries_whatever_the_data_size(world, portal, client):
    news, notices = portal
    first = fast_published(world, news, 2)[0]
    fast_published(world, notices, 1)
    pages = [(HOME, {}), (reverse("site:column", args=["news"]), {}), (reverse("site:article", args=[first.pk]), {}),
             (reverse("site:search"), {"q": "融资"}), (reverse("site:feed_rss"), {})]
    cold = [queries(client, url, **params) for url, params in pages]
    assert cold[0] <= 9, cold  # districts, settings, columns, articles, meetings, board rows, reference (2)
    fast_published(world, news, 40)
    fast_published(world, notices, 40)
    fast_published(world, make_column(world.district, "政策解读", "policy"), 10)
    assert [queries(client, url, **params) for url, params in pages] == cold
    client.get(HOME)
    with CaptureQueriesContext(connection) as warm:
        client.get(HOME)
    assert len(warm) == 0  # everything the home shows comes from the cache

