"""kaopu.core.inputs: the text reader refuses with the action module's own error, naming the field and the
rule in Chinese, and returns the stripped text otherwise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs


class SomeError(ActionRefused):
    pass


read = Inputs(SomeError)


@pytest.mark.parametrize(("value", "required", "message"), [
    (12, False, "标题：请填写文字。"),
    ("a\x00b", False, "标题：含有文字中不允许出现的字符。"),
    ("   ", True, "标题：此项必填。"),
    ("长" * 11, False, "标题：最多 10 个字（现为 11 个）。"),
])
def test_bad_text_is_refused_naming_the_field_and_the_rule(value, required, message):  # type: ignore[no-untyped-def]
    with pytest.raises(SomeError) as refused:
        read.text(value, "title", "标题", 10, required=required)
    assert refused.value.field == "title" and refused.value.message == message


@given(st.text(max_size=30).filter(lambda t: "\x00" not in t))
def test_text_within_the_limit_comes_back_stripped(text: str) -> None:
    if len(text.strip()) <= 10:
        assert read.text(text, "title", "标题", 10) == text.strip()
    else:
        with pytest.raises(SomeError):
            read.text(text, "title", "标题", 10)
