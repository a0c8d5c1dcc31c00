"""The picker widgets (kaopu.core.widgets) and the JSON look-up view they ask (kaopu.core.lookups):
plain fields in the markup that picker.js enhances, the library vendored with its licence, and a
look-up that answers only the roles it names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from kaopu.accounts.roles import Role
from kaopu.core import collation
from kaopu.core.lookups import LOOKUP_LIMIT, Choice, lookup_view, normalise_query
from kaopu.core.tests.test_no_external_assets import CSS_IMPORT
from kaopu.core.widgets import PICKER_MEDIA, PickerSelect, PickerSelectMultiple, RemotePicker

CHOICES = [("", "请选择"), ("1", "区财政局"), ("2", "区公安分局")]


def test_a_picker_select_is_a_plain_select_with_data_attributes() -> None:
    html = PickerSelect(choices=CHOICES, placeholder="请选择部门").render("lead", "2")
    assert html.startswith('<select name="lead" data-picker="select"')
    assert 'data-placeholder="请选择部门"' in html and "data-picker-no-results=" in html
    assert '<option value="2" selected>区公安分局</option>' in html  # works without JavaScript
    assert "data-search" not in html


def test_a_picker_select_adds_search_words_to_its_options() -> None:
    html = PickerSelect(choices=CHOICES, search_text=collation.search_text).render("lead", "")
    assert '<option value="1" data-search="qucaizhengju qczj">区财政局</option>' in html
    assert '<option value="" selected>请选择</option>' in html  # the placeholder option has no search words


def test_a_multiple_picker_is_a_multiple_select() -> None:
    html = PickerSelectMultiple(choices=CHOICES[1:]).render("co", ["1", "2"])
    assert re.match(r'<select name="co" data-picker="multiple"[^>]* multiple>', html), html
    assert html.count(" selected>") == 2


def test_a_remote_picker_is_a_text_field_that_names_its_lookup() -> None:
    widget = RemotePicker("/lookup/things/", placeholder="输入名称", min_chars=2)
    html = widget.render("thing", "")
    assert re.match(r'<input type="text" name="thing" data-picker="remote" data-picker-url="/lookup/things/" '
                    r'data-picker-min-chars="2" autocomplete="off"', html), html
    assert 'placeholder="输入名称"' in html and "data-picker-label" not in html
    widget.label = "区财政局"
    assert 'value="7"' in widget.render("thing", "7") and 'data-picker-label="区财政局"' in widget.render("thing", "7")
    assert "data-picker-label" not in widget.render("thing", "")  # a label without a value is not shown


def test_the_url_of_a_remote_picker_may_be_computed_when_rendered() -> None:
    assert 'data-picker-url="/later/"' in RemotePicker(lambda: "/later/").render("x", "")


def test_the_widget_label_belongs_to_one_form_only() -> None:
    class PickForm(forms.Form):
        thing = forms.CharField(widget=RemotePicker("/lookup/"))

    first, second = PickForm(), PickForm()
    first.fields["thing"].widget.label = "甲"
    assert second.fields["thing"].widget.label == ""


def test_every_picker_brings_the_library_and_the_script_deferred() -> None:
    html = str(forms.Form().media + PickerSelect().media + RemotePicker("/x/").media + PickerSelectMultiple().media)
    assert html.count("<script") == 2 and html.count(" defer") == 2
    assert html.index("tom-select.popular.min.js") < html.index("kaopu/picker.js")
    assert html.index("tom-select.min.css") < html.index("kaopu/picker.css")


def test_the_vendored_library_is_pinned_licensed_and_local() -> None:
    for path in PICKER_MEDIA._js + PICKER_MEDIA._css["all"]:
        found = finders.find(getattr(path, "_path", path))
        assert found is not None, path
    folder = Path(finders.find("kaopu/vendor/tom-select-2.6.2/tom-select.popular.min.js")).parent
    assert "Apache License" in (folder / "LICENSE").read_text()
    library = (folder / "tom-select.popular.min.js").read_text()
    assert library.startswith("/**\n* Tom Select v2.6.2")
    assert "sourceMappingURL" not in library  # the maps are not shipped (see README.md there)
    assert CSS_IMPORT.findall((folder / "tom-select.min.css").read_text()) == []


# --- the look-up view --------------------------------------------------------------------------------

@lookup_view(Role.FIC_STAFF)
def _numbers(request, query: str, limit: int) -> list[Choice]:  # type: ignore[no-untyped-def]
    return [Choice(value=str(n), text=f"{query}{n}") for n in range(limit + 10)]


def _get(user, q: str = "x", method: str = "get"):  # type: ignore[no-untyped-def]
    request = getattr(RequestFactory(), method)("/lookup/", {"q": q})
    request.user = user
    return _numbers(request)


def test_the_lookup_answers_at_most_the_limit_as_json(world) -> None:  # type: ignore[no-untyped-def]
    response = _get(world.users["staff"], "区")
    assert response.status_code == 200
    rows = json.loads(response.content)["results"]
    assert len(rows) == LOOKUP_LIMIT
    assert rows[0] == {"value": "0", "text": "区0", "hint": ""}


@pytest.mark.parametrize("persona", ["ent_user", "handler", "leader", "sysadmin"])
def test_the_lookup_refuses_other_roles_with_403(world, persona) -> None:  # type: ignore[no-untyped-def]
    response = _get(world.users[persona])
    assert response.status_code == 403
    assert b"results" not in response.content


def test_the_lookup_refuses_nobody_and_a_post(world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    assert _get(AnonymousUser()).status_code == 403
    assert _get(world.users["staff"], method="post").status_code == 405


@pytest.mark.parametrize(("raw", "query"), [
    ("  上海  甲 ", "上海 甲"), ("９１３１", "9131"), ("ＡＢＣ", "ABC"), (None, ""), ("科" * 300, "科" * 100),
])
def test_the_query_is_normalised(raw: str | None, query: str) -> None:
    assert normalise_query(raw) == query
