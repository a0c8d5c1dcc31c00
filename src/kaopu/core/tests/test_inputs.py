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


def test_a_day_is_read_from_a_date_a_moment_or_text_written_loosely() -> None:
    from datetime import UTC, date, datetime

    assert read.day(date(2026, 3, 5), "on", "日期") == date(2026, 3, 5)
    assert read.day(datetime(2026, 3, 5, 9, 30, tzinfo=UTC), "on", "日期") == date(2026, 3, 5)
    assert read.day(" ２０２６-０３-０５ ", "on", "日期") == date(2026, 3, 5)  # full-width digits
    assert read.day("", "on", "日期", required=False) is None


@pytest.mark.parametrize(("value", "message"), [
    ("", "日期：此项必填。"), ("2026-02-30", "日期：请按 YYYY-MM-DD 格式填写日期。"),
    ("明天", "日期：请按 YYYY-MM-DD 格式填写日期。"), (20260305, "日期：请按 YYYY-MM-DD 格式填写日期。"),
])
def test_a_bad_day_is_refused_naming_the_field(value, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SomeError) as refused:
        read.day(value, "on", "日期")
    assert refused.value.field == "on" and refused.value.message == message
