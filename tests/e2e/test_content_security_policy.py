"""Pages, the admin, the API docs and an error page run in Chromium under the Content-Security-Policy
with no violation (the new_page fixture fails a test on any), and the behaviour that kaopu.js gives
data attributes works: submit on change, confirm, tick all, print."""

from __future__ import annotations

import pytest
from e2e_helpers import log_in, settle

pytestmark = pytest.mark.browser

STAFF_PAGES = ["/appeals/triage/", "/appeals/new/", "/appeals/measures/", "/directory/enterprises/",
               "/directory/imports/", "/dialogues/", "/finance/", "/legal/", "/notifications/", "/no-such-page/"]


def _visit(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    settle(page)


def test_staff_pages_and_the_api_docs_run_without_a_violation(world, live_server, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    log_in(page, live_server.url, "staff")
    for path in STAFF_PAGES:
        _visit(page, live_server.url + path)
    _visit(page, live_server.url + "/api/v1/docs")
    page.wait_for_selector("#swagger-ui .info .title")  # Swagger UI drew the document
    page.get_by_role("button", name="Authorize").wait_for()
    assert new_page.problems == []


def test_admin_pages_run_without_a_violation(world, live_server, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    log_in(page, live_server.url, "sysadmin")
    for path in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/directory/district/"):
        _visit(page, live_server.url + path)
    assert new_page.problems == []


def test_the_watch_reports_a_violation_and_a_script_error(world, live_server, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    _visit(page, live_server.url + "/accounts/login/")
    page.evaluate("""document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.ran = 1">');""")
    page.evaluate("setTimeout(function () { throw new Error('a bug in a page script'); }, 0)")
    page.wait_for_timeout(300)

    assert page.evaluate("window.ran") is None  # the handler did not run
    assert any("script-src" in problem for problem in new_page.problems), new_page.problems
    assert any("a bug in a page script" in problem for problem in new_page.problems), new_page.problems
    new_page.problems.clear()  # this test's violation and error were made on purpose


def test_data_attributes_do_what_the_inline_handlers_did(world, live_server, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    log_in(page, live_server.url, "staff")
    _visit(page, live_server.url + "/directory/enterprises/")

    # data-autosubmit: the language switch submits its form when changed.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.evaluate("document.documentElement.lang") == "en"

    # data-confirm: a refused question keeps the form from being sent; an accepted one sends it.
    page.evaluate("""document.querySelector('main').insertAdjacentHTML('beforeend',
        '<form id="f" action="/directory/enterprises/" data-confirm="Sure?"><input name="q" value="x">' +
        '<button id="go">go</button></form>' +
        '<input type="checkbox" id="all" data-check-all=".box"><input type="checkbox" class="box">' +
        '<input type="checkbox" class="box"><button type="button" id="print" data-print>print</button>');
        window.print = function () { window.printed = true; };""")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#go")
    page.wait_for_timeout(200)
    assert "q=x" not in page.url

    # data-check-all ticks and clears the boxes it names; data-print prints.
    page.click("#all")
    assert page.evaluate("[...document.querySelectorAll('.box')].every(b => b.checked)")
    page.click("#all")
    assert page.evaluate("[...document.querySelectorAll('.box')].every(b => !b.checked)")
    page.click("#print")
    assert page.evaluate("window.printed") is True

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#go")
    assert "q=x" in page.url
    assert new_page.problems == []
