"""The enrolment QR code, drawn by the platform (segno): no external service ever sees the secret."""

from __future__ import annotations

import segno


def svg_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")
