"""Screenshots of the publicity duty's pages (column updates, the link check) and of the content guard's
confirmation page, at desktop and phone widths, into test-results/publicity-duty/. The assertions catch a
page wider than the phone's screen and check that the counted rows are shown."""

from __future__ import annotations

from datetime import date

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, log_in, settle

from kaopu.core.testing import local_moment
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting
from kaopu.publicity import links
from kaopu.publicity.models import Article
from kaopu.publicity.testing import editorial, make_column, published_article

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "publicity-duty"


@pytest.fixture
def scene(world, time_machine, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.CONTENT_GUARD_LINK_DOMAINS = ["gov.cn", "weixin.qq.com"]
    time_machine.move_to(local_moment(date(2026, 12, 1)), tick=True)
    team = editorial(world)
    specs = [("工作动态", "news", 7, date(2026, 12, 20)), ("通知公告", "notices", 30, date(2026, 12, 10)),
             ("政策解读", "policy", 14, date(2026, 12, 22)), ("民营经济在普陀", "series", None, date(2026, 6, 1)),
             ("专题报道", "topics", 10, None), ("商会风采", "chambers", 21, date(2026, 11, 2))]
    for position, (name, slug, interval, day) in enumerate(specs):
        column = team.column if slug == "news" else make_column(world.district, name, slug)
        column.update_interval_days, column.position = interval, position
        column.save()
        if day:
            article = published_article(world, column=column, title=f"{name}：区工商联召开民营企业座谈会")
            Article.objects.filter(pk=article.pk).update(published_at=local_moment(day))
    draft_meeting = make_meeting(world.district, team.author, state=Meeting.State.DRAFT,
                                 theme="民营企业发展座谈会", description="会上将讨论企业下注的问题。")
    published_article(world, title="区工商联组织会员企业参加民营经济发展大会", body=(
        '<p>详见<a href="/news/999999/">会议通知</a>和<a href="/no/such/page/">报名表</a>，'
        '<a href="https://www.gov.cn/zhengce/content/202607/content_1234567.htm">国务院政策文件</a>。</p>'))
    published_article(world, title="“民营经济在普陀”系列报道之三：长风科技", body=(
        f'<p><a href="/meetings/{draft_meeting.pk}/">早餐会报名</a>，'
        '<a href="https://mp.weixin.qq.com/s/abcdefghijklmnopqrstuvwxyz0123456789">公众号原文</a></p>'))
    links.check_all()
    time_machine.move_to(local_moment(date(2027, 1, 5)), tick=True)
    return {"draft_meeting": draft_meeting}


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_duty_pages_screenshots(scene, live_server, new_page, label, viewport):  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "staff")
    shots = {
        "columns": "/publicity/duty/", "columns-overdue": "/publicity/duty/?overdue=1",
        "links": "/publicity/duty/links/", "links-outside": "/publicity/duty/links/?show=outside",
    }
    for name, path in shots.items():
        page.goto(live_server.url + path)
        settle(page)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px wider than a {viewport['width']}px screen"
    page.goto(f"{live_server.url}/dialogues/{scene['draft_meeting'].pk}/")
    page.get_by_role("button", name="开放报名").click()
    settle(page)
    assert page.locator("#guard-confirm").is_visible()
    page.screenshot(path=str(SHOTS / f"guard-confirm-{label}.png"), full_page=True)
    page.locator("input[name=acknowledge]").check()
    page.locator("#guard-confirm-submit").click()
    settle(page)
    assert Meeting.objects.get(pk=scene["draft_meeting"].pk).state == Meeting.State.OPEN
