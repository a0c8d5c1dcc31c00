"""One check for a mainland Chinese phone number typed by a person: a mobile or a landline.

``normalise_phone`` accepts what people type — full-width digits, spaces, dashes, brackets around the
area code, a +86/0086 prefix, an extension after 转/ext/#/- — and returns one canonical form that pages,
exports and masking (kaopu.core.masking.mask_phone) show the same way:

- a mobile number: its 11 digits, "13812345678" (1, then 3–9, then nine digits);
- a landline: area code, dash, local number, "021-62345678" (010 and 02x have 3-digit area codes and
  8-digit local numbers; the other area codes have 4 digits and 7- or 8-digit local numbers, which
  never start with 0 or 1), and an extension as "021-62345678转123" (1 to 6 digits).

A local number without its area code is refused: the person reading it may be in another city. Service
numbers (400/800) are not a person's phone and are refused too. The error message names the field (its
label is passed in) and the rule, in the language of the request.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 30  # the model fields that keep a phone (contact_phone) are this long
_NOISE = str.maketrans("", "", " \t-‐‑–—()（）.")
_EXTENSION = re.compile(r"^(?P<number>.+?)(?:(?:转|ext\.?|x|#|分机)(?P<ext>\d{1,6}))?$", re.IGNORECASE)
_MOBILE = re.compile(r"^(?:\+?86|0086)?(?P<mobile>1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(?:\+?86|0086)?(?:(?P<short>0(?:10|2\d))(?P<short_local>[2-9]\d{7})"
                       r"|(?P<long>0[3-9]\d{2})(?P<long_local>[2-9]\d{6,7}))$")
# A landline typed with a dash before its extension: "021-62345678-123" (the dash after the local number).
_DASHED_EXTENSION = re.compile(r"^(?P<head>.*\d{7,8})\s*[-‐‑–—]\s*(?P<ext>\d{1,6})$")
CANONICAL = re.compile(r"^(?:1[3-9]\d{9}|0(?:10|2\d)-[2-9]\d{7}|0[3-9]\d{2}-[2-9]\d{6,7})(?:转\d{1,6})?$")


def rule(label: Any) -> str:
    """What a valid phone number is, for a help text or an error: names the field ``label``."""
    return _("%(field)s: a mainland mobile number (11 digits starting with 13–19, such as 13812345678) or a "
             "landline number with its area code (such as 021-62345678).") % {"field": label}


def normalise_phone(value: Any, label: Any) -> str:
    """``value`` as a canonical mainland phone number (see the module's docstring), or ValidationError
    naming the field ``label`` and the rule. An empty value is refused: callers decide what is optional."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        raise ValidationError(_("%(field)s: please enter a phone number.") % {"field": label}, code="required")
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("%(field)s: at most %(max)d characters; this one has %(count)d.")
                              % {"field": label, "max": MAX_LENGTH, "count": len(text)}, code="max_length")
    extension = ""
    dashed = _DASHED_EXTENSION.match(text)
    if dashed and not _MOBILE.match(text.translate(_NOISE)) and not _LANDLINE.match(text.translate(_NOISE)):
        text, extension = dashed["head"], dashed["ext"]
    split = _EXTENSION.match(text.translate(_NOISE))
    digits = split["number"] if split else ""
    extension = extension or (split["ext"] or "" if split else "")
    mobile = _MOBILE.match(digits)
    if mobile and not extension:
        return mobile["mobile"]
    landline = _LANDLINE.match(digits)
    if landline:
        area, local = landline["short"] or landline["long"], landline["short_local"] or landline["long_local"]
        return f"{area}-{local}" + (f"转{extension}" if extension else "")
    if re.fullmatch(r"[2-9]\d{6,7}", digits):
        raise ValidationError(_("%(field)s: add the area code to the landline number (such as 021-62345678).")
                              % {"field": label}, code="area_code")
    raise ValidationError(rule(label), code="invalid")
