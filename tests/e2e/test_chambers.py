"""A chamber officer keeps their members in the browser: finds an enterprise by name, adds it as a director,
changes its role, sees it on the chamber's page and the member history; staff see the chamber in the list.
At desktop and phone widths, without sideways scrolling or a Content-Security-Policy violation."""

from __future__ import annotations

import pytest
from e2e_helpers import DESKTOP, PHONE, add_chamber_member, change_first_members_role, log_in, settle

from kaopu.chambers.testing import the_officers_chamber

pytestmark = pytest.mark.browser


def _no_overflow(page, what: str, viewport) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{what}: {overflow}px wider than a {viewport['width']}px screen"


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_an_officer_adds_a_member_and_changes_its_role(world, live_server, new_page, results_dir, label, viewport):
    chamber = the_officers_chamber(world)
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "chamber_officer")
    add_chamber_member(page, live_server.url, "甲科技", "director")
    page.screenshot(path=str(results_dir / f"chambers-add-member-{label}.png"), full_page=True)
    _no_overflow(page, "add a member", viewport)
    page.get_by_role("button", name="添加为会员").click()
    settle(page)
    assert "会员已添加" in page.inner_text("main") and "上海甲科技有限公司" in page.inner_text("main")
    change_first_members_role(page, "vice")
    assert "会员职务已变更" in page.inner_text("main")
    _no_overflow(page, "member list", viewport)
    page.goto(f"{live_server.url}/chambers/{chamber.pk}/")
    settle(page)
    text = page.inner_text("main")
    assert "副会长" in text and "上海甲科技有限公司" in text
    page.screenshot(path=str(results_dir / f"chambers-page-{label}.png"), full_page=True)
    _no_overflow(page, "chamber page", viewport)

    staff = new_page(viewport=viewport)
    log_in(staff, live_server.url, "staff")
    staff.goto(f"{live_server.url}/chambers/")
    settle(staff)
    assert chamber.name in staff.inner_text("main")
    _no_overflow(staff, "chamber list", viewport)
