"""The work reports' tests run on the cockpit's pinned clock (Tuesday 2026-03-10 10:00 in Shanghai) with its
hand-counted appeals (kaopu.insights.tests.conftest: ``march``). Charts are drawn by a stand-in that returns
a tiny PNG and records what it was asked to draw (kaopu.reports.charts has tests of its own), and the PDF
step is stood in for unless a test asks for LibreOffice."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from kaopu.insights.tests.conftest import (  # noqa: F401
    TODAY,
    _fixed_today,
    city_leader,
    city_staff,
    departments,
    march,
)


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[str, Any, str]]:  # type: ignore[no-untyped-def]
    """The charts drawn, as (kind, data, title); each drawn as a tiny PNG."""
    calls: list[tuple[str, Any, str]] = []

    def render(kind: str, data: Any, title: str, *, width_cm: float) -> bytes:
        calls.append((kind, data, title))
        return tiny_png()

    monkeypatch.setattr("kaopu.reports.document._default_render", render)
    return calls


@pytest.fixture
def no_libreoffice(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KAOPU_SOFFICE", "")
    monkeypatch.setattr("kaopu.reports.pdf.available", lambda: False)

    def refuse(content: bytes, **kwargs: Any) -> bytes:
        from kaopu.reports.pdf import PdfUnavailable

        raise PdfUnavailable()

    monkeypatch.setattr("kaopu.reports.pdf.to_pdf", refuse)

