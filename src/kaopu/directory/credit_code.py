"""The Unified Social Credit Code (统一社会信用代码, GB 32100-2015).

Eighteen characters from the 31-character set 0-9 and A-Y without I, O, Z, S, V. The 18th is a
check character: each of the first 17 characters has the value of its position in the set, the
weights are 3^i mod 31, and the check value is 31 − (Σ value × weight mod 31), where 31 maps to 0.
Input is normalised first (full-width characters, lower case, spaces, hyphens, invisible characters);
anything else invalid is refused with a message that names the rule that failed.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


# Hyphens and dashes that people put between groups of the code ("91310107-MA1G…").
_DASHES = str.maketrans("", "", "-‐‑‒–—―")


def normalise(raw: str) -> str:
    """Full-width to half-width (NFKC), upper case; spaces, hyphens and invisible characters (zero-width
    spaces, byte-order marks: Unicode format characters, copied along from web pages) removed, so that a
    length counts the characters a person sees."""
    text = raw or ""
    if not text.isascii():  # ASCII is its own NFKC form and has no invisible characters
        text = unicodedata.normalize("NFKC", text)
        text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return "".join(text.split()).translate(_DASHES).upper()


def check_character(first17: str) -> str:
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(raw: str) -> str:
    """The normalised code, or ValidationError naming the rule that failed."""
    code = normalise(raw)
    if not code:
        raise ValidationError(_("The unified social credit code is required."), code="required")
    if len(code) != LENGTH:
        raise ValidationError(
            _("The unified social credit code must have 18 characters; this one has %(count)d."),
            code="length", params={"count": len(code)},
        )
    bad = [char for char in code if char not in VALUES]
    if bad:
        raise ValidationError(
            _("The unified social credit code may only contain digits and the letters A–Y without "
              "I, O, S, V, Z; “%(char)s” is not allowed."),
            code="charset", params={"char": bad[0]},
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character (the 18th) of this unified social credit code is wrong: the first "
              "17 characters call for “%(expected)s”. Please check the code for a typing mistake."),
            code="checksum", params={"expected": expected},
        )
    return code


def is_valid(raw: str) -> bool:
    try:
        validate(raw)
    except ValidationError:
        return False
    return True


def complete(first17: str) -> str:
    """A valid code from its first 17 characters (for demo and seed data)."""
    return first17 + check_character(first17)
