"""The platform's icons need no emoji or symbol font: the favicon is an SVG served by the platform
itself, and the topbar's bell and menu are inline SVG drawn in the text's colour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from kaopu.notifications.models import Notification

# Emoji (pictographs, the emoji variation selector) and the miscellaneous symbols, whose glyphs come
# from an emoji or symbol font that an intranet PC may lack.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u26FF\uFE0F]")


def test_the_favicon_is_served_by_the_platform(client) -> None:  # type: ignore[no-untyped-def]
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301
    icon = client.get(redirect["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert b"".join(icon.streaming_content).startswith(b"<svg")


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/no-such-page/"])
def test_every_frame_links_the_favicon(client, url) -> None:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    assert re.search(r'<link rel="icon" href="/static/kaopu/favicon\.svg" type="image/svg\+xml">', html)


def test_the_lockout_page_is_chinese_in_the_platforms_frame(client, staff) -> None:  # type: ignore[no-untyped-def]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong-1A-password"})
    html = response.content.decode()
    assert "账号已锁定" in html and "kaopu/kaopu.css" in html and 'rel="icon"' in html
    assert "Account locked" not in html


def test_the_bell_is_an_svg_icon_with_its_label_and_count(login, handler) -> None:  # type: ignore[no-untyped-def]
    client = login(handler)
    page = client.get(reverse("notifications:list")).content.decode()
    bell = re.search(r'<a class="bell"[^>]*aria-label="消息通知"[^>]*>(.*?)</a>', page, re.S)
    assert bell is not None
    assert bell.group(1).startswith('<svg class="icon"') and 'stroke="currentColor"' in bell.group(1)
    assert 'aria-hidden="true"' in bell.group(1)
    Notification.objects.create(user=handler, kind="test", title="一条通知")
    content = client.get(reverse("notifications:bell")).content.decode()
    assert content.startswith('<svg class="icon"') and ">1</span>" in content


def test_no_template_draws_an_icon_with_an_emoji() -> None:
    found = {str(path.relative_to(settings.PACKAGE_DIR)): EMOJI.findall(path.read_text(encoding="utf-8"))
             for path in Path(settings.PACKAGE_DIR).glob("*/templates/**/*.*")}
    assert {path: chars for path, chars in found.items() if chars} == {}
