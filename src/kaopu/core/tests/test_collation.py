"""Chinese names in pinyin order (kaopu.core.collation): words read as words, the same order whatever the
database, and a process that finds the keys in the shared cache never loads pypinyin's dictionary."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from kaopu.core import collation


@pytest.fixture(autouse=True)
def _fresh_keys():  # type: ignore[no-untyped-def]
    collation._known.clear()
    cache.clear()
    yield
    collation._known.clear()


def test_departments_sort_by_pinyin_not_by_code_point() -> None:
    names = ["区市场监管局", "万里街道", "区公安分局", "区财政局", "长征镇", "区人社局"]
    assert sorted(names) == ["万里街道", "区人社局", "区公安分局", "区市场监管局", "区财政局", "长征镇"]
    assert collation.sorted_by_pinyin(names) == [
        "长征镇", "区财政局", "区公安分局", "区人社局", "区市场监管局", "万里街道"]


@pytest.mark.parametrize(("name", "reading"), [
    ("长征镇", "changzhengzhen"), ("长寿路街道", "changshoulujiedao"),
    ("区银行业协会", "quyinhangyexiehui"), ("区住房保障房屋管理局", "quzhufangbaozhangfangwuguanliju"),
])
def test_a_character_with_two_readings_is_read_in_its_word(name: str, reading: str) -> None:
    assert collation.search_text(name).split()[0] == reading


def test_the_search_text_has_the_full_pinyin_and_the_initials() -> None:
    assert collation.search_text("区财政局") == "qucaizhengju qczj"


def test_same_pinyin_sorts_by_tone_then_by_the_characters() -> None:
    assert collation.sorted_by_pinyin(["市局", "石局", "十局"]) == ["十局", "石局", "市局"]  # shí, shí, shì


def test_latin_letters_and_digits_sort_with_the_pinyin() -> None:
    assert collation.sorted_by_pinyin(["区B办", "区a办", "区1办"]) == ["区1办", "区a办", "区B办"]


def test_keys_found_in_the_shared_cache_are_not_computed_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = collation.sorted_by_pinyin(["区税务局", "区财政局"])
    collation._known.clear()  # another process: nothing in memory, the keys in the cache

    def must_not_compute(text: str) -> None:
        raise AssertionError(f"computed {text} again")
    monkeypatch.setattr(collation, "_compute", must_not_compute)
    assert collation.sorted_by_pinyin(["区税务局", "区财政局"]) == first


@given(st.lists(st.text(alphabet="区财政局公安分长征镇银行万里a1 ", min_size=1, max_size=6), max_size=8))
def test_the_order_is_total_and_stable(names: list[str]) -> None:
    once = collation.sorted_by_pinyin(names)
    assert sorted(once) == sorted(names)
    assert collation.sorted_by_pinyin(list(reversed(names))) == once
