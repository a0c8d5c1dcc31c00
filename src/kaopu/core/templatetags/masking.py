"""``{{ text|mask_personal }}``: a text with its personal data masked (kaopu.core.masking), for pages
shown to a role that must not see phones, e-mail addresses, ID or card numbers in what others wrote
(e.g. a district leader reading an appeal)."""

from __future__ import annotations

from django import template

from kaopu.core.masking import mask_personal_data

register = template.Library()


@register.filter
def mask_personal(text: str) -> str:
    return mask_personal_data(str(text or ""))
