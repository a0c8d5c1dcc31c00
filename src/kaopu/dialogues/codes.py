"""Check-in codes: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), read
aloud or typed from a phone, and shown as a QR image. Typed codes are normalised before lookup."""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
# What a person may type around a code: spaces (also full-width), dashes and underscores.
_SEPARATORS = re.compile(r"[\s\-_\u3000\u2010-\u2015\uff0d]+")
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: object) -> str:
    """The code as stored, from what was typed or scanned: full-width characters made half-width
    (a Chinese keyboard), stripped, upper case, without spaces or dashes; "" when the input cannot be
    a code (callers say so)."""
    if not isinstance(text, str) or len(text) > 100:
        return ""
    code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).strip()).upper()
    return code if _VALID.match(code) else ""


def display(code: str) -> str:
    """ABCD-EFGH: easier to read aloud and to type."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code
