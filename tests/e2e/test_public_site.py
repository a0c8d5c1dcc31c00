"""The public site (kaopu.publicity) in the browser, at a phone's width (390 px) and a desktop's: every public
page fits the width without scrolling sideways, shows the same header, and on a phone the navigation is
folded under the menu button and opens without JavaScript; no page breaks the Content-Security-Policy.
Screenshots go to test-results/public_site/."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def site_world(world) -> Any:  # type: ignore[no-untyped-def]
    from kaopu.publicity.models import SiteSettings
    from kaopu.publicity.testing import make_column, published_article

    SiteSettings.objects.create(district=world.district, site_name="普陀区工商联", address="大渡河路1668号",
                                phone="021-52564588", record_number="沪ICP备00000000号-1")
    article = published_article(world, title="第31期政企早餐会聚焦数字经济企业发展", source="区工商联")
    published_article(world, title="关于征集民营企业意见建议的公告",
                      column=make_column(world.district, "通知公告", "notices", position=1))
    return article


def test_every_public_page_fits_a_phone_and_its_menu_opens_without_javascript(site_world, new_page, live_server,
                                                                                results_dir):
    shots = results_dir / "public_site"
    shots.mkdir(exist_ok=True)
    pages = {"home": "/", "column": "/news/c/news/", "article": f"/news/{site_world.pk}/",
             "search": "/news/search/?q=早餐", "board": "/board/", "meetings": "/meetings/"}
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport)
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert page.locator(".site-name").inner_text() == "普陀区工商联", path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (path, width)
            page.screenshot(path=str(shots / f"{name}-{width_name}.png"), full_page=True)
        nav = page.locator(".site-nav")
        if width_name == "phone":
            assert not nav.is_visible()
            page.locator("label.site-nav-toggle-label").click()
            assert nav.is_visible() and nav.get_by_role("link", name="督办榜").is_visible()
            page.screenshot(path=str(shots / "menu-open-phone.png"))
        else:
            assert nav.is_visible() and not page.locator("label.site-nav-toggle-label").is_visible()


def test_a_visitor_finds_an_article_from_the_home(site_world, new_page, live_server):
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=site_world.title).click()
    assert page.locator("h1").inner_text() == site_world.title
    page.get_by_role("link", name="← 返回栏目").click()
    assert page.locator("h1").inner_text() == "工作动态"
