"""A typed phone number becomes one canonical mainland mobile or landline number, or an error that
names the field and the rule; (hypothesis) whatever is typed, nothing else ever comes out."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.core.phones import CANONICAL, normalise_phone

LABEL = "联系电话"


@pytest.mark.parametrize(("typed", "stored"), [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("0086-13812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),  # full-width digits
    ("021-62345678", "021-62345678"),
    ("02162345678", "021-62345678"),
    ("(021) 6234 5678", "021-62345678"),
    ("（021）62345678", "021-62345678"),
    ("010-87654321", "010-87654321"),
    ("0571-8812345", "0571-8812345"),
    ("0571-88123456", "0571-88123456"),
    ("021-62345678转123", "021-62345678转123"),
    ("021-62345678-123", "021-62345678转123"),
    ("021 62345678 ext.88", "021-62345678转88"),
    ("021-62345678#9", "021-62345678转9"),
])
def test_typed_numbers_are_stored_in_one_form(typed: str, stored: str) -> None:
    assert normalise_phone(typed, LABEL) == stored


@pytest.mark.parametrize(("typed", "words"), [
    ("", "请填写电话号码"),
    ("   ", "请填写电话号码"),
    ("62345678", "区号"),  # a local number without its area code
    ("12812345678", "手机号"),  # no mobile number starts with 12
    ("1381234567", "手机号"),  # 10 digits
    ("138123456789", "手机号"),
    ("021-12345678", "手机号"),  # a local number never starts with 1
    ("4008123456", "手机号"),  # a service number is not a person's phone
    ("phone me", "手机号"),
    ("1" * 31, "最多 30 个字"),
    ("13812345678转1", "手机号"),  # a mobile number has no extension
])
def test_wrong_numbers_are_refused_naming_the_field_and_the_rule(typed: str, words: str) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        normalise_phone(typed, LABEL)
    message = refused.value.messages[0]
    assert message.startswith("联系电话：") and words in message


mobiles = st.builds(lambda second, rest: f"1{second}{rest}", st.sampled_from("3456789"),
                    st.text("0123456789", min_size=9, max_size=9))
short_landlines = st.builds(lambda area, first, rest: (f"0{area}", f"{first}{rest}"),
                            st.sampled_from(["10", *[f"2{d}" for d in range(10)]]), st.sampled_from("23456789"),
                            st.text("0123456789", min_size=7, max_size=7))
long_landlines = st.builds(lambda area, first, rest: (f"0{area}", f"{first}{rest}"),
                           st.integers(300, 999).map(str), st.sampled_from("23456789"),
                           st.text("0123456789", min_size=6, max_size=7))
separators = st.sampled_from(["", " ", "-", "  ", "－"])


@settings(max_examples=300, deadline=None)
@given(mobiles, separators, st.sampled_from(["", "+86", "+86 ", "0086", "86"]), st.booleans())
def test_any_mobile_number_typed_any_way_is_kept_whole(mobile: str, gap: str, prefix: str, wide: bool) -> None:
    typed = prefix + mobile[:3] + gap + mobile[3:7] + gap + mobile[7:]
    if wide:  # full-width digits, as a Chinese input method types them
        typed = typed.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert normalise_phone(typed, LABEL) == mobile


@settings(max_examples=300, deadline=None)
@given(st.one_of(short_landlines, long_landlines), separators, st.sampled_from(["", "转12", "-345", " ext 6"]),
       st.booleans())
def test_any_landline_keeps_its_area_code_local_number_and_extension(number: tuple[str, str], gap: str,
                                                                    extension: str, bracketed: bool) -> None:
    area, local = number
    typed = (f"({area})" if bracketed else area) + gap + local + extension
    digits = "".join(ch for ch in extension if ch.isdigit())
    assert normalise_phone(typed, LABEL) == f"{area}-{local}" + (f"转{digits}" if digits else "")


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_whatever_is_typed_comes_out_canonical_or_refused_and_stays_put(typed: str) -> None:
    try:
        stored = normalise_phone(typed, LABEL)
    except ValidationError as refused:
        assert refused.messages and refused.messages[0].startswith(LABEL)
        return
    assert CANONICAL.match(stored), stored
    assert normalise_phone(stored, LABEL) == stored  # idempotent: a stored number is accepted as it is


@settings(max_examples=200, deadline=None)
@given(st.text("0123456789 -+()转#", max_size=25))
def test_digit_soup_is_never_a_500(typed: str) -> None:
    try:
        stored = normalise_phone(typed, LABEL)
    except ValidationError:
        return
    assert CANONICAL.match(stored)
