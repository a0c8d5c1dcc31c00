"""The security administrator follows the menu to the tamper incidents and reads one with its diff, at
desktop and phone widths (screenshots into test-results/: tamper-*.png)."""

from __future__ import annotations

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle

from kaopu.publicity import tamper
from kaopu.publicity.models import Article
from kaopu.publicity.testing import published_article

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_security_administrator_reads_an_incident_and_its_diff(world, live_server, new_page, results_dir,
                                                                   label, viewport):
    article = published_article(world)
    published_article(world, title="区工商联举办“民营经济在普陀”政策宣讲会")
    Article.objects.filter(pk=article.pk).update(
        body="<p>11月20日上午，区工商联召开民营企业座谈会。欢迎访问某某娱乐城，有哪些信誉好的足球投注网站。</p>")
    tamper.check_pages(tamper.published_ids())
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "secadmin")
    page.goto(f"{live_server.url}/publicity/incidents/")
    settle(page)
    assert page.get_by_role("heading", name="防篡改事件").is_visible()
    page.screenshot(path=str(results_dir / f"tamper-list-{label}.png"), full_page=True)
    page.get_by_role("link", name="区工商联召开民营企业座谈会").click()
    settle(page)
    assert page.locator(".tamper-diff .add").first.is_visible()
    page.screenshot(path=str(results_dir / f"tamper-detail-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the incident page is {overflow}px wider than a {viewport['width']}px screen"
