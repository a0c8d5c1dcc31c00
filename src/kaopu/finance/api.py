"""The JSON API of finance (mounted under /api/v1/ by kaopu.api)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["finance"])
