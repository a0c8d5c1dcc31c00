"""The one tab bar of every app (core/_tabs.html): a list of tabs from a view or the {% tabs %} block of a
template renders the same markup (the current tab marked for screen readers, counts where given), and
every tab bar of the templates goes through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string

from kaopu.core.tabs import ALL, Tab, with_all

KAOPU = Path(__file__).resolve().parents[2]


def test_a_views_tabs_render_with_their_counts_and_the_current_one_marked():
    html = render_to_string("core/_tabs.html", {"tabs_label": "收件箱", "tabs_id": "inbox-tabs", "tabs": [
        Tab("待办", "?tab=todo", active=True, count=3, id="tab-todo"), Tab("全部", "?tab=all")]})
    assert html == ('<nav class="tabs" aria-label="收件箱" id="inbox-tabs">'
                    '<a href="?tab=todo" id="tab-todo" aria-current="page">待办 <span class="tab-count">3</span></a>'
                    '<a href="?tab=all">全部</a></nav>')


def test_a_count_of_zero_is_shown_and_none_is_not():
    html = render_to_string("core/_tabs.html", {"tabs": [Tab("a", "?a", count=0), Tab("b", "?b")]})
    assert '<a href="?a">a <span class="tab-count">0</span></a>' in html and '<a href="?b">b</a>' in html


def test_the_block_tag_renders_the_same_include():
    template = Template(
        '{% load tabs %}{% tabs "页面" current=here id="pages" %}'
        '{% tab "one" "第一" "/one/" count=n id="tab-one" %}\n  {% if show %}{% tab "two" "第二" "/two/" %}{% endif %}'
        '{% tab "all" all_label "/all/" %}{% endtabs %}')
    html = template.render(Context({"here": "two", "n": 5, "show": True}))
    assert html == render_to_string("core/_tabs.html", {"tabs_label": "页面", "tabs_id": "pages", "tabs": [
        Tab("第一", "/one/", count=5, id="tab-one"), Tab("第二", "/two/", active=True), Tab(ALL, "/all/")]})
    assert '<a href="/all/">全部</a>' in html


def test_a_tab_outside_the_block_is_an_error():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load tabs %}{% tab "a" "b" "/c/" %}').render(Context({}))


def test_all_reads_the_same_in_every_filter():
    assert str(ALL) == "全部"
    assert with_all([("1", "一")]) == [("", ALL), ("1", "一")]


def test_every_tab_bar_of_the_templates_is_the_one_component():
    """No template writes a tab bar of its own: nav elements other than the main menu and the pager are
    the include (the old per-app classes settings-tabs, dlg-tabs, legal-tabs are gone)."""
    offenders = []
    for path in KAOPU.glob("*/templates/**/*.html"):
        text = path.read_text()
        if re.search(r"settings-tabs|dlg-tabs|legal-tabs|inv-shortcuts", text):
            offenders.append(str(path.relative_to(KAOPU)))
        for nav in re.findall(r"<nav\b(?![^>]*class=\"breadcrumb\")[^>]*>", text):  # a breadcrumb is no tab bar
            if path.name not in {"_tabs.html", "base.html", "_pager.html", "public_calendar.html"}:
                offenders.append(f"{path.relative_to(KAOPU)}: {nav}")
    assert offenders == []
