"""An enterprise user sees its own enterprise and nothing of any other one."""

from __future__ import annotations

import pytest
from e2e_helpers import log_in, settle

pytestmark = pytest.mark.browser


def test_enterprise_user_sees_its_own_and_gets_404_for_another(world, live_server, new_page):
    page = new_page()
    log_in(page, live_server.url, "ent_user")

    # Enterprise users start on their start page (工作台); 我的企业 is in the menu.
    assert page.url.rstrip("/") == live_server.url
    page.goto(f"{live_server.url}/directory/my-enterprise/")
    assert page.locator("h1").inner_text().startswith(world.enterprise_a.name)
    assert world.enterprise_a.credit_code in page.content()

    other = world.enterprise_b
    for path in (f"/directory/enterprises/{other.pk}/", f"/directory/enterprises/{other.pk}/edit/",
                 f"/directory/enterprises/{world.far_enterprise.pk}/"):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        assert other.name not in page.content()

    # The district's directory is not an enterprise user's page (its menu has “我的企业”): 404, no rows,
    # no export, import or add buttons.
    response = page.goto(f"{live_server.url}/directory/enterprises/")
    assert response.status == 404
    assert page.locator("#enterprise-table").count() == 0
    assert page.locator("#export-enterprises").count() == 0 and page.locator("#export-people").count() == 0


def test_enterprise_user_edits_its_contact_details_in_the_browser(world, live_server, new_page):
    page = new_page()
    log_in(page, live_server.url, "ent_user")
    page.goto(f"{live_server.url}/directory/enterprises/{world.enterprise_a.pk}/edit/")
    assert page.locator("input[name=name]").count() == 0
    page.fill("input[name=address]", "上海市普陀区长寿路 100 号")
    page.click("form.stacked button.primary")  # not the log-out button of the top bar
    settle(page)
    assert page.url.endswith(f"/directory/enterprises/{world.enterprise_a.pk}/")
    assert "上海市普陀区长寿路 100 号" in page.content()
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.address == "上海市普陀区长寿路 100 号"
