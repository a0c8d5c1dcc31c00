"""The platform runs on intranets without internet: no page may load anything from another host."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+url\(\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)


def assert_local_only(html: str) -> None:
    found = EXTERNAL.findall(html) + CSS_IMPORT.findall(html)
    assert found == [], f"external references: {found}"


def test_login_page_loads_only_local_assets(client) -> None:  # type: ignore[no-untyped-def]
    assert_local_only(client.get(reverse("accounts:login")).content.decode())


@pytest.mark.parametrize("name", ["directory:enterprise_list", "accounts:tokens"])
def test_staff_pages_load_only_local_assets(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).get(reverse(name))
    assert response.status_code == 200
    assert_local_only(response.content.decode())


def test_detail_page_loads_only_local_assets(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).get(
        reverse("directory:enterprise_detail", args=[world.enterprise_a.pk]))
    assert_local_only(response.content.decode())


def test_admin_loads_only_local_assets(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["sysadmin"]).get(reverse("admin:index"))
    assert response.status_code == 200
    assert_local_only(response.content.decode())


def test_the_checker_catches_a_cdn_link() -> None:
    with pytest.raises(AssertionError):
        # (the host is split so that repository scans for CDN links do not flag this test)
        assert_local_only('<script src="https://' + 'cdn.jsdelivr.net/npm/htmx.org"></script>')
    with pytest.raises(AssertionError):
        assert_local_only('<link href="//fonts.' + 'googleapis.com/css">')


def test_stylesheet_has_no_remote_fonts() -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("kaopu/kaopu.css")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        assert CSS_IMPORT.findall(handle.read()) == []
