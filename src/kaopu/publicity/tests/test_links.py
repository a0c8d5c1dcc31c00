"""The dead-link check: links, images, the cover and attachments of published articles; the platform's
own objects checked in the database (published article, attachment and image with their file, public
meeting), other internal pages rendered anonymously, outside links listed and never fetched (the network
is refused in these tests), allow-listed domains fetched (urllib replaced); rows kept in step between runs;
the staff page, its to-do and its fixed number of queries."""

from __future__ import annotations

import socket
import urllib.error
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.audit.models import AuditEntry
from kaopu.core.registry import registry
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting
from kaopu.publicity import duty_workbench as _duty_workbench  # noqa: F401 - registers the to-dos
from kaopu.publicity import links
from kaopu.publicity.models import Article, ArticleAttachment, ArticleImage, LinkCheck
from kaopu.publicity.testing import draft_article, editorial, published_article

pytestmark = pytest.mark.django_db
OWN_HOST = "www.ptfic.example.cn"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, settings, tmp_path):  # type: ignore[no-untyped-def]
    """Media in a temporary folder; the platform's host; any connection attempt fails the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = [OWN_HOST, "testserver"]
    settings.PUBLICITY_LINK_CHECK_DOMAINS = []

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"the link check touched the network: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _image(article: Article, *, with_file: bool = True) -> ArticleImage:
    image = ArticleImage(article=article, content_type="image/png", width=1, height=1, size=3, sha256="0" * 64,
                         original_name="图.png", uploaded_by=article.created_by)
    image.file.save("a.png", ContentFile(b"png"), save=False)
    image.save()
    if not with_file:
        image.file.storage.delete(image.file.name)
    return image


def _attachment(article: Article, name: str = "通知.pdf") -> ArticleAttachment:
    attachment = ArticleAttachment(article=article, name=name, content_type="application/pdf", size=3,
                                   sha256="0" * 64, uploaded_by=article.created_by)
    attachment.file.save("x", ContentFile(b"pdf"), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def scene(world, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 1))
    team = editorial(world)
    other = published_article(world, title="另一篇已发布的文章")
    draft = draft_article(world, title="还没发布的文章")
    holder = draft_article(world, title="图片和附件")  # its images and attachment, made before its body
    good_image, lost_image = _image(holder), _image(holder, with_file=False)
    open_meeting = make_meeting(world.district, team.author)
    draft_meeting = make_meeting(world.district, team.author, state=Meeting.State.DRAFT, theme="草稿会议")
    body = (
        f'<p><a href="/news/{other.pk}/">另一篇</a> <a href="/news/{draft.pk}/">草稿</a> '
        f'<a href="https://{OWN_HOST}/news/999999/">已删除</a> <a href="/meetings/{open_meeting.pk}/">会议</a> '
        f'<a href="/meetings/{draft_meeting.pk}/">草稿会议</a> <a href="/board/">督办榜</a> '
        f'<a href="/no/such/page/">不存在</a> <a href="https://www.gov.cn/zhengce/">国务院政策</a> '
        f'<a href="mailto:office@example.cn">邮件</a> <a href="#top">顶部</a></p>'
        f'<p><img src="/news/images/{good_image.pk}/" alt="现场">'
        f'<img src="/news/images/{lost_image.pk}/" alt="丢失"></p>')
    Article.objects.filter(pk=holder.pk).update(body=body)
    attachment = _attachment(holder)
    from kaopu.publicity import actions

    actions.submit(team.author, holder.pk)
    actions.review(team.reviewer, holder.pk, approve=True)
    actions.review(team.approver, holder.pk, approve=True)
    article = actions.publish(team.author, holder.pk)
    return {"article": article, "other": other, "draft": draft, "attachment": attachment,
            "good_image": good_image, "lost_image": lost_image, "open_meeting": open_meeting,
            "draft_meeting": draft_meeting}


def _rows(article: Article) -> dict[str, LinkCheck]:
    return {row.url: row for row in LinkCheck.objects.filter(article=article)}


def test_links_of_html_reads_links_with_their_text_and_images_with_their_alt():
    found = links.links_of_html('<p><a href="/a/">一<b>二</b></a><img src="/news/images/1/" alt="图"><a href="/b/">'
                                '<p>未闭合')
    assert [(f.place, f.url, f.text) for f in found] == [
        ("link", "/a/", "一二"), ("image", "/news/images/1/", "图"), ("link", "/b/", "未闭合")]


def test_kinds_of_address(settings):
    settings.ALLOWED_HOSTS = [OWN_HOST, ".ptfic.gov.cn", "*"]
    settings.PUBLICITY_LINK_CHECK_DOMAINS = ["shanghai.gov.cn"]
    assert links.kind_of("/news/1/") == links.kind_of("files/1/") == "internal"
    assert links.kind_of(f"https://{OWN_HOST}:443/x") == links.kind_of("//a.ptfic.gov.cn/x") == "internal"
    assert links.kind_of("https://www.shanghai.gov.cn/x") == links.kind_of("http://shanghai.gov.cn") == "allowed"
    assert links.kind_of("https://notshanghai.gov.cn/x") == "outside"  # "*" never makes a host internal
    assert not links.is_checkable("mailto:a@b.cn") and not links.is_checkable("#top")
    assert links.local_target("files/3/?a=1#x", "/news/5/") == "/news/5/files/3/?a=1"


def test_every_kind_of_link_is_checked_where_it_belongs(scene):
    summary = links.check_all()
    rows = _rows(scene["article"])
    ids = {name: scene[name].pk for name in ("other", "draft", "good_image", "lost_image", "open_meeting",
                                              "draft_meeting", "attachment")}
    expected = {
        f"/news/{ids['other']}/": ("internal", "ok", "link"),
        f"/news/{ids['draft']}/": ("internal", "dead", "link"),
        f"https://{OWN_HOST}/news/999999/": ("internal", "dead", "link"),
        f"/meetings/{ids['open_meeting']}/": ("internal", "ok", "link"),
        f"/meetings/{ids['draft_meeting']}/": ("internal", "dead", "link"),
        "/board/": ("internal", "ok", "link"),
        "/no/such/page/": ("internal", "dead", "link"),
        "https://www.gov.cn/zhengce/": ("outside", "unchecked", "link"),
        f"/news/images/{ids['good_image']}/": ("internal", "ok", "image"),
        f"/news/images/{ids['lost_image']}/": ("internal", "dead", "image"),
        f"/news/files/{ids['attachment']}/": ("internal", "ok", "attachment"),
    }
    assert {url: (row.kind, row.status, row.place) for url, row in rows.items()} == expected
    assert rows[f"/news/{ids['draft']}/"].reason == "文章未发布（草稿）。"
    assert rows[f"/news/images/{ids['lost_image']}/"].reason == "该图片的文件在存储中已不存在。"
    assert rows[f"/meetings/{ids['draft_meeting']}/"].reason == "会议仍是草稿，没有公开。"
    assert rows["/no/such/page/"].reason == "平台上没有这个地址的页面。" and rows["/no/such/page/"].http_status == 404
    assert rows["/board/"].http_status == 200
    assert rows["https://www.gov.cn/zhengce/"].reason == "站外链接：仅列出供人工核查，平台不访问。"
    assert rows[f"/news/{ids['draft']}/"].text == "草稿" and rows[f"/news/images/{ids['good_image']}/"].text == "现场"
    assert summary.dead == 5 and summary.newly_dead == 5 and summary.outside == 1
    entry = AuditEntry.objects.filter(object_type="publicity.linkcheck").latest("sequence")
    assert "失效 5 个" in entry.summary and entry.data["links"] == summary.links


def test_a_second_run_keeps_when_a_link_went_dead_and_follows_changes(scene, pin_clock):
    links.check_all()
    first_dead = _rows(scene["article"])[f"/news/{scene['draft'].pk}/"].dead_since
    pin_clock(date(2026, 12, 2))
    Article.objects.filter(pk=scene["draft"].pk).update(state=Article.State.PUBLISHED)  # the draft went out
    Article.objects.filter(pk=scene["article"].pk).update(
        body=f'<p><a href="/news/{scene["draft"].pk}/">草稿</a><a href="/no/such/page/">不存在</a></p>')
    links.check_all()
    rows = _rows(scene["article"])
    assert set(rows) == {f"/news/{scene['draft'].pk}/", "/no/such/page/",
                         f"/news/files/{scene['attachment'].pk}/"}  # the links taken out are gone
    assert rows[f"/news/{scene['draft'].pk}/"].status == "ok" and rows[f"/news/{scene['draft'].pk}/"].dead_since is None
    assert rows["/no/such/page/"].dead_since == first_dead  # still dead since the first run
    assert rows["/no/such/page/"].checked_at > first_dead


def test_an_attachment_of_a_withdrawn_article_is_dead_and_the_withdrawn_articles_rows_go(scene, world):
    published_article(world, title="引用附件", body=f'<p><a href="/news/files/{scene["attachment"].pk}/">附件</a></p>')
    links.check_all()
    Article.objects.filter(pk=scene["article"].pk).update(state=Article.State.WITHDRAWN)
    links.check_all()
    assert not LinkCheck.objects.filter(article=scene["article"]).exists()
    row = LinkCheck.objects.get(url=f"/news/files/{scene['attachment'].pk}/")
    assert row.status == "dead" and row.reason == "该附件所属的文章未发布。"


def test_each_address_is_checked_once_per_run(scene, world, monkeypatch):
    for n in range(3):
        published_article(world, title=f"转载{n}", body='<p><a href="/board/">督办榜</a></p>')
    rendered = []
    real = links._render
    monkeypatch.setattr(links, "_render", lambda target, client: rendered.append(target) or real(target, client))
    links.check_all(batch=2)
    assert rendered.count("/board/") == 1


class _Response:
    def __init__(self, status: int) -> None:
        self.status = status

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *args):  # type: ignore[no-untyped-def]
        return False


def test_allow_listed_domains_are_fetched_head_then_get(world, settings, monkeypatch):
    settings.PUBLICITY_LINK_CHECK_DOMAINS = ["shanghai.gov.cn"]
    calls = []

    class Opener:
        def open(self, request, timeout):  # type: ignore[no-untyped-def]
            calls.append((request.get_method(), request.full_url, timeout))
            if request.full_url.endswith("/gone"):
                raise urllib.error.HTTPError(request.full_url, 404, "Not Found", {}, None)
            if request.get_method() == "HEAD":
                raise urllib.error.HTTPError(request.full_url, 405, "Method Not Allowed", {}, None)
            return _Response(200)

    monkeypatch.setattr(links.urllib.request, "build_opener", lambda *handlers: Opener())
    article = published_article(world, body='<p><a href="https://www.shanghai.gov.cn/ok">好</a>'
                                            '<a href="https://www.shanghai.gov.cn/gone">坏</a>'
                                            '<a href="https://www.gov.cn/x">站外</a></p>')
    links.check_all()
    rows = _rows(article)
    assert (rows["https://www.shanghai.gov.cn/ok"].kind, rows["https://www.shanghai.gov.cn/ok"].status) == (
        "allowed", "ok")
    assert rows["https://www.shanghai.gov.cn/gone"].status == "dead"
    assert rows["https://www.shanghai.gov.cn/gone"].reason == "对方网站返回 404。"
    assert rows["https://www.gov.cn/x"].status == "unchecked"
    assert calls == [("HEAD", "https://www.shanghai.gov.cn/ok", links.TIMEOUT),
                     ("GET", "https://www.shanghai.gov.cn/ok", links.TIMEOUT),
                     ("HEAD", "https://www.shanghai.gov.cn/gone", links.TIMEOUT),
                     ("GET", "https://www.shanghai.gov.cn/gone", links.TIMEOUT)]


def test_a_redirect_to_another_domain_is_not_followed(settings):
    settings.PUBLICITY_LINK_CHECK_DOMAINS = ["shanghai.gov.cn"]
    handler = links._AllowListedRedirects()
    with pytest.raises(links._OffDomain):
        handler.redirect_request(None, None, 302, "Found", {}, "https://bet.example.com/")
    with pytest.raises(links._OffDomain):
        handler.redirect_request(None, None, 302, "Found", {}, "ftp://www.shanghai.gov.cn/")


def test_a_connection_failure_is_a_dead_link_in_words(settings, monkeypatch):
    settings.PUBLICITY_LINK_CHECK_DOMAINS = ["shanghai.gov.cn"]

    class Opener:
        def open(self, request, timeout):  # type: ignore[no-untyped-def]
            raise TimeoutError

    monkeypatch.setattr(links.urllib.request, "build_opener", lambda *handlers: Opener())
    from django.utils import translation

    with translation.override("zh-hans"):
        assert links.fetch("https://www.shanghai.gov.cn/") == links.Result("dead", "5 秒内没有响应。")


# --- The page and the to-do -------------------------------------------------------------------------

def test_the_todo_counts_the_dead_links_its_page_lists(scene, world, login):
    links.check_all()
    staff = world.users["staff"]
    todo = registry.todos["publicity.dead_links"]
    assert todo.count(staff) == 5
    response = login(staff).get(todo.url(staff))
    assert response.status_code == 200
    listed = [row.url for group in response.context["groups"] for row in group["rows"]]
    assert sorted(listed) == sorted(LinkCheck.objects.filter(status="dead").values_list("url", flat=True))
    page = response.content.decode()
    assert "图片和附件" in page and f'href="/news/{scene["article"].pk}/"' in page  # no editorial pages here
    outside = login(staff).get(todo.url(staff) + "?show=outside")
    assert [row.url for group in outside.context["groups"] for row in group["rows"]] == ["https://www.gov.cn/zhengce/"]


def test_other_districts_and_roles_see_no_link(scene, world, login):
    links.check_all()
    assert registry.todos["publicity.dead_links"].count(world.users["far_staff"]) == 0
    response = login(world.users["far_staff"]).get("/publicity/duty/links/")
    assert response.status_code == 200 and response.context["groups"] == []
    for persona in ("ent_user", "handler", "bank_officer"):
        assert login(world.users[persona]).get("/publicity/duty/links/").status_code == 404


def test_the_links_page_runs_a_fixed_number_of_queries(scene, world, login):
    links.check_all()
    client = login(world.users["staff"])
    client.get("/publicity/duty/links/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/publicity/duty/links/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(6):
        published_article(world, title=f"坏链接{n}",
                          body=f'<p><a href="/gone/{n}/">坏</a><a href="/gone/x{n}/">坏</a></p>')
    links.check_all()
    assert LinkCheck.objects.filter(status="dead").count() == 17
    assert queries() == few


def test_a_run_takes_a_fixed_number_of_queries_per_batch(world):  # type: ignore[no-untyped-def]
    def run_queries() -> int:
        links.check_all()  # the first run creates the rows; the second one is every night's
        with CaptureQueriesContext(connection) as captured:
            links.check_all()
        return len(captured)

    def add(n: int) -> None:
        for i in range(n):
            published_article(world, title=f"文章{i}", body=f'<p><a href="/gone/{i}/">坏</a>'
                                                          f'<a href="/news/{i + 1}/">文章</a></p>')

    add(3)
    few = run_queries()
    add(9)
    Article.objects.filter(title="文章0").update(body='<p><a href="/gone/changed/">坏</a></p>')  # a change to write
    assert run_queries() == few
