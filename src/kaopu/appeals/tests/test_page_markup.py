"""Markup the stylesheet relies on: the board and attachment lists carry no inline styles (their rules
are in kaopu.css), and the department inbox's filters put each check box beside its words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from kaopu.appeals.models import Appeal, Attachment

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "core" / "static" / "kaopu" / "kaopu.css"


def test_the_board_page_has_no_inline_style_and_its_rules_are_in_the_stylesheet(world, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/board/").content.decode()
    assert 'class="board-filter-fields"' in page
    assert "style=" not in page
    css = CSS.read_text()
    assert "/* Public board and attachments */" in css
    assert ".board-filter-fields {" in css and "ul.attachments {" in css


def test_the_attachment_list_has_no_inline_style(world, ent_user, submit) -> None:  # type: ignore[no-untyped-def]
    appeal: Appeal = submit()
    file = Attachment(pk=1, appeal=appeal, name="说明.pdf", size=2048, uploaded_by=ent_user, is_public=True)
    html = render_to_string("appeals/_attachments.html", {"files": [file], "only_public": True})
    assert '<ul class="attachments">' in html and "说明.pdf" in html
    assert "style=" not in html


def test_the_inbox_check_boxes_come_before_their_own_labels(world, login, handler) -> None:  # type: ignore[no-untyped-def]
    page = login(handler).get(reverse("appeals:inbox")).content.decode()
    start = page.index('<form method="get" class="filters inbox-filters"')
    form = page[start:page.index("</form>", start)]
    for name in ("due_soon",):  # overdue is a tab of the inbox now
        assert re.search(rf'<div class="filter-check"><input type="checkbox" name="{name}"[^>]*>'
                         rf'<label for="id_{name}">[^<]+</label></div>', form), name
    assert 'id="filter-toggle"' in form and 'class="filter-more"' in form
    assert " checked" not in form.split('id="filter-toggle"')[1].split(">")[0]


def test_the_other_filters_stay_open_when_one_is_used(world, login, handler) -> None:  # type: ignore[no-untyped-def]
    page = login(handler).get(reverse("appeals:inbox") + "?due_soon=on").content.decode()
    assert re.search(r'id="filter-toggle" class="filter-toggle" checked', page)
