"""The unified social credit code validator (GB 32100-2015): every valid code passes, every typo fails."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kaopu.directory import credit_code

# Written out here rather than imported, so that a wrong constant in the module fails these tests.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]

# Codes published by the enterprises themselves (a commonly cited example, Baidu, Tencent).
REAL_CODES = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]

bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def independent_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def error_code(raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        credit_code.validate(raw)
    return caught.value.code


def test_weights_are_the_powers_of_three_modulo_31():
    assert list(credit_code.WEIGHTS) == WEIGHTS
    assert credit_code.ALPHABET == ALPHABET


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass_the_check_formula(code):
    assert independent_check_character(code[:17]) == code[17]
    assert credit_code.validate(code) == code


@given(bodies)
def test_every_completed_code_is_valid(body):
    code = credit_code.complete(body)
    assert code[17] == independent_check_character(body)
    assert credit_code.validate(code) == code


@given(bodies, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_changing_any_character_to_another_of_the_alphabet_fails_the_checksum(body, position, replacement):
    code = credit_code.complete(body)
    if code[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    typo = code[:position] + replacement + code[position + 1:]
    # Weights are non-zero modulo the prime 31, so a single substitution always changes the check value.
    assert error_code(typo) == "checksum"


@given(bodies, st.integers(0, 17), st.sampled_from("IOSVZ_.#/中"))
def test_a_character_outside_the_alphabet_fails_the_charset_rule(body, position, replacement):
    code = credit_code.complete(body)
    typo = code[:position] + replacement + code[position + 1:]
    assert error_code(typo) == "charset"


@given(bodies, st.lists(st.tuples(st.integers(0, 18), st.sampled_from(["-", "－", " ", "\u200b", "\ufeff", "\u2060",
                                                                   "\u00ad", "—"])), max_size=4))
def test_hyphens_spaces_and_invisible_characters_are_dropped(body, insertions):
    code = credit_code.complete(body)
    typed = code
    for position, char in insertions:
        typed = typed[:position] + char + typed[position:]
    assert credit_code.validate(typed) == code


def test_the_length_counts_the_characters_a_person_sees():
    with pytest.raises(ValidationError) as refused:
        credit_code.validate("\ufeff91310107MA1G00000\u200b")  # 17 visible characters
    assert refused.value.params == {"count": 17}


@given(bodies)
def test_lower_case_input_is_normalised_and_passes(body):
    code = credit_code.complete(body)
    assert credit_code.validate(code.lower()) == code


@given(bodies)
def test_full_width_input_with_spaces_is_normalised_and_passes(body):
    code = credit_code.complete(body)
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in code)
    assert credit_code.validate(f"　{full_width[:6]} {full_width[6:]}　") == code


@given(bodies, st.integers(0, 17))
def test_a_missing_or_extra_character_fails_the_length_rule(body, position):
    code = credit_code.complete(body)
    assert error_code(code[:position] + code[position + 1:]) == "length"
    assert error_code(code[:position] + "0" + code[position:]) == "length"


def test_empty_input_is_required():
    assert error_code("   ") == "required"


def test_messages_name_the_rule_that_failed():
    with translation.override("en"):
        with pytest.raises(ValidationError) as length:
            credit_code.validate("9131")
        assert "18 characters" in length.value.messages[0]
        assert "has 4" in length.value.messages[0]

        with pytest.raises(ValidationError) as charset:
            credit_code.validate("91350100M000100YO3")
        assert "“O” is not allowed" in charset.value.messages[0]

        with pytest.raises(ValidationError) as checksum:
            credit_code.validate("91350100M000100Y44")
        assert "check character" in checksum.value.messages[0]
        assert "“3”" in checksum.value.messages[0]


def test_is_valid_answers_without_raising():
    assert credit_code.is_valid("91350100m000100y43")
    assert not credit_code.is_valid("91350100M000100Y44")
