"""Fixtures shared by every test: the personas of kaopu.core.testing, and fast password hashing."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

from kaopu.core.testing import PASSWORD, World, build_world, local_moment

# The property-based tests try 100 inputs each (hypothesis' default). The any-day runs (Makefile
# test-any-day: the suite under a shifted clock) check that no test depends on the day, not the variety of
# inputs, which the main runs have checked: they try 20 (HYPOTHESIS_PROFILE=any-day), to keep CI under its
# time budget.
hypothesis_settings.register_profile("any-day", max_examples=20)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROLES = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "chamber_officer",
         "bank_officer", "lawyer", "sysadmin", "secadmin", "auditadmin"]


@pytest.fixture(autouse=True)
def _fast_hashing_and_fresh_reference(settings):  # type: ignore[no-untyped-def]
    # Argon2 is the production hasher (test_passwords checks it); tests hash with MD5 to stay fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from kaopu.core import workdays
    from kaopu.directory.selectors import forget_reference

    forget_reference()
    workdays.forget()
    yield
    forget_reference()
    workdays.forget()


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Every test starts with an empty cache (the public site's frame and lists, throttles): what one test
    cached must not change another's pages or its query counts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _postgres_only(request):  # type: ignore[no-untyped-def]
    """Tests marked ``postgres_only`` (real row locks across connections, COPY) are skipped on SQLite,
    which serialises writers anyway."""
    if request.node.get_closest_marker("postgres_only") is not None:
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (row locks across connections); SQLite serialises writers")


@pytest.fixture(autouse=True)
def _site_language():  # type: ignore[no-untyped-def]
    """Every test starts in the site's language (Chinese). A request with Accept-Language: en leaves
    English active in the thread (LocaleMiddleware does not switch back), which would otherwise leak
    into the next test of the same worker."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def password() -> str:
    return PASSWORD


def _persona(name: str):  # type: ignore[no-untyped-def]
    @pytest.fixture(name=name)
    def fixture(world: World):  # type: ignore[no-untyped-def]
        return world.users[name]

    return fixture


for _name in ROLES:
    globals()[_name] = _persona(_name)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """login(user): the test client, logged in as ``user`` (no password round trip)."""

    def do(user):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="kaopu.accounts.backends.UserBackend")
        return client

    return do


@pytest.fixture
def pin_clock(time_machine):  # type: ignore[no-untyped-def]
    """pin_clock(day_or_moment, hour=10): the process's clock at that Asia/Shanghai moment, ticking on
    from there (time-machine), for a test about dates. Call it again to move the clock."""

    def pin(day, hour: int = 10, minute: int = 0):  # type: ignore[no-untyped-def]
        moment = local_moment(day, hour, minute)
        time_machine.move_to(moment, tick=True)
        return moment

    return pin


@pytest.fixture
def library_until(monkeypatch):  # type: ignore[no-untyped-def]
    """library_until(year): the holiday library knows no year after ``year``, whichever version of
    chinese_calendar is installed, so that a test of a year nobody entered keeps meaning it."""
    from kaopu.core import workdays

    def cap(year: int) -> None:
        known = workdays.library_years()
        monkeypatch.setattr(workdays, "library_years", lambda: range(known.start, min(known.stop, year + 1)))
        workdays.forget()

    return cap
