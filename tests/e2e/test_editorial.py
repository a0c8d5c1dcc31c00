"""The staff's editorial pages in a browser: an article written in the Quill editor (text, alignment, an
image through the editor's image button), saved, submitted, reviewed in two steps and published; the
guard's findings and the acknowledgement boxes; every page at desktop and phone width (screenshots in
test-results/editorial-*.png, no page wider than the phone). The new_page fixture fails the test on any
Content-Security-Policy violation or script error, so the editor is proven to run under the CSP.
"""

from __future__ import annotations

import io

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle
from PIL import Image

from kaopu.publicity import actions
from kaopu.publicity.models import Article, LexiconTerm
from kaopu.publicity.testing import draft_article, editorial

pytestmark = pytest.mark.browser


def _png(path) -> None:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", (800, 500), (180, 40, 40)).save(out, "PNG")
    path.write_bytes(out.getvalue())


def _fits(page, name: str) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px wider than the screen"


SPAM = "有哪些信誉好的足球投注网站"


def test_an_article_written_in_the_editor_goes_through_review(world, live_server, new_page, results_dir, settings,
                                                               tmp_path):  # type: ignore[no-untyped-def]
    """The issue's walk: an editor writes an article with an image, a reviewer sees a finding and sends
    it back, the cleaned article is approved in two steps and published."""
    settings.MEDIA_ROOT = tmp_path
    team = editorial(world)
    base = live_server.url
    page = new_page(viewport=DESKTOP)
    log_in(page, base, team.author.username)
    page.goto(f"{base}/publicity/new/")
    assert page.locator("textarea#id_body").is_hidden()  # the editor replaced the textarea
    page.fill("#id_title", "区工商联走访长风街道民营企业")
    page.select_option("#id_column", str(team.column.pk))
    page.locator(".ql-editor").click()
    page.keyboard.type("11月20日，区工商联走访长风街道三家民营企业。" + SPAM)
    page.keyboard.press("Enter")
    page.keyboard.type("企业反映用工和融资问题。")
    page.locator(".ql-align .ql-picker-label").click()
    page.locator(".ql-align .ql-picker-item[data-value=center]").click()
    page.screenshot(path=str(results_dir / "editorial-new-desktop.png"), full_page=True)
    page.get_by_role("button", name="保存草稿").click()
    settle(page)
    article = Article.objects.get(title="区工商联走访长风街道民营企业")
    assert 'class="align-center">企业反映用工和融资问题。</p>' in article.body

    image = tmp_path / "走访.png"
    _png(image)
    page.locator(".ql-editor p").last.click()
    page.keyboard.press("End")
    with page.expect_file_chooser() as chooser:
        page.locator(".ql-toolbar button.ql-image").click()
    chooser.value.set_files(str(image))
    page.locator(".ql-editor img").wait_for()
    src = page.locator(".ql-editor img").get_attribute("src")
    assert src.startswith("/news/images/")
    page.screenshot(path=str(results_dir / "editorial-edit-desktop.png"), full_page=True)
    page.get_by_role("button", name="保存并提交审核").click()
    settle(page)
    article.refresh_from_db()
    assert article.state == Article.State.IN_REVIEW and f'<img src="{src}"' in article.body
    assert page.locator(".pub-body img").evaluate("img => img.naturalWidth") == 800  # the staff preview

    reviewer = new_page(viewport=DESKTOP)
    log_in(reviewer, base, team.reviewer.username)
    reviewer.goto(f"{base}/publicity/?tab=to_review")
    reviewer.get_by_role("link", name="区工商联走访长风街道民营企业").click()
    assert SPAM in reviewer.locator("#findings mark").first.inner_text()
    assert reviewer.get_by_label("退回作者修改").is_checked()  # the high finding blocks approval
    reviewer.screenshot(path=str(results_dir / "editorial-finding-desktop.png"), full_page=True)
    reviewer.get_by_label("审核意见").fill("第一段末尾有赌博网站广告，请删除。")
    reviewer.get_by_role("button", name="提交审核结果").click()
    settle(reviewer)
    article.refresh_from_db()
    assert article.state == Article.State.DRAFT

    page.goto(f"{base}/publicity/{article.pk}/")
    assert "第一段末尾有赌博网站广告" in page.locator("#reviews").inner_text()
    page.locator("#edit-article").click()
    page.locator(".ql-editor p").first.click()
    page.keyboard.press("End")
    for _char in SPAM:
        page.keyboard.press("Backspace")
    page.get_by_role("button", name="保存并提交审核").click()
    settle(page)
    article.refresh_from_db()
    assert article.state == Article.State.IN_REVIEW and SPAM not in article.body_text

    for person, step in ((team.reviewer, "初审"), (team.approver, "终审")):
        other = new_page(viewport=DESKTOP)
        log_in(other, base, person.username)
        other.goto(f"{base}/publicity/?tab=to_review")
        other.get_by_role("link", name="区工商联走访长风街道民营企业").click()
        assert step in other.locator("#review h2").inner_text()
        other.get_by_label("通过").check()
        other.get_by_role("button", name="提交审核结果").click()
        settle(other)
    article.refresh_from_db()
    assert article.state == Article.State.APPROVED

    page.goto(f"{base}/publicity/{article.pk}/")
    page.locator("#publish").get_by_role("button", name="发布").click()
    settle(page)
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    page.screenshot(path=str(results_dir / "editorial-detail-desktop.png"), full_page=True)
    visitor = new_page(viewport=PHONE)
    visitor.goto(f"{base}/news/{article.pk}/")
    assert "企业反映用工和融资问题" in visitor.content() and SPAM not in visitor.content()
    assert visitor.locator(f'img[src="{src}"]').evaluate("img => img.naturalWidth") == 800

    # The published article is on the portal's home, found by the site's search (two characters too) and
    # in the feed: what a visitor reaches without logging in.
    visitor.goto(f"{base}/")
    visitor.get_by_role("link", name="区工商联走访长风街道民营企业").first.wait_for()
    visitor.screenshot(path=str(results_dir / "editorial-published-home-phone.png"), full_page=True)
    for term in ("长风街道", "走访"):
        visitor.goto(f"{base}/news/search/")
        visitor.fill("#site-q", term)
        visitor.locator("#site-q").press("Enter")
        settle(visitor)
        assert "区工商联走访长风街道民营企业" in visitor.locator("#search-results").inner_text()
        assert term not in visitor.title()
    feed = visitor.request.get(f"{base}/news/feed.atom")
    assert feed.ok and "区工商联走访长风街道民营企业" in feed.text()
    assert f"/news/{article.pk}/" in feed.text()


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_every_editorial_page_fits(world, live_server, new_page, results_dir, label, viewport):  # type: ignore[no-untyped-def]
    LexiconTerm.objects.create(term="内部消息", category="political_rumour", severity="medium")
    team = editorial(world)
    drafts = [draft_article(world, title=f"民营经济在普陀系列报道之{n + 1}：长风街道的科技企业") for n in range(6)]
    flagged = draft_article(world, title="区工商联召开民营企业座谈会",
                            body="<p>据内部消息，座谈会将于下周召开。</p><p>有哪些信誉好的足球投注网站</p>")
    actions.update_article(team.author, flagged.pk, summary="座谈会听取企业意见。")
    actions.submit(team.author, flagged.pk)
    actions.review(team.reviewer, flagged.pk, approve=False, comment="正文末尾有赌博网站广告，请删除")
    actions.update_article(team.author, flagged.pk, body="<p>据内部消息，座谈会将于下周召开。</p>")
    actions.submit(team.author, flagged.pk)
    actions.review(team.reviewer, flagged.pk, approve=True)
    in_review = draft_article(world, title="关于开展2026年度民营企业调查的通知",
                              body="<p>各会员企业：</p><p>有哪些信誉好的足球投注网站</p>")
    actions.submit(team.author, in_review.pk)

    pages = {
        "list": "/publicity/",
        "new": "/publicity/new/",
        "edit": f"/publicity/{drafts[0].pk}/edit/",
        "detail-final": f"/publicity/{flagged.pk}/",
        "detail-high": f"/publicity/{in_review.pk}/",
        "versions": f"/publicity/{flagged.pk}/versions/?a=1&b=4",
        "columns": "/publicity/columns/",
        "column": f"/publicity/columns/{team.column.pk}/",
        "settings": "/publicity/settings/",
    }
    viewers = {"detail-final": team.approver.username, "detail-high": team.reviewer.username}
    pages_by_user: dict[str, object] = {}
    for name, path in pages.items():
        username = viewers.get(name, team.author.username)
        if username not in pages_by_user:
            pages_by_user[username] = new_page(viewport=viewport)
            log_in(pages_by_user[username], live_server.url, username)
        page = pages_by_user[username]
        page.goto(live_server.url + path)
        settle(page)
        assert page.locator("h1").count() == 1, name
        page.screenshot(path=str(results_dir / f"editorial-{name}-{label}.png"), full_page=True)
        _fits(page, name)
    approver_page = pages_by_user[team.approver.username]
    approver_page.goto(f"{live_server.url}/publicity/{flagged.pk}/")
    assert approver_page.locator("input[name=acknowledged]").count() == 1


def test_without_javascript_the_body_is_a_textarea_of_html(world, live_server, new_page):  # type: ignore[no-untyped-def]
    team = editorial(world)
    page = new_page(viewport=PHONE, java_script_enabled=False)
    log_in(page, live_server.url, team.author.username)
    page.goto(f"{live_server.url}/publicity/new/")
    assert page.locator("textarea#id_body").is_visible() and page.locator(".rich-editor").is_hidden()
    page.fill("#id_title", "无脚本也能写稿")
    page.select_option("#id_column", str(team.column.pk))
    page.fill("#id_body", '<p class="align-right">落款：区工商联</p><p onclick="x()">正文</p>')
    page.get_by_role("button", name="保存草稿").click()
    settle(page)
    assert Article.objects.get(title="无脚本也能写稿").body == '<p class="align-right">落款：区工商联</p><p>正文</p>'
