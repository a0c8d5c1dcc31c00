"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: the tests use /usr/bin/chromium and are skipped when it is missing.
Run them with ``pytest -m browser tests/e2e``; screenshots go to test-results/ (gitignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, RESULTS

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation of a page to the test (the script is injected by the
# browser itself, so the page's policy does not apply to it).
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.kaopuCspViolation({directive: event.violatedDirective, blocked: event.blockedURI,
                            source: event.sourceFile, line: event.lineNumber, sample: event.sample,
                            page: document.location.href});
});
"""


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """new_page(viewport=DESKTOP, **context_options): a page in a fresh context (its own cookies).

    Every page of every context is watched: a Content-Security-Policy violation, an uncaught script
    error or an error on the console (other than a failed load, which pages answering 404 cause on
    purpose) fails the test when it ends.
    """
    contexts = []
    problems: list[str] = []

    def watch(page: Any) -> None:
        page.on("pageerror", lambda error: problems.append(f"script error on {page.url}: {error}"))
        page.on("console", lambda message: problems.append(f"console {message.type} on {page.url}: {message.text}")
                if message.type == "error" and not message.text.startswith("Failed to load resource") else None)

    def make(viewport: dict[str, int] | None = None, **options: Any):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True,
                                      locale="zh-CN", **options)
        context.set_default_timeout(15_000)
        context.expose_binding("kaopuCspViolation", lambda _source, report: problems.append(
            f"Content-Security-Policy violation: {report}"))
        context.add_init_script(_REPORT_VIOLATIONS)
        context.on("page", watch)
        contexts.append(context)
        return context.new_page()

    make.problems = problems  # type: ignore[attr-defined]
    yield make
    for context in contexts:
        for page in context.pages:
            page.wait_for_timeout(50)  # lets the last page's reports arrive
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def flushable_audit_log(transactional_db) -> Iterator[None]:
    """Lets the flush that ends a transactional test empty the audit log on SQLite.

    The append-only triggers refuse DELETE, and Django empties tables with DELETE on SQLite
    (PostgreSQL's TRUNCATE fires no row trigger). The triggers are dropped after the test, before the
    flush, and put back at the start of the next test that uses this fixture.
    """
    from django.db import connection

    from kaopu.audit.tests.tampering import SQLITE_TRIGGERS

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in SQLITE_TRIGGERS.values():
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


@pytest.fixture
def world(transactional_db, flushable_audit_log, settings):  # type: ignore[no-untyped-def]
    """The personas of kaopu.core.testing, in a database the live server's thread can see."""
    from kaopu.core.testing import build_world
    from kaopu.directory.selectors import forget_reference

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    forget_reference()
    yield build_world()
    forget_reference()


@pytest.fixture
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS

