"""The enrolment QR code, drawn by the platform (segno): no external service ever sees the secret.

Inline SVG rather than an image URL or a data: URI, so that the Content-Security-Policy needs no
``img-src data:`` for it."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def inline_svg(text: str, *, title: str) -> SafeString:
    svg = segno.make(text, error="m").svg_inline(scale=5, border=2, omitsize=True, title=title,
                                                  svgclass="qr-code", dark="#000", light="#fff")
    return mark_safe(svg)  # segno's own markup; it escapes the title
