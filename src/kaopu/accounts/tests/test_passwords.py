"""Password policy: Argon2 in production, at least 10 characters, three of four character classes."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kaopu.accounts.passwords import ComplexityValidator


def test_argon2_is_the_production_hasher():
    production = importlib.import_module("kaopu.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # The test suite hashes with MD5 for speed (src/conftest.py); production must never list it.
    assert not any("MD5" in hasher for hasher in production.PASSWORD_HASHERS)


def test_argon2_hashes_and_checks_a_password(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password("Kaopu-2026-strong")
    assert encoded.startswith("argon2$")
    assert check_password("Kaopu-2026-strong", encoded)
    assert not check_password("Kaopu-2026-Strong", encoded)


def errors(password: str, user=None) -> set[str]:  # type: ignore[no-untyped-def]
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.parametrize("password", ["Kaopu-2026", "kaopu2026!x", "KAOPU2026!X", "Kaopu2026xy", "Zx!q$w&e#rTY"])
def test_strong_passwords_pass(db, password):
    assert errors(password) == set()


@pytest.mark.parametrize(("password", "code"), [
    ("Kp-2026x", "password_too_short"),          # three classes, but only 8 characters
    ("Kp-20261", "password_too_short"),
    ("kaopuplatformx", "password_too_simple"),    # one class
    ("kaopu2026abc", "password_too_simple"),      # two classes
    ("KAOPU-PLATFORM", "password_too_simple"),
    ("1234567890123", "password_too_simple"),
])
def test_weak_passwords_are_refused_naming_the_rule(db, password, code):
    assert code in errors(password)


def test_a_password_like_the_user_name_is_refused(db, staff):
    staff.username = "zhangweiming"
    assert "password_too_similar" in errors("Zhangweiming1", staff)


classes = {
    "lower": st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    "upper": st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "digit": st.sampled_from("0123456789"),
    "symbol": st.sampled_from("!@#$%^&*-_=+.,;:"),
}


@given(st.sets(st.sampled_from(sorted(classes)), min_size=1, max_size=4).flatmap(
    lambda chosen: st.tuples(st.just(chosen), st.lists(st.one_of(*[classes[c] for c in chosen]), min_size=12,
                                                        max_size=20))))
def test_complexity_needs_three_of_four_classes(case):
    _chosen, chars = case
    password = "".join(chars)
    used = sum([any(c.islower() for c in password), any(c.isupper() for c in password),
                any(c.isdigit() for c in password), any(not c.isalnum() for c in password)])
    validator = ComplexityValidator()
    if used >= 3:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError) as caught:
            validator.validate(password)
        assert caught.value.code == "password_too_simple"
