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


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """new_page(viewport=DESKTOP, **context_options): a page in a fresh context (its own cookies)."""
    contexts = []

    def make(viewport: dict[str, int] | None = None, **options: Any):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True,
                                      locale="zh-CN", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


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

