"""Every form's labels (settings.FORM_RENDERER): "：" after a label in Chinese, ":" in English, nothing
after a checkbox or a label that ends in punctuation, and a form's own label_suffix kept."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation


class Sample(forms.Form):
    title = forms.CharField(label="Title")
    secret = forms.BooleanField(label="Confidential", required=False)
    question = forms.CharField(label="Why?")
    chinese_question = forms.CharField(label="为什么？")
    choices = forms.MultipleChoiceField(label="Departments", choices=[("1", "a")],
                                        widget=forms.CheckboxSelectMultiple)


def test_chinese_labels_end_in_a_full_width_colon_and_checkboxes_in_nothing() -> None:
    with translation.override("zh-hans"):
        form = Sample()
        assert form["title"].label_tag() == '<label for="id_title">Title：</label>'
        assert form["secret"].label_tag() == '<label for="id_secret">Confidential</label>'
        assert form["choices"].label_tag() == "<label>Departments：</label>"
        assert form["chinese_question"].label_tag() == '<label for="id_chinese_question">为什么？</label>'


def test_english_labels_end_in_a_colon_and_checkboxes_in_nothing() -> None:
    with translation.override("en"):
        form = Sample()
        assert form["title"].label_tag() == '<label for="id_title">Title:</label>'
        assert form["secret"].label_tag() == '<label for="id_secret">Confidential</label>'
        assert form["question"].label_tag() == '<label for="id_question">Why?</label>'


def test_a_form_or_a_call_that_chooses_its_suffix_keeps_it() -> None:
    with translation.override("zh-hans"):
        assert Sample(label_suffix="")["title"].label_tag() == '<label for="id_title">Title</label>'
        assert Sample(label_suffix=" →")["title"].label_tag() == '<label for="id_title">Title →</label>'
        assert Sample()["title"].label_tag(label_suffix="!") == '<label for="id_title">Title!</label>'


@pytest.mark.django_db
def test_a_real_page_has_no_ascii_colon_after_its_labels(world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["staff"]).get(reverse("appeals:staff_new")).content.decode()
    assert '<label for="id_title">标题：</label>' in page
    assert '<label for="id_is_confidential">保密</label>' in page
    assert ":</label>" not in page
