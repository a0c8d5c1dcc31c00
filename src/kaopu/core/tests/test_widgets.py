"""FastSelect renders the same choices as Django's Select, escaped, with the current value selected."""

from __future__ import annotations

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from kaopu.core.widgets import FastSelect

CHOICES = [("", "全部"), ("A", "农、林、牧、渔业"), ("组", [("01", "农业"), ("02", "<林业>")])]


def test_selected_value_and_optgroups_render() -> None:
    html = FastSelect(choices=CHOICES).render("industry", "02", attrs={"id": "id_industry"})
    assert html.startswith('<select id="id_industry" name="industry">')
    assert '<optgroup label="组">' in html
    assert '<option value="02" selected>&lt;林业&gt;</option>' in html
    assert '<option value="01">农业</option>' in html
    assert html.count(" selected") == 1


def test_no_value_selects_nothing_but_the_empty_option_stays_first() -> None:
    html = FastSelect(choices=CHOICES).render("industry", None)
    assert " selected" not in html
    assert html.index('value=""') < html.index('value="A"')


@given(st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=12)), min_size=1, max_size=6,
                unique_by=lambda pair: pair[0]))
def test_same_options_as_django_select(choices) -> None:  # type: ignore[no-untyped-def]
    value = choices[0][0]
    fast = FastSelect(choices=choices).render("f", value)
    plain = forms.Select(choices=choices).render("f", value)
    # Django's widget templates add whitespace and newlines; the options and their order are the same.
    normalise = lambda html: "".join(html.split()).replace('selected=""', "selected")  # noqa: E731
    assert normalise(fast) == normalise(plain)
